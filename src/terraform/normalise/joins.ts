/**
 * Joins a sub-resource (a bucket's public access block, a role's policy attachment, a security group rule)
 * to its parent: by the resolved reference of its join argument first, by a known literal name second
 * (only when exactly one parent in the plan has it). A sub-resource that cannot be joined is never
 * dropped: every parent it might belong to gets that attribute as unknown.
 */
import type { Instance } from '../plan-index.js';
import type { PathStep } from '../values.js';
import { identityValue, plannedName, type PlanContext } from './context.js';

export interface JoinSpec {
  /** Terraform types of the parent (`aws_s3_bucket`). */
  parentTypes: string[];
  /** The sub-resource argument naming the parent (`bucket`). */
  path: PathStep[];
  /**
   * Other sub-resource types whose identity is the parent's (an `aws_s3_bucket_policy.id` is the bucket
   * name): a reference to one is followed through its own join argument.
   */
  aliases?: Record<string, PathStep[]>;
  /** The parent's literal identity, for joins by known value (a bucket's name, a role's name). */
  identityOf?: (context: PlanContext, parent: Instance) => string[];
}

export type JoinResult =
  | { kind: 'parent'; parent: Instance }
  /** The argument is known and names no parent in the plan: an existing resource outside it. */
  | { kind: 'outside'; identity: string }
  /** Cannot tell which parent: each candidate (all parents when none could be narrowed) is affected. */
  | { kind: 'unknown'; candidates: Instance[]; why: string };

const MAX_ALIAS_DEPTH = 8;

export function joinParent(
  context: PlanContext,
  sub: Instance,
  spec: JoinSpec,
  parents: Instance[],
  depth = 0,
): JoinResult {
  const value = context.index.val(sub).get(spec.path[0]!);
  let cursor = value;
  for (const step of spec.path.slice(1)) cursor = cursor.get(step);
  const fromReference = joinByReference(context, sub, spec, parents, depth);
  if (fromReference) return fromReference;
  if (!cursor.hasUnknown()) {
    const literal = cursor.value;
    if (literal === null || literal === undefined || literal === '') return { kind: 'outside', identity: '' }; // attached to nothing
    if (typeof literal !== 'string')
      return { kind: 'unknown', candidates: parents, why: `${sub.address} names no parent` };
    const identityOf =
      spec.identityOf ??
      ((ctx: PlanContext, parent: Instance) =>
        [plannedName(ctx, parent), parent.address].filter((v): v is string => !!v));
    const matches = parents.filter((parent) => identityOf(context, parent).includes(literal));
    if (matches.length === 1) return { kind: 'parent', parent: matches[0]! };
    if (matches.length > 1)
      return {
        kind: 'unknown',
        candidates: matches,
        why: `${sub.address} names "${literal}", which several planned resources share`,
      };
    // A parent whose identity is unknown might still turn out to be it.
    const undetermined = parents.filter(
      (parent) => identityOf(context, parent).length === 0 || !plannedName(context, parent),
    );
    if (undetermined.length > 0 && spec.identityOf === undefined) {
      return {
        kind: 'unknown',
        candidates: undetermined,
        why: `${sub.address} names "${literal}", and some planned names are known only after apply`,
      };
    }
    return { kind: 'outside', identity: literal };
  }
  return {
    kind: 'unknown',
    candidates: parents,
    why: `${sub.address}: which resource it applies to is known only after apply`,
  };
}

function joinByReference(
  context: PlanContext,
  sub: Instance,
  spec: JoinSpec,
  parents: Instance[],
  depth: number,
): JoinResult | undefined {
  const resolution = context.index.resolveAt(sub, spec.path);
  const found = new Set<Instance>();
  let sawResource = false;
  for (const target of resolution.targets) {
    if ('constant' in target) continue;
    sawResource = true;
    const { instance } = target;
    if (spec.parentTypes.includes(instance.type) && instance.mode === 'managed') {
      found.add(instance);
      continue;
    }
    const aliasPath = spec.aliases?.[instance.type];
    if (aliasPath && depth < MAX_ALIAS_DEPTH) {
      const through = joinParent(context, instance, { ...spec, path: aliasPath }, parents, depth + 1);
      if (through.kind === 'parent') found.add(through.parent);
      else if (through.kind === 'unknown') return through;
      continue;
    }
    // A reference to something else (a variable's data source, another resource's output): follow its
    // identity when it is a known name.
    const identity = identityValue(context, instance, target.attribute);
    const identityOf =
      spec.identityOf ??
      ((ctx: PlanContext, parent: Instance) => [plannedName(ctx, parent)].filter((v): v is string => !!v));
    const matches = identity
      ? parents.filter((parent) => identityOf(context, parent).includes(identity))
      : [];
    if (matches.length === 1) found.add(matches[0]!);
  }
  if (found.size === 1) {
    const [parent] = [...found];
    // The parent must be in the parent list (deleted parents are not judged, so neither is the join).
    return parents.includes(parent!)
      ? { kind: 'parent', parent: parent! }
      : { kind: 'outside', identity: parent!.address };
  }
  if (found.size > 1) {
    return {
      kind: 'unknown',
      candidates: [...found].filter((parent) => parents.includes(parent)),
      why: `${sub.address} refers to several possible parents`,
    };
  }
  if (sawResource || resolution.unresolved.length > 0) {
    // The expression references things that are not a parent we can name: fall back to the literal value.
    return undefined;
  }
  return undefined;
}
