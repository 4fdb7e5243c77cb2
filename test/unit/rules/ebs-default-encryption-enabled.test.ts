import rule from '../../../src/rules/ebs/default-encryption-enabled.js';
import { testRule } from '../../support/rule-tester.js';
import { regionSettings } from './ec2-fixtures.js';

testRule(rule, {
  pass: [{ name: 'enabled', resource: regionSettings(), message: /enabled in us-east-1/ }],
  fail: [{ name: 'disabled', resource: regionSettings({ ebsEncryptionByDefault: false }), path: 'data.ebsEncryptionByDefault', severity: 'medium' }],
  error: [
    {
      name: 'unreadable (5xx)',
      resource: regionSettings({}, { errors: { ebsEncryptionByDefault: { code: 'ServiceError', message: 'HTTP 500', operation: 'EC2.GetEbsEncryptionByDefault', httpStatus: 500 } } }),
      message: /EC2.GetEbsEncryptionByDefault: ServiceError/,
    },
  ],
});
