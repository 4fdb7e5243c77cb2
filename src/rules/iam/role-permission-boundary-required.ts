import { defineRule, fail, notApplicable, pass } from '../rule.js';
import { isServiceLinked, nameMatches } from './principal.js';

export default defineRule({
  id: 'iam-role-permission-boundary-required',
  title: 'Squad-created roles carry a platform permissions boundary',
  severity: 'high',
  resourceType: 'aws.iam.role',
  needs: ['permissionsBoundary', 'path'],
  description: 'Roles whose name matches `rolePatterns` (the roles squads create) must have a permissions boundary, and when `boundaryArns` is set, one of those (ARN globs; `${AccountId}` is replaced by the account id). Service-linked roles, roles under `/aws-reserved/` (SSO) and `excludeRoles` are not judged.',
  rationale: 'The boundary is the ceiling that keeps squad-created roles below the platform\'s: without it, a squad that may create roles may create an admin.',
  remediation: 'Set `permissions_boundary = "arn:aws:iam::<account>:policy/platform-boundary"` on the `aws_iam_role`.',
  references: { docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'] },
  params: {
    type: 'object',
    properties: {
      rolePatterns: { type: 'array', items: { type: 'string' } },
      excludeRoles: { type: 'array', items: { type: 'string' } },
      boundaryArns: { type: 'array', items: { type: 'string' } },
    },
    additionalProperties: false,
  },
  // The organization's access role and squadguard's own audit role are the platform's, not a squad's.
  defaults: { rolePatterns: ['*'], excludeRoles: ['OrganizationAccountAccessRole', 'squadguard-audit'], boundaryArns: [] as string[] },
  check(role, { params, target }) {
    if (isServiceLinked(role) || role.data.path.startsWith('/aws-reserved/')) return notApplicable('AWS-managed role');
    if (!nameMatches(role.name, params.rolePatterns) || nameMatches(role.name, params.excludeRoles)) return notApplicable('not a squad-created role');
    const boundary = role.data.permissionsBoundary;
    if (!boundary) return fail('the role has no permissions boundary', { path: 'data.permissionsBoundary' });
    const allowed = params.boundaryArns.map((arn) => arn.replaceAll('${AccountId}', target.accountId));
    if (allowed.length > 0 && !nameMatches(boundary, allowed)) {
      return fail(`the permissions boundary ${boundary} is not a platform boundary`, { path: 'data.permissionsBoundary', evidence: { boundary, allowed } });
    }
    return pass(`permissions boundary ${boundary}`);
  },
});
