/**
 * Effective access of a principal: the union of its identity policies, minus explicit denies that apply
 * unconditionally, intersected with its permissions boundary. Actions fall into three disjoint sets:
 *
 * - `unconditional`: allowed on every resource of their type, without a condition;
 * - `conditional`: allowed on every resource, but only under a narrowing condition (reported one severity
 *   level lower, never dropped);
 * - `scoped`: allowed on named resources only.
 *
 * A Deny with a condition does not neutralise an Allow (the condition may not hold); a Deny on named
 * resources leaves the Allow on the others; a Deny with `NotResource` turns an Allow on `*` into a
 * scoped one. SCPs, resource policies and session policies are outside this model.
 */
import { ActionSet } from './action-set.js';
import type { DecisionContext } from './conditions.js';
import { compilePolicy, type CompiledStatement, type PolicySource, type StatementSource } from './policy.js';

export interface AccessSets {
  unconditional: ActionSet;
  conditional: ActionSet;
  scoped: ActionSet;
}

export interface PrincipalAccess extends AccessSets {
  /** Allow statements of the identity policies. */
  allows: CompiledStatement[];
  denies: CompiledStatement[];
  /** The permissions boundary's statements, when there is one. */
  boundary: CompiledStatement[] | null;
  /** Allowed by some identity statement but removed by an unconditional Deny. */
  deniedActions: ActionSet;
  /** Allowed by the identity policies but outside the boundary. */
  outsideBoundary: ActionSet;
  /** Statements whose condition never holds at scan time (a closed time window): they grant or deny nothing. */
  inert: StatementSource[];
}

/** The sets one group of policies grants (identity policies, or a boundary), denies applied. */
export function accessOf(statements: CompiledStatement[]): AccessSets & { denied: ActionSet } {
  const broadUnconditional = ActionSet.empty();
  const broadConditional = ActionSet.empty();
  const scoped = ActionSet.empty();
  const denyAll = ActionSet.empty();
  const denyNarrowing = ActionSet.empty();
  for (const statement of statements) {
    if (statement.never) continue;
    if (statement.effect === 'Allow') {
      (statement.conditional ? broadConditional : broadUnconditional).addAll(statement.broad);
      scoped.addAll(statement.actions.minus(statement.broad));
    } else if (!statement.conditional) {
      if (statement.notResource) denyNarrowing.addAll(statement.actions);
      else denyAll.addAll(statement.broad);
    }
  }
  const allowedAny = broadUnconditional.union(broadConditional).addAll(scoped);
  const unconditional = broadUnconditional.minus(denyAll).removeAll(denyNarrowing);
  const conditional = broadConditional.minus(broadUnconditional).removeAll(denyAll).removeAll(denyNarrowing);
  const scopedOnly = allowedAny.minus(denyAll).removeAll(unconditional).removeAll(conditional);
  return { unconditional, conditional, scoped: scopedOnly, denied: allowedAny.intersect(denyAll) };
}

/** Identity ∩ boundary: broad only where both are broad, unconditional only where both are unconditional. */
export function intersectBoundary(identity: AccessSets, boundary: AccessSets): AccessSets & { outside: ActionSet } {
  const identityAny = identity.unconditional.union(identity.conditional).addAll(identity.scoped);
  const boundaryAny = boundary.unconditional.union(boundary.conditional).addAll(boundary.scoped);
  const boundaryBroad = boundary.unconditional.union(boundary.conditional);
  const unconditional = identity.unconditional.intersect(boundary.unconditional);
  const conditional = identity.unconditional
    .intersect(boundary.conditional)
    .addAll(identity.conditional.intersect(boundaryBroad));
  const scoped = identityAny.intersect(boundaryAny).removeAll(unconditional).removeAll(conditional);
  return { unconditional, conditional, scoped, outside: identityAny.minus(boundaryAny) };
}

/** Computes a principal's effective access from its identity policies and optional boundary. */
export function principalAccess(policies: PolicySource[], boundary: PolicySource | null, context?: DecisionContext): PrincipalAccess {
  const compiled = policies.flatMap((policy) => compilePolicy(policy, context));
  const statements = compiled.filter((statement) => !statement.never);
  const identity = accessOf(statements);
  const allows = statements.filter((statement) => statement.effect === 'Allow');
  const denies = statements.filter((statement) => statement.effect === 'Deny');
  const boundaryCompiled = boundary ? compilePolicy(boundary, context) : [];
  const inert = [...compiled, ...boundaryCompiled].filter((statement) => statement.never).map((statement) => statement.source);
  if (!boundary) {
    return {
      unconditional: identity.unconditional,
      conditional: identity.conditional,
      scoped: identity.scoped,
      allows,
      denies,
      boundary: null,
      deniedActions: identity.denied,
      outsideBoundary: ActionSet.empty(),
      inert,
    };
  }
  const boundaryStatements = boundaryCompiled.filter((statement) => !statement.never);
  const bounded = intersectBoundary(identity, accessOf(boundaryStatements));
  return {
    unconditional: bounded.unconditional,
    conditional: bounded.conditional,
    scoped: bounded.scoped,
    allows,
    denies,
    boundary: boundaryStatements,
    deniedActions: identity.denied,
    outsideBoundary: bounded.outside,
    inert,
  };
}

/** Allow statements that grant an action (for evidence). */
export function grantingStatements(access: PrincipalAccess, actionIndex: number): StatementSource[] {
  return access.allows.filter((statement) => statement.actions.has(actionIndex)).map((statement) => statement.source);
}

/** `kind:policy#index (sid)` — a compact statement label for messages. */
export function describeSource(source: StatementSource): string {
  return `${source.kind === 'inline' ? '' : `${source.kind} `}${source.policy} statement ${source.sid ? `"${source.sid}"` : `#${source.index}`}`;
}
