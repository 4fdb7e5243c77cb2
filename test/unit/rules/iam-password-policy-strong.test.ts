import rule from '../../../src/rules/iam/password-policy-strong.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { account, STRONG_PASSWORD_POLICY } from './iam-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'strong policy', resource: account() },
    { name: 'expiry required and set', resource: account({ passwordPolicy: { ...STRONG_PASSWORD_POLICY, ExpirePasswords: true, MaxPasswordAge: 90 } }), params: { maxAgeDays: 90 } },
  ],
  fail: [
    { name: 'no policy (NoSuchEntity → null)', resource: account({ passwordPolicy: null }), message: /no password policy/ },
    { name: 'short and no symbols', evidence: { gaps: ['minimum length 8 < 14', 'symbols not required'] }, resource: account({ passwordPolicy: { ...STRONG_PASSWORD_POLICY, MinimumPasswordLength: 8, RequireSymbols: false } }), message: /minimum length 8 < 14, symbols not required/ },
    { name: 'reuse prevention missing', evidence: { gaps: ['reuse prevention 0 < 24'] }, resource: account({ passwordPolicy: { ...STRONG_PASSWORD_POLICY, PasswordReusePrevention: null } }), message: /reuse prevention 0 < 24/ },
    { name: 'expiry required, not set', evidence: { gaps: ['passwords do not expire within 90 days'] }, resource: account(), params: { maxAgeDays: 90 }, message: /expire/ },
  ],
  error: [{ name: 'unreadable', message: /passwordPolicy could not be read \(IAM\.GetAccountPasswordPolicy: AccessDenied\)/, resource: account({}, { errors: { passwordPolicy: accessDenied('IAM.GetAccountPasswordPolicy') } }) }],
});
