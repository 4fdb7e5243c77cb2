/**
 * Shared by the effective-permission rules: each exists for roles (`iam-…`) and for users (`iam-user-…`,
 * whose groups' policies count), with the same check. Service-linked roles are AWS's to manage and are
 * not judged.
 */
import type { PrincipalAccess } from '../../analysis/iam/access.js';
import { catalogueVersion } from '../../analysis/iam/catalogue.js';
import { accessFor } from '../../analysis/iam/principals.js';
import type { StatementSource } from '../../analysis/iam/policy.js';
import type { AnyResource, ResourceOf } from '../../model/resource.js';
import '../../model/iam.js';
import { defineRule, error, notApplicable, type AccountView, type Rule, type RuleContext, type RuleMeta, type Verdict } from '../rule.js';

export const ROLE_NEEDS = ['inlinePolicies', 'attachedPolicies', 'permissionsBoundary'] as const;
export const USER_NEEDS = ['inlinePolicies', 'attachedPolicies', 'permissionsBoundary', 'groups'] as const;
export const RELATED: RuleMeta['related'] = {
  'aws.iam.policy': ['document'],
  // Roles a principal may pass are judged too (the escalation rule looks for passable admin roles).
  'aws.iam.role': ['trustPolicy', 'inlinePolicies', 'attachedPolicies', 'permissionsBoundary'],
};

export function isServiceLinked(resource: AnyResource): boolean {
  const path = (resource.data as { path?: string }).path ?? '';
  return path.startsWith('/aws-service-role/');
}

/**
 * Runs `judge` on the principal's effective access; an unreadable managed policy or boundary makes the
 * verdict `error` (the missing policy could grant anything).
 */
export function withAccess(
  resource: AnyResource,
  account: AccountView,
  judge: (access: PrincipalAccess) => Verdict | Verdict[],
): Verdict | Verdict[] {
  if (isServiceLinked(resource)) return notApplicable('service-linked role: its policies are managed by AWS');
  const result = accessFor(resource, account);
  if (!result.ok) {
    return error(`could not decide: attached policies could not be read: ${result.missing.join('; ')}`, {
      evidence: { missingPolicies: result.missing },
    });
  }
  return judge(result.access);
}

/** Compact, JSON-friendly statement references for evidence. */
export function statementRefs(sources: StatementSource[], cap = 10): Array<Record<string, unknown>> {
  return sources.slice(0, cap).map((source) => ({
    kind: source.kind,
    policy: source.policy,
    statement: source.index,
    ...(source.sid ? { sid: source.sid } : {}),
  }));
}

/** Failures name the iam-data version they were computed with: verdicts can change when AWS adds actions. */
function stampCatalogue(verdicts: Verdict | Verdict[]): Verdict | Verdict[] {
  const stamp = (verdict: Verdict): Verdict =>
    verdict.status === 'fail' ? { ...verdict, evidence: { ...verdict.evidence, iamData: catalogueVersion() } } : verdict;
  return Array.isArray(verdicts) ? verdicts.map(stamp) : stamp(verdicts);
}

/** Glob match of a principal name against patterns (`*`, `?`). */
export function nameMatches(name: string, patterns: string[]): boolean {
  return patterns.some((pattern) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name),
  );
}

/** Role or user, for messages. */
export function kindOf(resource: AnyResource): string {
  return resource.type === 'aws.iam.user' ? 'user' : 'role';
}

export type PrincipalKind = 'role' | 'user';
export type PrincipalResource = ResourceOf<'aws.iam.role'> | ResourceOf<'aws.iam.user'>;

export interface PrincipalRuleSpec<P extends Record<string, unknown>>
  extends Omit<RuleMeta, 'id' | 'resourceType' | 'needs' | 'related' | 'title' | 'defaults'> {
  /** Rule id for roles; the users' rule id replaces the `iam-` prefix with `iam-user-`. */
  id: string;
  /** Title with `{kind}` for "roles"/"users". */
  title: string;
  defaults?: P;
  judge(resource: AnyResource, access: PrincipalAccess, context: RuleContext<P>): Verdict | Verdict[];
}

/** The role or user variant of an effective-permission rule. */
export function principalRule<P extends Record<string, unknown>>(kind: PrincipalKind, spec: PrincipalRuleSpec<P>): Rule {
  const { judge, ...meta } = spec;
  const common = {
    ...meta,
    id: kind === 'role' ? spec.id : spec.id.replace(/^iam-/, 'iam-user-'),
    title: spec.title.replace('{kind}', kind === 'role' ? 'Roles' : 'IAM users'),
    related: RELATED,
    check: (resource: PrincipalResource, context: RuleContext<P>) => {
      const any = resource as unknown as AnyResource;
      return withAccess(any, context.account, (access) => stampCatalogue(judge(any, access, context)));
    },
  };
  return kind === 'role'
    ? defineRule<'aws.iam.role', P>({ ...common, resourceType: 'aws.iam.role', needs: [...ROLE_NEEDS] })
    : defineRule<'aws.iam.user', P>({ ...common, resourceType: 'aws.iam.user', needs: [...USER_NEEDS] });
}
