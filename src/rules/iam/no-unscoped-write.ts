import { expandPatterns } from '../../analysis/iam/expand.js';
import { adminLevel, byService, severityFor, unscopedWrites } from '../../analysis/iam/queries.js';
import { fail, notApplicable, pass } from '../rule.js';
import { principalRule, statementRefs } from './principal.js';

export default principalRule<{ maxListed: number; ignoreServices: string[]; ignoreActions: string[] }>({
  id: 'iam-no-unscoped-write',
  title: 'Roles and IAM users do not have write access on all resources',
  severity: 'high',
  description:
    'Write and Permissions-management actions must be scoped to named resources. Actions that only accept `Resource: "*"` (e.g. `ec2:DescribeInstances`-style and many Create calls) are not flagged, read actions (`s3:Get*`) never count as writes, and `iam:PassRole` is left to `iam-passrole-restricted`. One finding per principal lists the services and actions, capped.',
  rationale:
    'A squad role that can write to every bucket, key or endpoint in the account reaches other squads\' data and the platform\'s own resources. Grants under a narrowing condition are reported one level lower.',
  remediation:
    'Name the resources in the `Resource` element (ARN patterns per squad prefix), e.g. in `aws_iam_policy_document` statements `resources = ["arn:aws:s3:::squad-a-*"]`.',
  references: {
    docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'],
  },
  params: {
    type: 'object',
    properties: {
      maxListed: { type: 'integer', minimum: 1, description: 'How many actions per service the evidence lists.' },
      ignoreServices: { type: 'array', items: { type: 'string' }, description: 'Service prefixes not judged (e.g. logs).' },
      ignoreActions: { type: 'array', items: { type: 'string' }, description: 'Action patterns judged by a dedicated rule instead.' },
    },
    additionalProperties: false,
  },
  // iam:PassRole has its own rule (iam-passrole-restricted): not reported twice.
  defaults: { maxListed: 20, ignoreServices: [], ignoreActions: ['iam:PassRole'] },
  judge(_resource, access, { params }) {
    if (adminLevel(access) === 'unconditional') return notApplicable('full admin: reported by iam-no-admin-access');
    const all = unscopedWrites(access);
    const skipped = expandPatterns(params.ignoreActions).actions;
    const writes = { unconditional: all.unconditional.minus(skipped), conditional: all.conditional.minus(skipped) };
    const ignored = new Set(params.ignoreServices.map((service) => service.toLowerCase()));
    const listing = (set: typeof writes.unconditional) =>
      byService(set)
        .filter((group) => !ignored.has(group.service))
        .map((group) => ({ service: group.service, count: group.count, actions: group.actions.slice(0, params.maxListed) }));
    const unconditional = listing(writes.unconditional);
    const conditional = listing(writes.conditional);
    if (unconditional.length === 0 && conditional.length === 0) {
      return pass('no write action that supports resource scoping is granted on all resources');
    }
    const level = unconditional.length > 0 ? 'unconditional' : 'conditional';
    const groups = level === 'unconditional' ? unconditional : conditional;
    const total = groups.reduce((sum, group) => sum + group.count, 0);
    const flagged = level === 'unconditional' ? writes.unconditional : writes.conditional;
    const granting = access.allows.filter((statement) => statement.broad.intersects(flagged)).map((statement) => statement.source);
    const summary = groups
      .slice(0, 8)
      .map((group) => `${group.service} (${group.count})`)
      .join(', ');
    return fail(
      `${total} write action(s) allowed on all resources${level === 'conditional' ? ' under a condition' : ''}: ${summary}${groups.length > 8 ? `, +${groups.length - 8} services` : ''}`,
      {
        severity: severityFor('high', level),
        evidence: {
          level,
          services: groups.slice(0, 50),
          ...(conditional.length > 0 && level === 'unconditional' ? { conditionalServices: conditional.slice(0, 50) } : {}),
          statements: statementRefs(granting),
        },
      },
    );
  },
});
