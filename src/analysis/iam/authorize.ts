/**
 * Whether a principal's identity policies allow one action on one concrete resource ARN: an Allow whose
 * Resource matches (or NotResource does not), no unconditional Deny that matches, and — with a permissions
 * boundary — the boundary allowing it too. What the principal graph asks for every candidate edge
 * (`sts:AssumeRole` on this role, `iam:CreateAccessKey` on this user …).
 */
import type { PrincipalAccess } from './access.js';
import { ActionSet } from './action-set.js';
import { actionIndex } from './catalogue.js';
import { evaluateCondition, type DecisionContext } from './conditions.js';
import type { CompiledStatement, StatementSource } from './policy.js';
import { globMatch } from '../../text/glob.js';
import { Interned } from '../../text/interned.js';

export type Level = 'unconditional' | 'conditional' | 'none';

export interface RequestFacts {
  /** Values of policy variables in Resource (`${aws:username}`), by lower-cased name. */
  variables?: ReadonlyMap<string, string>;
  /** Request condition keys whose value is known (lower-cased key → value), e.g. `iam:passedtoservice`. */
  known?: ReadonlyMap<string, string>;
  /** A stable name for `known` (with the context's clock): condition results are cached under it. */
  knownKey?: string;
  context: DecisionContext;
}

export interface Authorization {
  level: Level;
  /** The Allow statements that grant it (identity side). */
  statements: StatementSource[];
}

const NONE: Authorization = { level: 'none', statements: [] };
const EMPTY = new Map<string, string>();

const substituted = new WeakMap<ReadonlyMap<string, string>, Map<string, string | undefined>>();

/** A resource pattern with the known policy variables filled in; undefined when one stays unknown. */
function substitute(pattern: string, variables: ReadonlyMap<string, string>): string | undefined {
  if (!pattern.includes('${')) return pattern;
  let cache = substituted.get(variables);
  if (!cache) {
    cache = new Map();
    substituted.set(variables, cache);
  }
  if (cache.has(pattern)) return cache.get(pattern);
  const result = fill(pattern, variables);
  cache.set(pattern, result);
  return result;
}

function fill(pattern: string, variables: ReadonlyMap<string, string>): string | undefined {
  let unknown = false;
  const filled = pattern.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower === '*' || lower === '?' || lower === '$') return lower;
    const value = variables.get(lower);
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown ? undefined : filled;
}

/** `deny`: an unknown variable never makes a Deny match (it may not), nor an Allow. */
function reaches(statement: CompiledStatement, index: number, arn: string, variables: ReadonlyMap<string, string>): boolean {
  if (!statement.actions.has(index)) return false;
  const hit = statement.resources.some((pattern) => {
    const filled = substitute(pattern, variables);
    return filled !== undefined && globMatch(filled, arn);
  });
  return statement.notResource ? !hit : hit;
}

const conditionCache = new WeakMap<CompiledStatement, Map<string, 'holds' | 'fails' | 'conditional'>>();

function conditionOf(statement: CompiledStatement, facts: RequestFacts): 'holds' | 'fails' | 'conditional' {
  if (!statement.conditional) return 'holds';
  if (!facts.known || facts.known.size === 0) return 'conditional';
  if (!facts.knownKey) return evaluateCondition(statement.statement.Condition, facts.known, facts.context);
  const key = `${facts.knownKey}\u0000${facts.context.now.getTime()}\u0000${facts.context.principal ?? ''}`;
  let byKey = conditionCache.get(statement);
  if (!byKey) {
    byKey = new Map();
    conditionCache.set(statement, byKey);
  }
  let result = byKey.get(key);
  if (!result) {
    result = evaluateCondition(statement.statement.Condition, facts.known, facts.context);
    byKey.set(key, result);
  }
  return result;
}

