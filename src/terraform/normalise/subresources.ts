/**
 * Sub-resources grouped by the parent they join, and the parents each unjoinable sub-resource might belong
 * to (those get the attribute as unknown).
 */
import type { Instance } from '../plan-index.js';
import { KnownAfterApply } from '../values.js';
import type { PlanContext } from './context.js';
import { joinParent, type JoinSpec } from './joins.js';

export interface Joined {
  /** Sub-resource instances joined to each parent, deleted ones included (they remove the setting). */
  byParent: Map<Instance, Instance[]>;
  /** Parents an unjoinable sub-resource may apply to → why. */
  unknown: Map<Instance, string>;
}

export function joinAll(
  context: PlanContext,
  subTypes: string[],
  spec: JoinSpec,
  parents: Instance[],
): Joined {
  const joined: Joined = { byParent: new Map(), unknown: new Map() };
  for (const type of subTypes) {
    for (const sub of context.index.ofType(type)) {
      if (sub.action === 'forget') continue;
      const result = joinParent(context, sub, spec, parents);
      if (result.kind === 'parent') {
        const list = joined.byParent.get(result.parent);
        if (list) list.push(sub);
        else joined.byParent.set(result.parent, [sub]);
      } else if (result.kind === 'unknown') {
        for (const candidate of result.candidates)
          if (!joined.unknown.has(candidate)) joined.unknown.set(candidate, result.why);
      }
    }
  }
  return joined;
}

/**
 * The one live sub-resource of a type joined to a parent: `undefined` when none (or only deleted ones),
 * a throw when the join is undecidable or two live ones compete for the same setting.
 */
export function liveSub(
  joined: Joined,
  parent: Instance,
  type: string,
  attribute: string,
): Instance | undefined | 'deleted' {
  const why = joined.unknown.get(parent);
  if (why) throw new KnownAfterApply(parent.address, attribute, `is undecidable: ${why}`);
  const subs = (joined.byParent.get(parent) ?? []).filter((sub) => sub.type === type);
  const live = subs.filter((sub) => sub.action !== 'delete');
  if (live.length > 1)
    throw new KnownAfterApply(
      parent.address,
      attribute,
      `is set by ${live.length} resources (${live.map((sub) => sub.address).join(', ')})`,
    );
  if (live.length === 1) return live[0];
  return subs.length > 0 ? 'deleted' : undefined;
}
