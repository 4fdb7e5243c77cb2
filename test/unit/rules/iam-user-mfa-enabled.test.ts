import rule from '../../../src/rules/iam/user-mfa-enabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { credentials, user } from './iam-fixtures.js';

const reportDown = { credentials: accessDenied('IAM.GetCredentialReport') };

testRule(rule, {
  pass: [
    { name: 'MFA active', resource: user([], { mfaActive: true, credentials: credentials({ passwordEnabled: true, mfaActive: true }) }) },
    { name: 'no console password', resource: user([], { mfaActive: false }), message: /MFA not needed: .*no password/ },
    { name: 'MFA from ListMFADevices when the report is unavailable', resource: user([], { mfaActive: true }, { errors: reportDown }) },
  ],
  fail: [{ name: 'password without MFA', path: 'data.mfaActive', resource: user([], { credentials: credentials({ passwordEnabled: true }) }), severity: 'high' }],
  error: [
    { name: 'no MFA and password state unknown', resource: user([], { mfaActive: false }, { errors: reportDown }), message: /password is unknown/ },
    { name: 'MFA unreadable', message: /mfaActive could not be read \(IAM\.ListMFADevices: AccessDenied\)/, resource: user([], {}, { errors: { mfaActive: accessDenied('IAM.ListMFADevices') } }) },
  ],
});