function allowLevel(statements: CompiledStatement[], index: number, arn: string, facts: RequestFacts): { level: Level; granting: CompiledStatement[] } {
  const variables = facts.variables ?? EMPTY;
  for (const statement of statements) {
    if (statement.effect !== 'Deny' || statement.never) continue;
    if (reaches(statement, index, arn, variables) && conditionOf(statement, facts) === 'holds') return { level: 'none', granting: [] };
  }
  let level: Level = 'none';
  const granting: CompiledStatement[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || statement.never || !reaches(statement, index, arn, variables)) continue;
    const condition = conditionOf(statement, facts);
    if (condition === 'fails') continue;
    granting.push(statement);
    if (condition === 'holds') level = 'unconditional';
    else if (level === 'none') level = 'conditional';
  }
  return { level, granting };
}

/** The statements (identity, boundary) that mention an action, cached per access and action. */
interface Relevant {
  identity: CompiledStatement[];
  boundary: CompiledStatement[];
  /**
   * Every relevant statement names `*` or a whole resource type (`arn:aws:iam::*:role/*`): the answer
   * depends only on the ARN up to its resource type, and is cached per (that prefix, request facts).
   */
  uniform: boolean;
  byFacts: Map<string, Authorization>;
}

const relevant = new WeakMap<PrincipalAccess, Map<number, Relevant>>();

function statementsFor(access: PrincipalAccess, index: number): Relevant {
  let byAction = relevant.get(access);
  if (!byAction) {
    byAction = new Map();
    relevant.set(access, byAction);
  }
  let found = byAction.get(index);
  if (!found) {
    const identity = [...access.denies, ...access.allows].filter((statement) => statement.actions.has(index));
    const boundary = (access.boundary ?? []).filter((statement) => statement.actions.has(index));
    const uniform = [...identity, ...boundary].every((statement) => !statement.notResource && statement.resources.every((pattern) => UNIFORM.test(pattern)));
    found = { identity, boundary, uniform, byFacts: new Map() };
    byAction.set(index, found);
  }
  return found;
}

/** How the principal may perform `action` on `arn` (denies and boundary applied). */
export function authorize(access: PrincipalAccess, action: string, arn: string, facts: RequestFacts): Authorization {
  const index = actionIndex(action);
  if (index === undefined) return NONE;
  if (!access.unconditional.has(index) && !access.conditional.has(index) && !access.scoped.has(index)) return NONE;
  const statements = statementsFor(access, index);
  if (!statements.uniform) return decide(access, statements, index, arn, facts);
  // The same answer for every resource of the type: decide once per type prefix and request facts.
  const factsKey = facts.knownKey ?? (facts.known && facts.known.size > 0 ? undefined : '');
  const prefix = typePrefix(arn);
  if (factsKey === undefined || prefix === undefined) return decide(access, statements, index, arn, facts);
  const key = `${prefix}\u0000${factsKey}\u0000${facts.context.now.getTime()}\u0000${facts.context.principal ?? ''}`;
  let result = statements.byFacts.get(key);
  if (!result) {
    result = decide(access, statements, index, arn, facts);
    statements.byFacts.set(key, result);
  }
  return result;
}

/** `*`, or an ARN pattern whose resource part is a type and `*` only (`role/*`, `key/*`, `secret:*`). */
const UNIFORM = /^(\*+|arn:[^:/]*:[^:/]*:[^:/]*:[^:/]*:[A-Za-z][\w-]*[/:]\*)$/;

/** `arn:aws:iam::123456789012:role/` — the ARN up to its resource type's separator. */
function typePrefix(arn: string): string | undefined {
  const match = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:[A-Za-z][\w-]*[/:]/.exec(arn);
  return match?.[0];
}

function decide(access: PrincipalAccess, statements: Relevant, index: number, arn: string, facts: RequestFacts): Authorization {
  const identity = allowLevel(statements.identity, index, arn, facts);
  if (identity.level === 'none') return NONE;
  let level = identity.level;
  if (access.boundary) {
    const bounded = allowLevel(statements.boundary, index, arn, facts);
    if (bounded.level === 'none') return NONE;
    if (bounded.level === 'conditional') level = 'conditional';
  }
  return { level, statements: identity.granting.map((statement) => statement.source) };
}

