/**
 * The principal graph's assume-role edges, from trust policies: who each role admits (by ARN or unique id,
 * by account, or anyone whose conditions hold) and whether the caller's own policies let it — the one kind
 * of hop that crosses accounts, decided after every account's principals are in the graph.
 */
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import { principalEntries, statementCoversAction } from '../resource-policy.js';
import { authorize, blockedWithoutIdentityGrant, holdsAction, type RequestFacts } from './authorize.js';
import { evaluateCondition, type DecisionContext } from './conditions.js';
import type { StatementSource } from './policy.js';
import { asGrant, trustLabel, weaker, type GraphNode, type PrincipalGraph } from './principal-graph.js';
import type { GrantLevel } from './queries.js';

interface TrustEntry {
  statement: PolicyStatement;
  index: number;
}

/** The trust statements of a role that can let an AWS principal call sts:AssumeRole. */
export function trustStatements(trust: PolicyDocument | null | undefined, effect: 'Allow' | 'Deny'): TrustEntry[] {
  if (!trust) return [];
  return trust.Statement.map((statement, index) => ({ statement, index })).filter(
    ({ statement }) => statement.Effect === effect && statementCoversAction(statement, 'sts:AssumeRole'),
  );
}

/** Services a role's trust policy admits (`ec2.amazonaws.com` …), with conditions not decided false. */
export function trustedServices(trust: PolicyDocument | null | undefined, context: DecisionContext): Set<string> {
  const services = new Set<string>();
  for (const { statement } of trustStatements(trust, 'Allow')) {
    if (evaluateCondition(statement.Condition, new Map(), context) === 'fails') continue;
    for (const entry of principalEntries(statement.Principal)) if (entry.kind === 'Service') services.add(String(entry.value).toLowerCase());
  }
  return services;
}

interface Admitted {
  from: number;
  /** The trust names the caller itself (ARN, unique id) or anyone: same account needs no identity grant. */
  named: boolean;
  level: GrantLevel;
  trustStatement?: string;
}

/** Edges from trust policies: who each role admits, and whether the caller's own policies let it. */
export function assumeRoleEdges(
  graph: PrincipalGraph,
  byAccount: Map<string, number[]>,
  byId: Map<string, number>,
  principalFacts: (node: GraphNode) => ReadonlyMap<string, string>,
  factsOf: (node: GraphNode) => RequestFacts,
  contextOf: (node: GraphNode) => DecisionContext,
): void {
  const everyone = graph.nodes.map((_, index) => index).filter((index) => graph.nodes[index]!.kind !== 'group');
  const assumers = new Set(everyone.filter((index) => graph.nodes[index]!.access && holdsAction(graph.nodes[index]!.access!, 'sts:AssumeRole')));
  graph.nodes.forEach((role, to) => {
    if (role.kind !== 'role' || role.serviceLinked) return;
    const trust = role.trust;
    const allows = trustStatements(trust, 'Allow');
    if (allows.length === 0) return;
    const denies = trustStatements(trust, 'Deny');
    const best = new Map<number, Admitted & { trustStatement: string }>();
    for (const { statement, index } of allows) {
      for (const candidate of candidatesOf(graph, statement, role, byAccount, byId, everyone, assumers)) {
        if (candidate.from === to) continue;
        const caller = graph.nodes[candidate.from]!;
        const condition = evaluateCondition(statement.Condition, principalFacts(caller), contextOf(caller));
        if (condition === 'fails') continue;
        const level = weaker(candidate.level, condition === 'holds' ? 'unconditional' : 'conditional');
        const previous = best.get(candidate.from);
        if (!previous || (previous.level === 'conditional' && level === 'unconditional') || (!previous.named && candidate.named && previous.level === level)) {
          candidate.level = level;
          candidate.trustStatement = trustLabel(statement, index);
          best.set(candidate.from, candidate as Admitted & { trustStatement: string });
        }
      }
    }
    for (const [from, admitted] of best) {
      const caller = graph.nodes[from]!;
      if (!caller.access) continue;
      if (denies.some(({ statement }) => denyApplies(statement, caller, principalFacts, contextOf))) continue;
      const crossAccount = caller.accountId !== role.accountId;
      const facts = factsOf(caller);
      let level = admitted.level;
      let statements: StatementSource[];
      if (crossAccount || !admitted.named) {
        const granted = authorize(caller.access, 'sts:AssumeRole', role.arn, facts);
        const identity = asGrant(granted.level);
        if (!identity) continue;
        level = weaker(level, identity);
        statements = granted.statements;
      } else {
        // Same account, trust names the caller: only an explicit deny, or a role's boundary, stops it.
        if (blockedWithoutIdentityGrant(caller.access, 'sts:AssumeRole', role.arn, facts, caller.kind === 'role')) continue;
        const granted = authorize(caller.access, 'sts:AssumeRole', role.arn, facts);
        statements = granted.statements;
      }
      graph.addEdge({ from, to, via: 'assume-role', level, statements, trustStatement: admitted.trustStatement });
    }
  });
}

