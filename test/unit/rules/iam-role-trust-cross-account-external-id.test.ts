import rule from '../../../src/rules/iam/role-trust-cross-account-external-id.js';
import { accessDenied, target } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { doc, role } from './iam-fixtures.js';

const trust = (statement: Record<string, unknown>) => role([], { trustPolicy: doc({ Action: 'sts:AssumeRole', ...statement }) });
const vendor = { Principal: { AWS: 'arn:aws:iam::999988887777:root' } };

testRule(rule, {
  pass: [
    { name: 'own account', resource: trust({ Principal: { AWS: 'arn:aws:iam::111122223333:role/ci' } }) },
    { name: 'vendor with sts:ExternalId', resource: trust({ ...vendor, Condition: { StringEquals: { 'sts:ExternalId': 'k3y' } } }) },
    { name: 'account in the directory (same organization)', resource: trust(vendor), directory: [target({ accountId: '999988887777', squad: 'b' })] },
    { name: 'allowed by params', resource: trust(vendor), params: { allowedAccounts: ['999988887777'] } },
    { name: 'pinned to the organization', resource: trust({ ...vendor, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }) },
  ],
  fail: [
    { name: 'vendor without external id', evidence: { accounts: ['999988887777'], statements: [{ index: 0 }] }, resource: trust(vendor), message: /^account\(s\) 999988887777 can assume the role without sts:ExternalId \(statement #0\)$/, path: 'data.trustPolicy.Statement[0]' },
    { name: 'bare account id principal', evidence: { accounts: ['999988887777'], statements: [{ index: 0 }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ Principal: { AWS: '999988887777' } }) },
    { name: 'wildcard external id does not count', evidence: { accounts: ['999988887777'], statements: [{ index: 0 }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ ...vendor, Condition: { StringLike: { 'sts:ExternalId': '*' } } }) },
  ],
  error: [{ name: 'trust unreadable', message: /trustPolicy could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { trustPolicy: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
  notApplicable: [{ name: 'service-linked role', resource: role([], { path: '/aws-service-role/x/', trustPolicy: doc({ Action: 'sts:AssumeRole', ...vendor }) }) }],
});
