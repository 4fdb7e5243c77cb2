import rule from '../../../src/rules/s3/bucket-tls-only.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { bucket, policyOf } from './s3-fixtures.js';

const deny = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::squad-data', 'arn:aws:s3:::squad-data/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...extra,
});

testRule(rule, {
  pass: [
    { name: 'canonical TLS-only statement', resource: bucket({ policy: policyOf(deny()) }) },
    { name: 'boolean false and AWS *', resource: bucket({ policy: policyOf(deny({ Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': false } } })) }) },
    { name: 'Action * and Resource wildcard', resource: bucket({ policy: policyOf(deny({ Action: '*', Resource: 'arn:aws:s3:::squad-data*' })) }) },
  ],
  fail: [
    { name: 'no policy', resource: bucket({ policy: null }), message: /no policy/ },
    { name: 'deny covers only objects', resource: bucket({ policy: policyOf(deny({ Resource: 'arn:aws:s3:::squad-data/*' })) }), message: /does not cover/ },
    { name: 'deny covers only GetObject', path: 'data.policy.Statement[0]', resource: bucket({ policy: policyOf(deny({ Action: 's3:GetObject' })) }) },
    { name: 'an Allow with SecureTransport true is not a deny', path: 'data.policy', resource: bucket({ policy: policyOf({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }) }) },
    { name: 'deny limited to one principal', path: 'data.policy', resource: bucket({ policy: policyOf(deny({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })) }) },
  ],
  error: [{ name: 'policy read denied', message: /policy could not be read \(S3\.GetBucketPolicy: AccessDenied\)/, resource: bucket({}, { errors: { policy: accessDenied('S3.GetBucketPolicy') } }) }],
});
