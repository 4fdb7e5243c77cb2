import rule from '../../../src/rules/iam/access-key-rotated.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { credentials, user } from './iam-fixtures.js';

// The rule tester judges at 2026-11-24.
const key = (lastRotated: string | null, active = true) => ({ slot: 1 as const, active, lastRotated, lastUsed: null, lastUsedService: null });

testRule(rule, {
  pass: [
    { name: 'no keys', resource: user() },
    { name: '30-day-old key', resource: user([], { credentials: credentials({ accessKeys: [key('2026-10-25T00:00:00Z')] }) }) },
    { name: 'old but inactive', resource: user([], { credentials: credentials({ accessKeys: [key('2025-01-01T00:00:00Z', false)] }) }) },
  ],
  fail: [
    { name: '200-day-old key', evidence: { keys: [{ slot: 1, lastRotated: '2026-05-08T00:00:00Z', ageDays: 200 }] }, resource: user([], { credentials: credentials({ accessKeys: [key('2026-05-08T00:00:00Z')] }) }), message: /key 1 \(200 days\)/ },
    { name: 'custom max age', evidence: { keys: [{ slot: 1, lastRotated: '2026-10-25T00:00:00Z', ageDays: 30 }] }, path: 'data.credentials.accessKeys', resource: user([], { credentials: credentials({ accessKeys: [key('2026-10-25T00:00:00Z')] }) }), params: { maxAgeDays: 7 } },
  ],
  error: [{ name: 'report unavailable', message: /credentials could not be read \(IAM\.GetCredentialReport: AccessDenied\)/, resource: user([], {}, { errors: { credentials: accessDenied('IAM.GetCredentialReport') } }) }],
});