/** Who an Allow trust statement's principals can be. */
function candidatesOf(
  graph: PrincipalGraph,
  statement: PolicyStatement,
  role: GraphNode,
  byAccount: Map<string, number[]>,
  byId: Map<string, number>,
  everyone: number[],
  assumers: Set<number>,
): Admitted[] {
  const found: Admitted[] = [];
  const entries = statement.NotPrincipal !== undefined ? [{ kind: '*', value: '*' }] : principalEntries(statement.Principal);
  for (const entry of entries) {
    if (entry.kind !== 'AWS' && entry.kind !== '*') continue;
    const value = String(entry.value);
    if (value === '*' || /^arn:[^:]+:iam::\*:/.test(value)) {
      // Anyone: same-account principals need no identity grant; other accounts' need one (pre-filtered).
      for (const from of everyone) {
        const sameAccount = graph.nodes[from]!.accountId === role.accountId;
        if (sameAccount || assumers.has(from)) found.push({ from, named: true, level: statement.NotPrincipal !== undefined ? 'conditional' : 'unconditional' });
      }
      continue;
    }
    const root = /^\d{12}$/.exec(value)?.[0] ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1];
    if (root) {
      for (const from of byAccount.get(root) ?? []) if (assumers.has(from)) found.push({ from, named: false, level: 'unconditional' });
      continue;
    }
    const exact = graph.byArn.get(value) ?? byId.get(value);
    if (exact !== undefined) {
      found.push({ from: exact, named: true, level: 'unconditional' });
      continue;
    }
    // A role session (`arn:aws:sts::<account>:assumed-role/<role>/<session>`): that role, session name aside.
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(value);
    if (session) {
      const [, partition, account, name] = session as unknown as [string, string, string, string];
      const match = [...graph.byArn.entries()].find(([arn]) => arn.startsWith(`arn:${partition}:iam::${account}:role/`) && arn.endsWith(`/${name}`));
      if (match) found.push({ from: match[1], named: true, level: 'conditional' });
    }
  }
  return found;
}

/** An unconditional (or decided-true) Deny in the trust policy that names the caller. */
function denyApplies(
  statement: PolicyStatement,
  caller: GraphNode,
  principalFacts: (node: GraphNode) => ReadonlyMap<string, string>,
  contextOf: (node: GraphNode) => DecisionContext,
): boolean {
  const entries = principalEntries(statement.Principal);
  const names = entries.some(
    (entry) =>
      (entry.kind === '*' || entry.kind === 'AWS') &&
      (entry.value === '*' ||
        entry.value === caller.arn ||
        entry.value === caller.accountId ||
        entry.value === `arn:aws:iam::${caller.accountId}:root` ||
        entry.value === caller.uniqueId),
  );
  if (!names) return false;
  return evaluateCondition(statement.Condition, principalFacts(caller), contextOf(caller)) === 'holds';
}

