import rule from '../../../src/rules/sagemaker/notebook-kms-encrypted.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { KEY, OTHER_KEY, notebook } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'customer key', resource: notebook({ kmsKeyId: KEY }), message: /1234abcd/ },
    { name: 'key id matches an allowed ARN', resource: notebook({ kmsKeyId: '1234abcd-0000-0000-0000-000000000000' }), params: { allowedKeyArns: [KEY] } },
  ],
  fail: [
    { name: 'no key', resource: notebook({ kmsKeyId: null }), path: 'data.kmsKeyId', message: /AWS managed key/, severity: 'medium' },
    { name: 'key not in the allow-list', evidence: { kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/9999ffff-0000-0000-0000-000000000000', allowedKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000'] }, resource: notebook({ kmsKeyId: OTHER_KEY }), params: { allowedKeyArns: [KEY] }, message: /not an allowed key/ },
  ],
  error: [{ name: 'describe denied', message: /kmsKeyId could not be read \(SageMaker\.DescribeNotebookInstance: AccessDenied\)/, resource: notebook({}, { errors: { kmsKeyId: accessDenied('SageMaker.DescribeNotebookInstance') } }) }],
});
