/**
 * Shared by the effective-permission rules: each judges roles and users (whose groups' policies count) with
 * the same check, under one rule id. Service-linked roles are AWS's to manage and are not judged.
 */
import type { PrincipalAccess } from '../../analysis/iam/access.js';
import { catalogueVersion } from '../../analysis/iam/catalogue.js';
import { accessFor } from '../../analysis/iam/principals.js';
import type { StatementSource } from '../../analysis/iam/policy.js';
import type { AnyResource, ResourceOf } from '../../model/resource.js';
import '../../model/iam.js';
import { defineMultiTypeRule, error, notApplicable, type AccountView, type Rule, type RuleContext, type RuleMeta, type Verdict } from '../rule.js';
import { anyGlobMatches } from '../../text/glob.js';

export const ROLE_NEEDS = ['inlinePolicies', 'attachedPolicies', 'permissionsBoundary'] as const;
export const USER_NEEDS = ['inlinePolicies', 'attachedPolicies', 'permissionsBoundary', 'groups'] as const;
export const RELATED: RuleMeta['related'] = {
  'aws.iam.policy': ['document'],
  // The escalation rule's principal graph reads every role's trust and policies, every user's and group's
  // policies, and every principal's path (service-linked roles are not judged); all from
  // GetAccountAuthorizationDetails: no further calls.
  'aws.iam.role': ['path', 'trustPolicy', 'inlinePolicies', 'attachedPolicies', 'permissionsBoundary'],
  'aws.iam.user': ['path', 'inlinePolicies', 'attachedPolicies', 'permissionsBoundary', 'groups'],
  'aws.iam.group': ['inlinePolicies', 'attachedPolicies'],
};

/** A service-linked role (path `/aws-service-role/`): AWS manages its trust and policies, so no rule judges it. */
export function isServiceLinked(resource: { data: { path?: string } | Record<string, unknown> }): boolean {
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
  now?: Date,
): Verdict | Verdict[] {
  if (isServiceLinked(resource)) return notApplicable('service-linked role: its policies are managed by AWS');
  const result = accessFor(resource, account, now);
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
    ...(source.decidedAtScanTime ? { conditionDecidedAtScanTime: source.decidedAtScanTime } : {}),
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
  return anyGlobMatches(patterns, name);
}

/** Role or user, for messages. */
export function kindOf(resource: AnyResource): string {
  return resource.type === 'aws.iam.user' ? 'user' : 'role';
}

export type PrincipalKind = 'role' | 'user';
export type PrincipalResource = ResourceOf<'aws.iam.role'> | ResourceOf<'aws.iam.user'>;

export interface PrincipalRuleSpec<P extends Record<string, unknown>>
  extends Omit<RuleMeta, 'resourceType' | 'needs' | 'related' | 'defaults' | 'judges'> {
  defaults?: P;
  judge(resource: AnyResource, access: PrincipalAccess, context: RuleContext<P>): Verdict | Verdict[];
}

/** An effective-permission rule over roles and users. */
export function principalRule<P extends Record<string, unknown>>(spec: PrincipalRuleSpec<P>): Rule {
  const { judge, ...meta } = spec;
  return defineMultiTypeRule<P>({
    ...meta,
    resourceType: 'aws.iam.*',
    judges: { 'aws.iam.role': [...ROLE_NEEDS], 'aws.iam.user': [...USER_NEEDS] },
    related: RELATED,
    check: (resource, context) => withAccess(resource, context.account, (access) => stampCatalogue(judge(resource, access, context)), context.now),
  });
}
