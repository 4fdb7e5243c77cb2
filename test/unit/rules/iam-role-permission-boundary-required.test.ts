import rule from '../../../src/rules/iam/role-permission-boundary-required.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { role } from './iam-fixtures.js';

const platform = 'arn:aws:iam::111122223333:policy/platform-boundary';

testRule(rule, {
  pass: [
    { name: 'any boundary when none is prescribed', resource: role([], { permissionsBoundary: platform }) },
    { name: 'a platform boundary (${AccountId} expanded)', resource: role([], { permissionsBoundary: platform }), params: { boundaryArns: ['arn:aws:iam::${AccountId}:policy/platform-*'] } },
  ],
  fail: [
    { name: 'no boundary', resource: role(), path: 'data.permissionsBoundary' },
    { name: 'a squad-made boundary', evidence: { boundary: 'arn:aws:iam::111122223333:policy/my-own', allowed: ['arn:aws:iam::111122223333:policy/platform-*'] }, resource: role([], { permissionsBoundary: 'arn:aws:iam::111122223333:policy/my-own' }), params: { boundaryArns: ['arn:aws:iam::${AccountId}:policy/platform-*'] }, message: /not a platform boundary/ },
  ],
  error: [{ name: 'unreadable', message: /permissionsBoundary could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { permissionsBoundary: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
  notApplicable: [
    { name: 'not matching the squad pattern', resource: role([], {}, { name: 'platform-ci' }), params: { rolePatterns: ['squad-*'] } },
    { name: 'excluded by default', resource: role([], {}, { name: 'OrganizationAccountAccessRole' }) },
    { name: 'SSO role', resource: role([], { path: '/aws-reserved/sso.amazonaws.com/' }) },
    { name: 'service-linked role', resource: role([], { path: '/aws-service-role/x/' }) },
  ],
});
