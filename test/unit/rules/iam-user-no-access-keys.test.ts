import rule from '../../../src/rules/iam/user-no-access-keys.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { credentials, user } from './iam-fixtures.js';

const key = { slot: 1 as const, active: true, lastRotated: '2026-11-01T00:00:00.000Z', lastUsed: null, lastUsedService: null };

testRule(rule, {
  pass: [
    { name: 'no keys', resource: user() },
    { name: 'inactive key only', resource: user([], { credentials: credentials({ accessKeys: [{ ...key, active: false }] }) }) },
    { name: 'allowed user', resource: user([], { credentials: credentials({ accessKeys: [key] }) }, { name: 'ci-legacy' }), params: { allowedUsers: ['ci-*'] }, message: /allowed/ },
  ],
  fail: [{ name: 'active key', evidence: { accessKeys: [{ slot: 1, active: true, lastRotated: '2026-11-01T00:00:00.000Z' }] }, resource: user([], { credentials: credentials({ accessKeys: [key] }) }), message: /1 active access key/ }],
  error: [
    { name: 'report unavailable', message: /credentials could not be read \(IAM\.GetCredentialReport: AccessDenied\)/, resource: user([], {}, { errors: { credentials: accessDenied('IAM.GetCredentialReport') } }) },
    { name: 'no report row', resource: user([], { credentials: null }), message: /no row in the credential report/ },
  ],
});
