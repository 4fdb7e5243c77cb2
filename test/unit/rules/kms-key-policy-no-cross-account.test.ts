import rule from '../../../src/rules/kms/key-policy-no-cross-account.js';
import { ACCOUNT, accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { key, keyPolicy, ROOT_STATEMENT } from './kms-fixtures.js';

const FOREIGN = '999988887777';
const TOOLING = '222233334444';
const grant = (principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: principal, Action: ['kms:Decrypt'], Resource: '*', ...extra });

testRule(rule, {
  pass: [
    { name: 'own account only', resource: key() },
    { name: 'service principal', resource: key({ policy: keyPolicy(ROOT_STATEMENT, grant({ Service: 'logs.us-east-1.amazonaws.com' })) }) },
    { name: 'allowed account param', resource: key({ policy: keyPolicy(grant({ AWS: FOREIGN })) }), params: { allowedAccounts: [FOREIGN] } },
    { name: 'an account of the scan directory', resource: key({ policy: keyPolicy(grant({ AWS: `arn:aws:iam::${TOOLING}:role/ci` })) }), directory: [{ accountId: TOOLING, regions: ['us-east-1'] }] },
    { name: 'anyone pinned to the own account by kms:CallerAccount', resource: key({ policy: keyPolicy(grant('*', { Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } })) }) },
    { name: 'anyone pinned to an allowed organization', resource: key({ policy: keyPolicy(grant('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } })) }), params: { allowedOrganizationIds: ['o-abcdefghij'] } },
    { name: 'a Deny naming a foreign account', resource: key({ policy: keyPolicy(ROOT_STATEMENT, grant({ AWS: FOREIGN }, { Effect: 'Deny' })) }) },
  ],
  fail: [
    { name: 'foreign root', evidence: { grantees: { '999988887777': [1] } }, resource: key({ policy: keyPolicy(ROOT_STATEMENT, grant({ AWS: `arn:aws:iam::${FOREIGN}:root` })) }), message: new RegExp(FOREIGN), path: 'data.policy.Statement[1]', severity: 'high' },
    { name: 'directory not trusted by param', evidence: { grantees: { '222233334444': [0] } }, path: 'data.policy.Statement[0]', resource: key({ policy: keyPolicy(grant({ AWS: TOOLING })) }), directory: [{ accountId: TOOLING, regions: ['us-east-1'] }], params: { trustScannedAccounts: false } },
    { name: 'anyone pinned to a foreign kms:CallerAccount', evidence: { grantees: { '999988887777': [0] } }, resource: key({ policy: keyPolicy(grant('*', { Condition: { StringEquals: { 'kms:CallerAccount': FOREIGN } } })) }), message: new RegExp(FOREIGN) },
    { name: 'anyone pinned to an unknown organization', evidence: { grantees: { 'o-zzzzzzzzzz': [0] } }, resource: key({ policy: keyPolicy(grant('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } } })) }), message: /o-zzzzzzzzzz/ },
  ],
  error: [{ name: 'policy unreadable', message: /policy could not be read \(KMS\.GetKeyPolicy: AccessDenied\)/, resource: key({}, { errors: { policy: accessDenied('KMS.GetKeyPolicy') } }) }],
  notApplicable: [{ name: 'AWS-managed key', resource: key({ keyManager: 'AWS', policy: null }) }],
});
