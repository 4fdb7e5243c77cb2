import rule from '../../../src/rules/ebs/default-kms-key-customer-managed.js';
import { ACCOUNT } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { regionSettings } from './ec2-fixtures.js';
import { KEY_ARN, key } from './kms-fixtures.js';

const gap = { code: 'ServiceError', message: 'EC2.GetEbsDefaultKmsKeyId answered HTTP 500', operation: 'EC2.GetEbsDefaultKmsKeyId', httpStatus: 500 };

testRule(rule, {
  pass: [
    { name: 'customer-managed key in the inventory', resource: regionSettings({ ebsDefaultKmsKeyId: KEY_ARN }), related: [key()], message: /customer-managed key/ },
    { name: 'by alias of a customer key', resource: regionSettings({ ebsDefaultKmsKeyId: 'alias/squad-data' }), related: [key()] },
    { name: 'a key of another account', resource: regionSettings({ ebsDefaultKmsKeyId: 'arn:aws:kms:us-east-1:444455556666:key/x' }), message: /not in this account's inventory/ },
  ],
  fail: [
    { name: 'aws/ebs alias ARN', evidence: { ebsDefaultKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:alias/aws/ebs' }, resource: regionSettings({ ebsDefaultKmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ebs` }), message: /aws\/ebs/, severity: 'medium' },
    { name: 'the AWS-managed key by ARN', evidence: { ebsDefaultKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', keyManager: 'AWS' }, resource: regionSettings({ ebsDefaultKmsKeyId: KEY_ARN }), related: [key({ keyManager: 'AWS', aliases: ['alias/aws/ebs'] })], message: /AWS-managed key arn/ },
  ],
  error: [{ name: 'API missing (moto answers 500)', resource: regionSettings({}, { errors: { ebsDefaultKmsKeyId: gap } }), message: /ebsDefaultKmsKeyId could not be read \(EC2.GetEbsDefaultKmsKeyId: ServiceError\)/ }],
});
