import type { Severity } from '../model/finding.js';
import type { Target } from '../model/inventory.js';
import type { ResolvedPolicy, Scope, Waiver } from '../policy/types.js';
import type { Rule } from '../rules/rule.js';

/** A rule as enabled for one target: the policy's severity and params applied over the rule's defaults. */
export interface EnabledRule {
  rule: Rule;
  severity: Severity;
  params: Record<string, unknown>;
}

export interface TargetPolicy {
  /** Policies that apply to the target, in the order given. */
  policies: ResolvedPolicy[];
  /** The target's account type, or the policies' default when the target has none. */
  accountType: string | undefined;
  rules: EnabledRule[];
  waivers: Waiver[];
  /** Enabled rules that did not run because they apply to some account types and the target's is unknown. */
  skippedForUnknownType: string[];
}

export function inScope(scope: Scope | undefined, target: Target, accountType: string | undefined): boolean {
  if (!scope) return true;
  if (scope.accounts && !scope.accounts.includes(target.accountId)) return false;
  if (scope.squads && !(target.squad !== undefined && scope.squads.includes(target.squad))) return false;
  if (scope.accountTypes && !scope.accountTypes.includes('*')) {
    if (accountType === undefined || !scope.accountTypes.includes(accountType)) return false;
  }
  return true;
}

/**
 * Which rules run for a target: every policy whose `appliesTo` covers the target contributes, later
 * policies overriding earlier ones (baseline for all, serving-prod on top for serving-prod accounts).
 */
export function policyForTarget(target: Target, policies: ResolvedPolicy[], registry: Rule[]): TargetPolicy {
  const accountType =
    target.accountType ?? [...policies].reverse().find((policy) => policy.defaultAccountType)?.defaultAccountType;
  const applicable = policies.filter((policy) => inScope(policy.appliesTo, target, accountType));
  const byId = new Map<string, Rule>(registry.map((rule) => [rule.id, rule]));
  for (const policy of applicable) for (const rule of policy.customRules) byId.set(rule.id, rule);

  const settings = new Map<string, { enabled: boolean; severity?: Severity; params: Record<string, unknown>; appliesTo?: Scope }>();
  for (const policy of applicable) {
    for (const [id, setting] of policy.rules) {
      const previous = settings.get(id);
      settings.set(id, { ...previous, ...setting, params: { ...(previous?.params ?? {}), ...setting.params } });
    }
  }

  const rules: EnabledRule[] = [];
  const skippedForUnknownType: string[] = [];
  for (const [id, setting] of settings) {
    const rule = byId.get(id);
    if (!rule || !setting.enabled) continue;
    const scope = setting.appliesTo ?? { accountTypes: rule.appliesTo?.accountTypes ?? ['*'] };
    if (!inScope(scope, target, accountType)) {
      if (accountType === undefined && scope.accountTypes && !scope.accountTypes.includes('*')) skippedForUnknownType.push(id);
      continue;
    }
    rules.push({
      rule,
      severity: setting.severity ?? rule.severity,
      params: { ...(rule.defaults ?? {}), ...setting.params },
    });
  }
  rules.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  return {
    policies: applicable,
    accountType,
    rules,
    waivers: applicable.flatMap((policy) => policy.exceptions),
    skippedForUnknownType: skippedForUnknownType.sort(),
  };
}
