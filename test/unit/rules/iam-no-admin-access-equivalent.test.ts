/** Admin by one-step escalation, and date conditions decided with the scan's clock (rule-tester's is 2026-11-24). */
import rule from '../../../src/rules/iam/no-admin-access.js';
import type { Finding } from '../../../src/model/finding.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, deny, doc, managed, role, user } from './iam-fixtures.js';

const evidence = (findings: Finding[]) => findings[0]?.evidence ?? {};
const ONE_STEP = { adminByOneStepEscalation: true };
const decided = (findings: Finding[]) => {
  const statements = evidence(findings).statements as Array<{ conditionDecidedAtScanTime?: string[] }>;
  if (!statements.some((s) => s.conditionDecidedAtScanTime?.some((text) => /condition decided at scan time/.test(text)))) {
    throw new Error(`evidence must say the condition was decided at scan time: ${JSON.stringify(statements)}`);
  }
};
const window = (operator: string, key: string, value: string) => ({ Condition: { [operator]: { [key]: value } } });

testRule(rule, {
  fail: [
    { name: 'iam:* on every resource', resource: role([doc(allow('iam:*'))]), severity: 'critical', message: /one-step escalation/, evidence: ONE_STEP },
    { name: 'NotAction naming one other service', message: /admin by one-step escalation: every IAM permissions-management action is allowed on every resource/, resource: role([doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })]), severity: 'critical', evidence: ONE_STEP },
    { name: 'iam:* under a condition: one level lower', message: /admin by one-step escalation: every IAM permissions-management action is allowed on every resource,/, resource: role([doc(allow('iam:*', '*', window('StringEquals', 'aws:RequestedRegion', 'eu-west-1')))]), severity: 'high', evidence: ONE_STEP },
    { name: 'a user whose group grants iam:*', message: /admin by one-step escalation: every IAM permissions-management action is allowed on every resource/, resource: user([], { groups: [{ name: 'iam-admins', arn: 'arn:aws:iam::111122223333:group/iam-admins', inlinePolicies: [{ name: 'g', document: doc(allow('iam:*')) }], attachedPolicies: [] }] }), severity: 'critical', evidence: ONE_STEP },
    {
      name: 'DateGreaterThan a past date always holds: unconditional, full severity', message: /every action on every resource is allowed \(full admin\)/,
      resource: role([doc(allow('*', '*', window('DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z')))]),
      severity: 'critical',
      check: decided,
    },
    {
      name: 'DateLessThan a future date stays conditional', evidence: { level: 'conditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /every action on every resource is allowed, under a condition/,
      resource: role([doc(allow('*', '*', window('DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z')))]),
      severity: 'high',
    },
    {
      name: 'aws:TokenIssueTime with IfExists on a user: long-term keys pass it, not decided', evidence: { level: 'conditional', statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /every action on every resource is allowed, under a condition/,
      resource: user([doc(allow('*', '*', window('DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z')))]),
      severity: 'high',
    },
  ],
  pass: [
    { name: 'iam:* without one permissions-management action', resource: role([doc(allow('iam:*'), deny('iam:DeleteAccountPasswordPolicy'))]) },
    { name: 'iam:* on roles only', resource: role([doc(allow('iam:*', 'arn:aws:iam::*:role/*'))]) },
    { name: 'iam read and list', resource: role([doc(allow(['iam:Get*', 'iam:List*']))]) },
    { name: 'break-glass name', resource: role([doc(allow('iam:*'))], {}, { name: 'break-glass-iam' }), params: { breakGlassNames: ['break-glass-*'] } },
    {
      name: 'a boundary without IAM caps it',
      resource: role([doc(allow('iam:*'))], { permissionsBoundary: 'arn:aws:iam::111122223333:policy/b' }),
      related: [managed('b', doc(allow('s3:*')))],
    },
    {
      name: 'DateLessThan a past date never holds: the statement grants nothing',
      resource: role([doc(allow('*', '*', window('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z')))]),
      check: (findings) => {
        if (!evidence(findings).statementsNeverInForce) throw new Error('evidence must list the statement never in force');
      },
    },
    { name: 'aws:EpochTime before a past epoch', resource: role([doc(allow('*', '*', window('NumericLessThan', 'aws:EpochTime', '1577836800')))]) },
    { name: 'aws:TokenIssueTime before a past date, on a role (always temporary credentials)', resource: role([doc(allow('*', '*', window('DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z')))]) },
    { name: 'aws:TokenIssueTime before a past date, without IfExists, on a user', resource: user([doc(allow('*', '*', window('DateLessThan', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z')))]) },
  ],
});
