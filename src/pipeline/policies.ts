import { builtinRuleMetadata } from '../rules/metadata.js';
import type { Rule, RuleMeta } from '../rules/rule.js';
import { resourceTypes } from '../scanners/resource-types.js';
import { loadPolicy } from '../policy/loader.js';
import { PolicyError, type PolicyIssue, type ResolvedPolicy } from '../policy/types.js';
import { loadPlugins } from './plugins.js';

export const DEFAULT_POLICY = 'platform-baseline';

export interface LoadedRuleSet<R extends RuleMeta = Rule> {
  /** Built-in and plugin rules. */
  rules: R[];
  policies: ResolvedPolicy[];
}

/** Built-in rules and the rules of the given plugin modules. */
export async function loadRules(pluginPaths: string[] = []): Promise<Rule[]> {
  // Imported here, not at the top: commands that only list or configure rules never load their checks.
  const { builtinRules } = await import('../rules/index.js');
  return [...builtinRules, ...(await loadPlugins(pluginPaths, builtinRules))];
}

/**
 * Loads plugins, then each policy (by file or pack name) against the full rule registry. The problems of
 * every policy are reported together, not only the first invalid one's.
 */
export async function loadRuleSet(policyRefs: string[], pluginPaths: string[] = []): Promise<LoadedRuleSet> {
  return withPolicies(await loadRules(pluginPaths), policyRefs);
}

/**
 * The same rule set with the built-in rules' metadata in place of the rules (what listing or configuring them
 * needs: no check, so none of the ~80 rule modules is imported when the build wrote the metadata).
 */
export async function loadRuleMetaSet(policyRefs: string[], pluginPaths: string[] = []): Promise<LoadedRuleSet<RuleMeta>> {
  return withPolicies(await loadRuleMetadata(pluginPaths), policyRefs);
}

/** The built-in rules' metadata and the rules of the given plugin modules (what validating a policy needs). */
export async function loadRuleMetadata(pluginPaths: string[] = []): Promise<RuleMeta[]> {
  const builtins = await builtinRuleMetadata();
  return [...builtins, ...(await loadPlugins(pluginPaths, builtins))];
}

function withPolicies<R extends RuleMeta>(rules: R[], policyRefs: string[]): LoadedRuleSet<R> {
  const refs = policyRefs.length > 0 ? policyRefs : [DEFAULT_POLICY];
  const policies: ResolvedPolicy[] = [];
  const issues: PolicyIssue[] = [];
  for (const ref of refs) {
    try {
      policies.push(loadPolicy(ref, { rules, resourceTypes }));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return { rules, policies };
}

/** Rules enabled by at least one policy, custom rules included: what collection must serve. */
export function enabledRules(ruleSet: LoadedRuleSet): Rule[] {
  const byId = new Map(ruleSet.rules.map((rule) => [rule.id, rule]));
  for (const policy of ruleSet.policies) for (const rule of policy.customRules) byId.set(rule.id, rule);
  const enabled = new Map<string, Rule>();
  for (const policy of ruleSet.policies) {
    for (const [id, setting] of policy.rules) {
      const rule = byId.get(id);
      if (rule && setting.enabled) enabled.set(id, rule);
    }
  }
  return [...enabled.values()];
}
