import rule from '../../../src/rules/sagemaker/domain-kms-encrypted.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { KEY, OTHER_KEY, domain } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'customer key', resource: domain({ kmsKeyId: KEY }) }],
  fail: [
    { name: 'no key', resource: domain({ kmsKeyId: null }), path: 'data.kmsKeyId' },
    { name: 'key not allowed', evidence: { kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/9999ffff-0000-0000-0000-000000000000', allowedKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000'] }, resource: domain({ kmsKeyId: OTHER_KEY }), params: { allowedKeyArns: [KEY] }, message: /not an allowed key/ },
  ],
  error: [{ name: 'describe denied', message: /kmsKeyId could not be read \(SageMaker\.DescribeDomain: AccessDenied\)/, resource: domain({}, { errors: { kmsKeyId: accessDenied('SageMaker.DescribeDomain') } }) }],
});
