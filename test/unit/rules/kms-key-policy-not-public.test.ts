import rule from '../../../src/rules/kms/key-policy-not-public.js';
import { ACCOUNT, accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { key, keyPolicy, ROOT_STATEMENT } from './kms-fixtures.js';

const anyone = (extra: Record<string, unknown> = {}) => ({ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', ...extra });

testRule(rule, {
  pass: [
    { name: 'own account root only', resource: key() },
    { name: 'anyone narrowed by kms:CallerAccount', resource: key({ policy: keyPolicy(ROOT_STATEMENT, anyone({ Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } })) }) },
    { name: 'anyone narrowed by aws:PrincipalOrgID', resource: key({ policy: keyPolicy(anyone({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } })) }) },
    { name: 'a Deny to anyone', resource: key({ policy: keyPolicy(ROOT_STATEMENT, anyone({ Effect: 'Deny' })) }) },
  ],
  fail: [
    { name: 'Principal *', evidence: { statements: [{ index: 1, sid: 'Anyone' }] }, resource: key({ policy: keyPolicy(ROOT_STATEMENT, anyone()) }), message: /statement "Anyone"/, path: 'data.policy.Statement[1]', severity: 'critical' },
    { name: '{"AWS": "*"}', evidence: { statements: [{ index: 0 }] }, resource: key({ policy: keyPolicy(anyone({ Sid: undefined, Principal: { AWS: '*' } })) }), message: /statement #0/ },
    { name: 'condition with a wildcard value does not restrict', evidence: { statements: [{ index: 0, sid: 'Anyone' }] }, path: 'data.policy.Statement[0]', resource: key({ policy: keyPolicy(anyone({ Condition: { StringLike: { 'kms:CallerAccount': '*' } } })) }) },
    { name: 'NotPrincipal', evidence: { statements: [{ index: 0 }] }, path: 'data.policy.Statement[0]', resource: key({ policy: keyPolicy({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }) }) },
  ],
  error: [{ name: 'policy unreadable', resource: key({}, { errors: { policy: accessDenied('KMS.GetKeyPolicy') } }), message: /KMS.GetKeyPolicy: AccessDenied/ }],
  notApplicable: [{ name: 'AWS-managed key', resource: key({ keyManager: 'AWS', policy: null }) }],
});
