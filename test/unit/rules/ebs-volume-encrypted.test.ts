import rule from '../../../src/rules/ebs/volume-encrypted.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { volume } from './ec2-fixtures.js';

testRule(rule, {
  pass: [{ name: 'encrypted', resource: volume(), message: /encrypted with arn:aws:kms/ }],
  fail: [{ name: 'unencrypted', evidence: { attachments: [] }, resource: volume({ encrypted: false, kmsKeyId: null }), path: 'data.encrypted', severity: 'medium' }],
  error: [{ name: 'unreadable', message: /encrypted could not be read \(EC2\.DescribeVolumes: AccessDenied\)/, resource: volume({}, { errors: { encrypted: accessDenied('EC2.DescribeVolumes') } }) }],
});
