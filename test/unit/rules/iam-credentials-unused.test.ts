import rule from '../../../src/rules/iam/credentials-unused.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { credentials, user } from './iam-fixtures.js';

const key = (lastUsed: string | null, lastRotated = '2026-01-01T00:00:00Z') => ({ slot: 1 as const, active: true, lastRotated, lastUsed, lastUsedService: null });

testRule(rule, {
  pass: [
    { name: 'no password, no keys', resource: user() },
    { name: 'key used yesterday', resource: user([], { credentials: credentials({ accessKeys: [key('2026-11-23T00:00:00Z')] }) }) },
    { name: 'password used last week', resource: user([], { credentials: credentials({ passwordEnabled: true, passwordLastUsed: '2026-11-17T00:00:00Z' }) }) },
    { name: 'new key not used yet', resource: user([], { credentials: credentials({ accessKeys: [key(null, '2026-11-20T00:00:00Z')] }) }) },
  ],
  fail: [
    { name: 'key idle 60 days', evidence: { credentials: [{ credential: 'access key 1', lastUsed: '2026-09-25T00:00:00Z', idleDays: 60 }] }, resource: user([], { credentials: credentials({ accessKeys: [key('2026-09-25T00:00:00Z')] }) }), message: /access key 1 \(last used 60 days ago\)/ },
    { name: 'password never used', evidence: { credentials: [{ credential: 'password', lastUsed: null, idleDays: 327 }] }, resource: user([], { credentials: credentials({ passwordEnabled: true }) }), message: /password \(never used\)/ },
  ],
  error: [{ name: 'report unavailable', message: /credentials could not be read \(IAM\.GenerateCredentialReport: AccessDenied\)/, resource: user([], {}, { errors: { credentials: accessDenied('IAM.GenerateCredentialReport') } }) }],
});
