/**
 * Compiles identity-policy statements into action sets: `Action` expanded, `NotAction` inverted against the
 * whole catalogue (an unknown action in `NotAction` excludes nothing, so `NotAction: "x:y"` on `*` is
 * everything), the actions reached broadly separated from the scoped ones, and the condition noted.
 * Compilation is cached per document object: an AWS managed policy attached to 300 roles compiles once.
 */
import { toList, type PolicyDocument, type PolicyStatement } from '../../model/policy-document.js';
import type { ActionSet } from './action-set.js';
import { conditionKeys, decideCondition, describeDecided, type DecidedEntry, type DecisionContext } from './conditions.js';
import { allActions, expandPatterns } from './expand.js';
import { broadActions } from './resources.js';

/** Where a statement comes from, for evidence. */
export interface StatementSource {
  /** `inline`, `managed`, `group-inline`, `group-managed` or `boundary`. */
  kind: string;
  /** Policy name (inline) or ARN (managed); group policies are prefixed with the group name. */
  policy: string;
  index: number;
  sid?: string;
  /** Condition entries decided from the scan's clock (`… (always holds: condition decided at scan time)`). */
  decidedAtScanTime?: string[];
}

export interface CompiledStatement {
  source: StatementSource;
  effect: 'Allow' | 'Deny';
  /** Every action the statement covers (after NotAction inversion). */
  actions: ActionSet;
  /** The subset reached on every resource of its type (`*`, `role/*`, NotResource …). */
  broad: ActionSet;
  conditional: boolean;
  /** The condition never holds at scan time (a closed time window): the statement grants or denies nothing. */
  never: boolean;
  /** Condition entries decided from the scan's clock. */
  decided: DecidedEntry[];
  conditionKeys: string[];
  /** Action patterns that matched nothing in the catalogue. */
  unknownActions: string[];
  notAction: boolean;
  notResource: boolean;
  resources: string[];
  statement: PolicyStatement;
}

export interface PolicySource {
  kind: string;
  policy: string;
  document: PolicyDocument;
}

const compiled = new WeakMap<PolicyDocument, Map<string, CompiledStatement[]>>();

/** Without a context, conditions are decided against the process's start time, for an unknown principal kind. */
const DEFAULT_CONTEXT: DecisionContext = { now: new Date() };

export function compileStatement(statement: PolicyStatement, source: StatementSource, context: DecisionContext = DEFAULT_CONTEXT): CompiledStatement {
  const notAction = statement.NotAction !== undefined;
  const patterns = toList(notAction ? statement.NotAction : statement.Action);
  const expansion = expandPatterns(patterns);
  const actions = notAction ? allActions().minus(expansion.actions) : expansion.actions;
  const notResource = statement.NotResource !== undefined;
  // Identity policies always name resources; an absent Resource is malformed and treated as `*`.
  const resources = notResource ? toList(statement.NotResource) : statement.Resource === undefined ? ['*'] : toList(statement.Resource);
  const condition = decideCondition(statement.Condition, context);
  const decided = condition.decided;
  const compiledStatement: CompiledStatement = {
    source: decided.length > 0 ? { ...source, decidedAtScanTime: decided.map(describeDecided) } : source,
    effect: statement.Effect,
    actions,
    broad: broadActions(actions, resources, notResource),
    conditional: condition.effect === 'conditional',
    never: condition.effect === 'never',
    decided,
    conditionKeys: conditionKeys(statement.Condition),
    unknownActions: expansion.unknown,
    notAction,
    notResource,
    resources,
    statement,
  };
  return compiledStatement;
}

/** The compiled statements of one policy (cached per document, source label and decision context). */
export function compilePolicy(source: PolicySource, context: DecisionContext = DEFAULT_CONTEXT): CompiledStatement[] {
  let byLabel = compiled.get(source.document);
  if (!byLabel) {
    byLabel = new Map();
    compiled.set(source.document, byLabel);
  }
  const label = `${source.kind}\u0000${source.policy}\u0000${context.now.getTime()}\u0000${context.principal ?? ''}`;
  const cached = byLabel.get(label);
  if (cached) return cached;
  if (byLabel.size > 64) byLabel.clear();
  const statements = source.document.Statement.map((statement, index) =>
    compileStatement(statement, {
      kind: source.kind,
      policy: source.policy,
      index,
      ...(statement.Sid ? { sid: statement.Sid } : {}),
    }, context),
  );
  byLabel.set(label, statements);
  return statements;
}

