import { expect } from 'vitest';
import rule from '../../../src/rules/iam/no-admin-access.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, attached, deny, doc, managed, role, user } from './iam-fixtures.js';

const adminPolicy = managed('AdministratorAccess', doc(allow('*')), {}, { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
const boundary = managed('squad-boundary', doc(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::squad-a-*/*')));

testRule(rule, {
  pass: [
    { name: 'read-only wildcard', resource: role([doc(allow(['s3:Get*', 's3:List*']))]) },
    { name: 'Action * on named buckets only is not admin', resource: role([doc(allow('*', ['arn:aws:s3:::squad-a', 'arn:aws:s3:::squad-a/*']))]) },
    { name: 'unconditional deny of iam:* subtracted', resource: role([doc(allow('*'), deny('iam:*'))]), message: /do not allow every action/ },
    {
      name: 'admin capped by a permissions boundary',
      resource: role([], { attachedPolicies: [attached(adminPolicy)], permissionsBoundary: boundary.arn }),
      related: [adminPolicy, boundary],
      check: (findings) => {
        if (!((findings[0]?.evidence?.outsideBoundary as number) > 1000)) throw new Error('evidence must count actions outside the boundary');
      },
    },
    {
      name: 'break-glass role allowed by name',
      resource: role([doc(allow('*'))], {}, { name: 'break-glass-admin' }),
      params: { breakGlassNames: ['break-glass-*'] },
      message: /break-glass/,
    },
  ],
  fail: [
    {
      name: 'Action * Resource *',
      resource: role([doc(allow('*'))]),
      severity: 'critical',
      message: /full admin/,
      evidence: { iamData: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    },
    { name: '*:* spelled as service wildcards union', evidence: { level: 'unconditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /every action on every resource is allowed \(full admin\)/, resource: role([doc(allow('*:*'))]), severity: 'critical' },
    { name: 'NotAction naming a bogus action is everything', evidence: { level: 'unconditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /every action on every resource is allowed \(full admin\)/, resource: role([doc({ NotAction: 'bogus:Nothing', Resource: '*' })]), severity: 'critical' },
    { name: 'AWS managed AdministratorAccess attached', evidence: { level: 'unconditional', statements: [{ kind: 'managed', policy: 'arn:aws:iam::aws:policy/AdministratorAccess', statement: 0 }] }, message: /every action on every resource is allowed \(full admin\)/, resource: role([], { attachedPolicies: [attached(adminPolicy)] }), related: [adminPolicy] },
    {
      name: 'conditional admin: severity drops one level',
      evidence: { level: 'conditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] },
      resource: role([doc(allow('*', '*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }))]),
      severity: 'high',
      message: /under a condition/,
    },
    { name: 'a conditional deny does not neutralise', evidence: { level: 'unconditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /every action on every resource is allowed \(full admin\)/, resource: role([doc(allow('*'), deny('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }))]), severity: 'critical' },
    { name: 'deny on named resources leaves * elsewhere', evidence: { level: 'unconditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /every action on every resource is allowed \(full admin\)/, resource: role([doc(allow('*'), deny('iam:*', 'arn:aws:iam::*:role/platform-*'))]) },
  ],
  error: [
    { name: 'attached policy missing from the inventory', evidence: { missingPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess (not in the inventory)'] }, resource: role([], { attachedPolicies: [attached(adminPolicy)] }), message: /not in the inventory/ },
    { name: 'inline policies unreadable', message: /inlinePolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { inlinePolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) },
    {
      name: 'boundary document unreadable',
      evidence: { missingPolicies: ['permissions boundary arn:aws:iam::111122223333:policy/squad-boundary (document unreadable: AccessDenied)'] },
      resource: role([doc(allow('*'))], { permissionsBoundary: boundary.arn }),
      related: [managed('squad-boundary', doc(), {}, { errors: { document: accessDenied('IAM.GetPolicyVersion') } })],
      message: /permissions boundary/,
    },
  ],
  notApplicable: [{ name: 'service-linked role', resource: role([doc(allow('*'))], { path: '/aws-service-role/ecs.amazonaws.com/' }) }],
});

const adminGroupPolicy = managed('admins', doc(allow('*')));

testRule(rule, {
  pass: [{ name: 'user with read-only group', resource: user([], { groups: [{ name: 'readers', arn: 'arn:aws:iam::111122223333:group/readers', inlinePolicies: [{ name: 'r', document: doc(allow('s3:Get*')) }], attachedPolicies: [] }] }) }],
  fail: [
    {
      name: 'admin through a group\'s attached policy',
      message: /every action on every resource is allowed \(full admin\)/,
      resource: user([], { groups: [{ name: 'admins', arn: 'arn:aws:iam::111122223333:group/admins', inlinePolicies: [], attachedPolicies: [attached(adminGroupPolicy)] }] }),
      related: [adminGroupPolicy],
      evidence: { statements: [{ kind: 'group-managed' }] },
    },
  ],
  error: [{ name: 'groups unreadable', message: /groups could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: user([], {}, { errors: { groups: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
});
