import rule from '../../../src/rules/iam/root-no-access-keys.js';
import { testRule } from '../../support/rule-tester.js';
import { root } from './iam-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'no keys', resource: root() },
    { name: 'inactive key', resource: root({ accessKeys: [{ slot: 1, active: false, lastRotated: '2020-01-01T00:00:00Z', lastUsed: null, lastUsedService: null }] }) },
  ],
  fail: [{ name: 'active root key', evidence: { accessKeys: [{ slot: 2, active: true, lastRotated: '2020-01-01T00:00:00Z' }] }, path: 'data.credentials.accessKeys', resource: root({ accessKeys: [{ slot: 2, active: true, lastRotated: '2020-01-01T00:00:00Z', lastUsed: null, lastUsedService: null }] }), severity: 'critical' }],
  error: [
    {
      name: 'report without a root row (moto) is an error, not a pass',
      resource: root({}, { data: {}, errors: { credentials: { code: 'RootRowMissing', message: 'the credential report has no <root_account> row', operation: 'IAM.GetCredentialReport' } } }),
      message: /RootRowMissing/,
    },
  ],
});
