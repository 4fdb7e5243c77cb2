import rule from '../../../src/rules/iam/root-mfa-enabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { root } from './iam-fixtures.js';

testRule(rule, {
  pass: [{ name: 'MFA active', resource: root({ mfaActive: true }) }],
  fail: [{ name: 'no MFA', resource: root({ mfaActive: false }), severity: 'critical', path: 'data.credentials.mfaActive' }],
  error: [{ name: 'report unavailable', message: /credentials could not be read \(IAM\.GenerateCredentialReport: AccessDenied\)/, resource: root({}, { data: {}, errors: { credentials: accessDenied('IAM.GenerateCredentialReport') } }) }],
});
