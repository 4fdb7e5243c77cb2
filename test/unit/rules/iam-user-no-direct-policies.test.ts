import rule from '../../../src/rules/iam/user-no-direct-policies.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, doc, user } from './iam-fixtures.js';

testRule(rule, {
  pass: [{ name: 'permissions only via groups', resource: user([], { groups: [{ name: 'g', arn: 'arn:aws:iam::111122223333:group/g', inlinePolicies: [], attachedPolicies: [] }] }) }],
  fail: [
    { name: 'inline policy', evidence: { inlinePolicies: ['inline-0'], attachedPolicies: [] }, resource: user([doc(allow('s3:GetObject'))]), path: 'data.inlinePolicies', message: /inline inline-0/ },
    { name: 'attached policy', evidence: { inlinePolicies: [], attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }, resource: user([], { attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] }), path: 'data.attachedPolicies' },
  ],
  error: [{ name: 'unreadable', message: /inlinePolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: user([], {}, { errors: { inlinePolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
});
