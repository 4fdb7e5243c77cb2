import type { CollectionPlan } from '../model/inventory.js';
import { judgedTypes, type RuleMeta } from '../rules/rule.js';

/** The attributes the given rules read (needed or optional), per resource type: what scanners must fetch. */
export function planFor(rules: readonly RuleMeta[]): CollectionPlan {
  const plan: CollectionPlan = new Map();
  const add = (type: string, attributes: string[]): void => {
    const set = plan.get(type) ?? new Set<string>();
    for (const attribute of attributes) set.add(attribute);
    plan.set(type, set);
  };
  for (const rule of rules) {
    for (const [type, attributes] of judgedTypes(rule)) add(type, attributes);
    // Optional attributes are read when present: collected like needs, their absence is the rule's to handle.
    if (rule.optional) add(rule.resourceType, rule.optional);
    for (const [type, attributes] of Object.entries(rule.related ?? {})) add(type, attributes);
  }
  return plan;
}
