import rule from '../../../src/rules/kms/key-rotation-enabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { key } from './kms-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'rotation enabled, yearly', resource: key(), message: /every 365 days/ },
    { name: 'rotation enabled, period not reported', resource: key({ rotation: { enabled: true, rotationPeriodInDays: null } }) },
    { name: 'shorter period than the maximum', resource: key({ rotation: { enabled: true, rotationPeriodInDays: 90 } }), params: { maxRotationPeriodDays: 180 } },
  ],
  fail: [
    { name: 'rotation disabled', evidence: { rotation: { enabled: false, rotationPeriodInDays: null } }, resource: key({ rotation: { enabled: false, rotationPeriodInDays: null } }), path: 'data.rotation.enabled', severity: 'medium' },
    {
      name: 'period longer than allowed',
      evidence: { rotation: { enabled: true, rotationPeriodInDays: 730 }, maxRotationPeriodDays: 365 },
      resource: key({ rotation: { enabled: true, rotationPeriodInDays: 730 } }),
      message: /730 days, more than the allowed 365/,
      path: 'data.rotation.rotationPeriodInDays',
    },
  ],
  error: [{ name: 'rotation status unreadable', resource: key({}, { errors: { rotation: accessDenied('KMS.GetKeyRotationStatus') } }), message: /AccessDenied/ }],
  notApplicable: [
    { name: 'AWS-managed key (rotation not read)', resource: key({ keyManager: 'AWS', rotation: null }) },
    { name: 'asymmetric key', resource: key({ keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', rotation: null }) },
  ],
});
