import rule from '../../../src/rules/s3/bucket-policy-not-public.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { ALL_OFF, ALL_ON, bucket, policyOf, statement } from './s3-fixtures.js';

const open = { publicAccessBlock: ALL_OFF, accountPublicAccessBlock: null };

testRule(rule, {
  pass: [
    { name: 'no policy', resource: bucket({ ...open, policy: null }) },
    { name: 'grant to one account', resource: bucket({ ...open, policy: policyOf(statement({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })) }) },
    {
      name: '* narrowed by aws:PrincipalOrgID',
      resource: bucket({ ...open, policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })) }),
    },
    {
      name: '* narrowed by aws:SourceVpce (key case-insensitive)',
      resource: bucket({ ...open, policy: policyOf(statement({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'AWS:SourceVpce': 'vpce-1' } } })) }),
    },
    { name: 'a Deny to *', resource: bucket({ ...open, policy: policyOf(statement({ Effect: 'Deny', Principal: '*' })) }) },
    {
      name: 'public but neutralised by RestrictPublicBuckets at account level',
      resource: bucket({ publicAccessBlock: null, accountPublicAccessBlock: ALL_ON, policy: policyOf(statement({ Principal: '*' })) }),
      message: /neutralises it/,
      evidence: { neutralisedBy: 'account:RestrictPublicBuckets' },
    },
  ],
  fail: [
    { name: 'Principal *', evidence: { statements: [{ index: 0 }] }, resource: bucket({ ...open, policy: policyOf(statement({ Principal: '*' })) }), path: 'data.policy.Statement[0]', severity: 'critical' },
    { name: 'Principal AWS *', evidence: { statements: [{ index: 0, sid: 'Open' }] }, resource: bucket({ ...open, policy: policyOf(statement({ Sid: 'Open', Principal: { AWS: ['*'] } })) }), message: /statement "Open"/ },
    { name: 'arn:aws:iam::*:root', evidence: { statements: [{ index: 0 }] }, path: 'data.policy.Statement[0]', resource: bucket({ ...open, policy: policyOf(statement({ Principal: { AWS: 'arn:aws:iam::*:root' } })) }) },
    { name: 'NotPrincipal allow', evidence: { statements: [{ index: 0 }] }, path: 'data.policy.Statement[0]', resource: bucket({ ...open, policy: policyOf(statement({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })) }) },
    {
      name: 'condition with a wildcard value does not restrict', evidence: { statements: [{ index: 0 }] }, path: 'data.policy.Statement[0]',
      resource: bucket({ ...open, policy: policyOf(statement({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } })) }),
    },
    {
      name: 'IfExists condition does not restrict', evidence: { statements: [{ index: 0 }] }, path: 'data.policy.Statement[0]',
      resource: bucket({ ...open, policy: policyOf(statement({ Principal: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } })) }),
    },
    {
      name: 'unrelated condition key does not restrict', evidence: { statements: [{ index: 0 }] }, path: 'data.policy.Statement[0]',
      resource: bucket({ ...open, policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 's3:prefix': 'public/' } } })) }),
    },
    {
      name: 'second statement public',
      evidence: { statements: [{ index: 1 }] },
      resource: bucket({ ...open, policy: policyOf(statement({ Principal: { AWS: '111122223333' } }), statement({ Principal: '*' })) }),
      path: 'data.policy.Statement[1]',
    },
  ],
  error: [
    { name: 'policy read denied', resource: bucket({}, { errors: { policy: accessDenied('S3.GetBucketPolicy') } }), message: /S3.GetBucketPolicy: AccessDenied/ },
  ],
});
