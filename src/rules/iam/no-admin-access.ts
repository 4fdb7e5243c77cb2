import { adminEquivalentLevel, adminLevel, iamPermissionsManagementActions, severityFor } from '../../analysis/iam/queries.js';
import type { CompiledStatement } from '../../analysis/iam/policy.js';
import { allActions } from '../../analysis/iam/expand.js';
import type { PrincipalAccess } from '../../analysis/iam/access.js';
import type { GrantLevel } from '../../analysis/iam/queries.js';
import type { AnyResource } from '../../model/resource.js';
import { fail, pass, type Verdict } from '../rule.js';
import { nameMatches, principalRule, statementRefs, kindOf } from './principal.js';

const half = (): number => allActions().size() / 2;

/** The statements that carry most of the grant (`*`, `NotAction` with a short list …). */
function wideStatements(statements: CompiledStatement[]): CompiledStatement[] {
  const wide = statements.filter((statement) => statement.broad.size() > half());
  return wide.length > 0 ? wide : statements;
}

/** Every IAM permissions-management action on every resource: admin in one call (attach AdministratorAccess). */
function adminByEscalation(resource: AnyResource, access: PrincipalAccess, level: GrantLevel, breakGlassNames: string[]): Verdict {
  const needed = iamPermissionsManagementActions();
  const statements = access.allows.filter((statement) => statement.broad.intersects(needed));
  const evidence = {
    level,
    adminByOneStepEscalation: true,
    reason: 'every IAM permissions-management action is allowed on every resource: the principal can attach AdministratorAccess to itself (or remove its own boundary) in one call',
    iamPermissionsManagementActions: needed.size(),
    statements: statementRefs(statements.map((statement) => statement.source)),
  };
  if (nameMatches(resource.name, breakGlassNames)) {
    return pass(`admin by one-step escalation, allowed as a break-glass ${kindOf(resource)}`, { evidence });
  }
  return fail(
    `admin by one-step escalation: every IAM permissions-management action is allowed on every resource${level === 'conditional' ? ', under a condition' : ''} (it can attach AdministratorAccess to itself)`,
    { severity: severityFor('critical', level), evidence },
  );
}

export default principalRule<{ breakGlassNames: string[] }>({
  id: 'iam-no-admin-access',
  title: 'Roles and IAM users do not have full administrative access',
  severity: 'critical',
  description:
    'The principal\'s effective permissions (inline, attached and group policies, minus unconditional denies, within its permissions boundary) must not allow every action on every resource (`*:*`), however it is written: `Action: "*"`, `NotAction` with a short or bogus list, or a union of policies — nor every IAM permissions-management action on every resource (`iam:*`, or `NotAction` naming another service): that is admin by one-step escalation.',
  rationale:
    'A squad principal with `*:*` can disable every other guardrail. Full access under a narrowing condition is reported one level lower; a permissions boundary or an explicit deny that removes part of the grant means the principal is not admin.',
  remediation:
    'Replace `*` grants with the actions the workload needs, or attach a permissions boundary (Terraform: `aws_iam_role.permissions_boundary`, `aws_iam_role_policy`, `aws_iam_role_policy_attachment`). Break-glass roles can be allowed by name with the `breakGlassNames` param.',
  references: {
    fsbp: ['IAM.1'],
    cis: ['1.16'],
    prowler: ['iam_policy_no_administrative_privileges', 'iam_inline_policy_no_administrative_privileges'],
    docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1'],
  },
  params: {
    type: 'object',
    properties: { breakGlassNames: { type: 'array', items: { type: 'string' }, description: 'Name globs of principals allowed to be admin.' } },
    additionalProperties: false,
  },
  defaults: { breakGlassNames: [] },
  judge(resource, access, { params }) {
    const level = adminLevel(access);
    if (!level) {
      const equivalent = adminEquivalentLevel(access);
      if (equivalent) return adminByEscalation(resource, access, equivalent, params.breakGlassNames);
      return pass('the effective permissions do not allow every action', {
        evidence: {
          deniedActions: access.deniedActions.size(),
          outsideBoundary: access.outsideBoundary.size(),
          ...(access.inert.length > 0 ? { statementsNeverInForce: statementRefs(access.inert) } : {}),
        },
      });
    }
    const statements = wideStatements(access.allows.filter((statement) => statement.broad.size() > 0));
    const evidence = {
      level,
      statements: statementRefs(statements.map((statement) => statement.source)),
      ...(access.boundary ? { boundaryAlsoAllowsEverything: true } : {}),
    };
    if (nameMatches(resource.name, params.breakGlassNames)) {
      return pass(`allowed break-glass ${kindOf(resource)}: full administrative access is permitted by the rule's params`, { evidence });
    }
    return fail(
      level === 'conditional'
        ? 'every action on every resource is allowed, under a condition'
        : 'every action on every resource is allowed (full admin)',
      { severity: severityFor('critical', level), evidence },
    );
  },
});
