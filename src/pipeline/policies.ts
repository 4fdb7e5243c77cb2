import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { resourceTypes } from '../scanners/resource-types.js';
import { loadPolicy } from '../policy/loader.js';
import type { ResolvedPolicy } from '../policy/types.js';
import { loadPlugins } from './plugins.js';

export const DEFAULT_POLICY = 'platform-baseline';

export interface LoadedRuleSet {
  /** Built-in and plugin rules. */
  rules: Rule[];
  policies: ResolvedPolicy[];
}

/** Loads plugins, then each policy (by file or pack name) against the full rule registry. */
export async function loadRuleSet(policyRefs: string[], pluginPaths: string[] = []): Promise<LoadedRuleSet> {
  const rules = [...builtinRules, ...(await loadPlugins(pluginPaths, builtinRules))];
  const refs = policyRefs.length > 0 ? policyRefs : [DEFAULT_POLICY];
  const policies = refs.map((ref) => loadPolicy(ref, { rules, resourceTypes }));
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