/**
 * Whether an explicit Deny (identity or boundary) blocks the action on the resource, and — for roles with a
 * boundary — whether the boundary fails to allow it: what still applies when a resource policy alone grants
 * (a same-account trust policy naming the principal).
 */
export function blockedWithoutIdentityGrant(access: PrincipalAccess, action: string, arn: string, facts: RequestFacts, boundaryApplies: boolean): boolean {
  const index = actionIndex(action);
  if (index === undefined) return false;
  const statements = statementsFor(access, index);
  const variables = facts.variables ?? EMPTY;
  const denied = (list: CompiledStatement[]): boolean =>
    list.some((statement) => statement.effect === 'Deny' && !statement.never && reaches(statement, index, arn, variables) && conditionOf(statement, facts) === 'holds');
  if (denied(statements.identity) || denied(statements.boundary)) return true;
  return boundaryApplies && access.boundary !== null && allowLevel(statements.boundary, index, arn, facts).level === 'none';
}

/** Whether the principal holds the action on some resource at all (a cheap pre-filter). */
export function holdsAction(access: PrincipalAccess, action: string): boolean {
  const index = actionIndex(action);
  return index !== undefined && (access.unconditional.has(index) || access.conditional.has(index) || access.scoped.has(index));
}

// What narrowed accesses share (never changed: nothing writes to a narrowed access).
const NO_ACTIONS = ActionSet.empty();
const NO_STATEMENTS: CompiledStatement[] = Object.freeze([]) as unknown as CompiledStatement[];
const NO_SOURCES: StatementSource[] = Object.freeze([]) as unknown as StatementSource[];
const ACTION_SETS = ['unconditional', 'conditional', 'scoped', 'deniedActions', 'outsideBoundary'] as const;
const oneAction = new Interned<ActionSet>();
const statementFree = new Interned<PrincipalAccess>();

/**
 * The access narrowed to what decides one action: `authorize`, `blockedWithoutIdentityGrant` and
 * `holdsAction` answer as before for that action (and deny every other). What the principal graph keeps of
 * a principal once its own account is built: the statements of `sts:AssumeRole`, not its whole policies.
 * Read-only: its sets, and the whole access of a principal without such statements (most of an
 * organization's), are shared between principals.
 */
export function narrowedTo(access: PrincipalAccess, action: string): PrincipalAccess {
  const index = actionIndex(action);
  const mentions = (statement: CompiledStatement): boolean => index !== undefined && statement.actions.has(index);
  const allows = access.allows.filter(mentions);
  const denies = access.denies.filter(mentions);
  const boundary = access.boundary && access.boundary.filter(mentions);
  const held = ACTION_SETS.map((name) => index !== undefined && access[name].has(index));
  const narrowed = (): PrincipalAccess => {
    const only = (i: number): ActionSet => (held[i] ? oneAction.of(String(index), () => ActionSet.of([index!])) : NO_ACTIONS);
    return {
      unconditional: only(0),
      conditional: only(1),
      scoped: only(2),
      deniedActions: only(3),
      outsideBoundary: only(4),
      allows: allows.length > 0 ? allows : NO_STATEMENTS,
      denies: denies.length > 0 ? denies : NO_STATEMENTS,
      boundary: boundary && boundary.length === 0 ? NO_STATEMENTS : boundary,
      inert: NO_SOURCES,
    };
  };
  if (allows.length > 0 || denies.length > 0 || (boundary && boundary.length > 0)) return narrowed();
  const key = `${index ?? -1}:${held.map(Number).join('')}:${boundary ? 'bounded' : 'free'}`;
  return statementFree.of(key, () => Object.freeze(narrowed()));
}
