/**
 * The principal graph (PMapper's idea, our own code): nodes are the roles, users and groups of every
 * evaluated account; an edge A → B says A can become B (or, for a group, gain its policies):
 *
 * - `assume-role`: B's trust policy admits A — by A's ARN or unique id, by A's account (then A's identity
 *   policies must allow `sts:AssumeRole` on B too), or by a wildcard principal whose conditions A satisfies
 *   (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalType`, dates) — minus
 *   explicit denies on either side and A's boundary. Inside one account a trust naming A needs no identity
 *   permission; across accounts both sides must allow.
 * - `update-assume-role-policy` (then assume: the new trust names A), `create-access-key`,
 *   `create-login-profile` / `update-login-profile` on a user, `pass-role` to a service that runs code under
 *   B (with the path's other calls), `add-user-to-group` (a user into a group): same account only.
 *
 * Goals are principals that are admin, admin-equivalent (every IAM permissions-management action), or can
 * grant themselves admin in one call (write their own policies, a new version of a policy attached to them,
 * or create a role and make it admin) — and principals that can make another principal admin (attach/put
 * a policy, a new policy version) and then become it. One reverse breadth-first search from the goals gives
 * every principal's shortest chain; unconditional chains are preferred to shorter conditional ones.
 *
 * Built once per evaluation from every evaluated account (`graph-build.ts`), an account at a time: only
 * assume-role hops cross accounts, so each account's principals are read, their own-account hops and goals
 * found, and their policies then narrowed to what decides `sts:AssumeRole`; an organization's graph holds
 * its principals' names and goals and its edges (a typed-array row each), not their policies. A sharded
 * scan evaluates only its own accounts: hops into accounts of other shards are not seen
 * (`unseenAssumeTargets` names them, and the rule says it cannot decide rather than passing).
 */
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import type { PrincipalAccess } from './access.js';
import { holdsAction, type Level } from './authorize.js';
import { Adjacency, EdgeList, type EdgeFields } from './edge-list.js';
import { globsOverlap } from './glob-overlap.js';
import type { StatementSource } from './policy.js';
import type { GrantLevel } from './queries.js';

export type NodeKind = 'role' | 'user' | 'group';

export interface GraphNode {
  arn: string;
  name: string;
  accountId: string;
  kind: NodeKind;
  /** The role or user id, by which a trust policy may name the principal. */
  uniqueId?: string;
  /** A service-linked role: only its service assumes it, and no one writes its policies. */
  serviceLinked: boolean;
  /** A role's trust policy. */
  trust?: PolicyDocument | null;
  /**
   * Undefined when the principal's policies could not all be read (it then has no outgoing edges). Once its
   * account's own edges are built, narrowed to what decides `sts:AssumeRole` (all that other accounts ask).
   */
  access?: PrincipalAccess;
  goal?: Goal;
}

export interface Goal {
  level: GrantLevel;
  /** `admin`, `admin-equivalent`, `self-grant` (one call on itself), `grant-and-become` (another principal). */
  kind: 'admin' | 'admin-equivalent' | 'self-grant' | 'grant-and-become';
  reason: string;
  statements: StatementSource[];
}

export type GraphEdge = EdgeFields;

export interface Hop {
  from: string;
  to: string;
  via: string;
  level: GrantLevel;
  statements: StatementSource[];
  trustStatement?: string;
}

export interface Chain {
  hops: Hop[];
  /** The principal reached, and why it counts as admin. */
  goal: { principal: string; kind: Goal['kind']; reason: string; statements: StatementSource[] };
  level: GrantLevel;
}

export const weaker = (a: GrantLevel, b: GrantLevel): GrantLevel => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'unconditional');
export const asGrant = (level: Level): GrantLevel | undefined => (level === 'none' ? undefined : level);

/** `trust statement "Sid"` or `trust statement #N`. */
export function trustLabel(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `trust statement "${statement.Sid}"` : `trust statement #${index}`;
}

export class PrincipalGraph {
  readonly nodes: GraphNode[] = [];
  readonly byArn = new Map<string, number>();
  /** Accounts whose roles this evaluation cannot see (other shards, failed listings). */
  readonly unseenAccounts: string[];
  /** Milliseconds spent building (for the bench and the docs). */
  buildMs = 0;
  private readonly edges = new EdgeList();
  /** Set on the first walk: the distinct edges, by source and by target. No edge is added after it. */
  private index: { kept: Int32Array; out: Adjacency; incoming: Adjacency } | undefined;
  private solved: SolvedChains | undefined;

  constructor(unseenAccounts: string[]) {
    this.unseenAccounts = unseenAccounts;
  }

  addNode(node: GraphNode): number {
    if (this.index) throw new Error('a principal was added to the graph after it was walked');
    const index = this.nodes.length;
    this.nodes.push(node);
    this.byArn.set(node.arn, index);
    return index;
  }

  /** One edge per (from, to, kind of hop) is kept — PassRole counts once whichever service runs the code — the strongest. */
  addEdge(edge: GraphEdge): void {
    if (this.index) throw new Error('an edge was added to the principal graph after it was walked');
    this.edges.add(edge);
  }

  /** Distinct edges (duplicates of a hop kind between two principals count once). */
  get edgeCount(): number {
    return this.indexed().kept.length;
  }

  private indexed(): { kept: Int32Array; out: Adjacency; incoming: Adjacency } {
    if (!this.index) {
      const kept = this.edges.distinctRows();
      const count = this.nodes.length;
      this.index = {
        kept,
        out: new Adjacency(count, kept, (row) => this.edges.fromOf(row)),
        incoming: new Adjacency(count, kept, (row) => this.edges.toOf(row)),
      };
    }
    return this.index;
  }

  /** Principals reachable from `start` (itself included), with the level of the best chain. */
  reachableFrom(start: number): Map<number, GrantLevel> {
    const { out } = this.indexed();
    const best = new Map<number, GrantLevel>([[start, 'unconditional']]);
    for (const pass of ['unconditional', 'conditional'] as const) {
      const queue = [...best.keys()];
      for (let head = 0; head < queue.length; head++) {
        const node = queue[head]!;
        const level = best.get(node)!;
        for (const row of out.of(node)) {
          const unconditional = this.edges.isUnconditional(row);
          if (pass === 'unconditional' && !unconditional) continue;
          const to = this.edges.toOf(row);
          if (best.has(to)) continue;
          best.set(to, unconditional ? level : 'conditional');
          queue.push(to);
        }
      }
    }
    return best;
  }

  /** Reverse breadth-first search from the goals: every node's next hop on its shortest chain. */
  solve(): void {
    const { incoming } = this.indexed();
    const count = this.nodes.length;
    const blind: Array<number | undefined> = this.nodes.map((node, index) => (node.access ? undefined : index));
    const unknown = this.nodes.flatMap((node, index) => (node.access ? [] : [index]));
    for (let head = 0; head < unknown.length; head++) {
      const node = unknown[head]!;
      for (const row of incoming.of(node)) {
        const from = this.edges.fromOf(row);
        if (blind[from] !== undefined) continue;
        blind[from] = blind[node];
        unknown.push(from);
      }
    }
    const next = new Int32Array(count).fill(-1);
    const reach: Array<GrantLevel | undefined> = this.nodes.map((node) => (node.goal?.level === 'unconditional' ? 'unconditional' : undefined));
    for (const pass of ['unconditional', 'conditional'] as const) {
      const queue: number[] = [];
      this.nodes.forEach((node, index) => {
        if (pass === 'conditional' && node.goal && !reach[index]) reach[index] = 'conditional';
        if (reach[index] === pass || (pass === 'conditional' && reach[index])) queue.push(index);
      });
      for (let head = 0; head < queue.length; head++) {
        const node = queue[head]!;
        for (const row of incoming.of(node)) {
          const from = this.edges.fromOf(row);
          if (reach[from]) continue;
          if (pass === 'unconditional' && !this.edges.isUnconditional(row)) continue;
          reach[from] = pass;
          next[from] = row;
          queue.push(from);
        }
      }
    }
    const nextEdges = Array.from(next, (row) => (row < 0 ? undefined : this.edges.get(row)));
    this.solved = new SolvedChains(this.nodes, this.byArn, nextEdges, reach, blind, this.unseenAccounts);
  }

  /** The answers, once solved: they hold no edge off a chain, no resource and no policy of the graph's. */
  answers(): PrincipalChains {
    if (!this.solved) throw new Error('the principal graph was read before it was solved');
    return this.solved;
  }

  blindSpotFrom(arn: string): string | undefined {
    return this.answers().blindSpotFrom(arn);
  }

  chainFrom(arn: string): Chain | undefined {
    return this.answers().chainFrom(arn);
  }

  unseenAssumeTargets(arn: string): string[] {
    return this.answers().unseenAssumeTargets(arn);
  }
}

/** What an evaluation asks of the principal graph, once it is solved. */
export interface PrincipalChains {
  /**
   * A principal whose policies could not be read (so it may be an admin) that this one can become — when no
   * chain to a known goal exists, the rule cannot decide.
   */
  blindSpotFrom(arn: string): string | undefined;
  /** The shortest chain from a principal to a goal (no hops when the principal is a goal itself). */
  chainFrom(arn: string): Chain | undefined;
  /**
   * Accounts this evaluation did not see whose roles the principal's identity policies let it assume: a
   * chain may continue there (another shard's accounts, or an account whose IAM listing failed).
   */
  unseenAssumeTargets(arn: string): string[];
}

/**
 * The solved graph reduced to its answers: each principal's ARN and goal, the next hop of its shortest
 * chain, and (only when some accounts were not seen) its sts:AssumeRole statements. An evaluation keeps this
 * while it judges every account; the edges, resources and policies of an organization go.
 */
class SolvedChains implements PrincipalChains {
  private readonly arns: string[];
  private readonly goals: Array<Goal | undefined>;
  private readonly assumeStatements = new Map<number, Array<{ notResource: boolean; resources: string[] }>>();

  constructor(
    nodes: GraphNode[],
    private readonly byArn: Map<string, number>,
    private readonly next: Array<GraphEdge | undefined>,
    private readonly reach: Array<GrantLevel | undefined>,
    private readonly blind: Array<number | undefined>,
    private readonly unseenAccounts: string[],
  ) {
    this.arns = nodes.map((node) => node.arn);
    this.goals = nodes.map((node) => node.goal);
    if (unseenAccounts.length === 0) return;
    nodes.forEach((node, index) => {
      if (!node.access || !holdsAction(node.access, 'sts:AssumeRole')) return;
      const statements = node.access.allows.filter((statement) => statement.actions.names().some((name) => name === 'sts:AssumeRole'));
      this.assumeStatements.set(index, statements.map((statement) => ({ notResource: statement.notResource, resources: statement.resources })));
    });
  }
  /**
   * A principal whose policies could not be read (so it may be an admin) that this one can become — when no
   * chain to a known goal exists, the rule cannot decide.
   */
  blindSpotFrom(arn: string): string | undefined {
    const start = this.byArn.get(arn);
    const blind = start === undefined ? undefined : this.blind[start];
    return blind === undefined || blind === start ? undefined : this.arns[blind]!;
  }

  /** The shortest chain from a principal to a goal (no hops when the principal is a goal itself). */
  chainFrom(arn: string): Chain | undefined {
    const start = this.byArn.get(arn);
    if (start === undefined || !this.reach[start]) return undefined;
    const hops: Hop[] = [];
    let node = start;
    const seen = new Set<number>([start]);
    // Stop at a goal, unless the chain through it leads to a stronger (unconditional) goal.
    for (;;) {
      const goal = this.goals[node];
      if (goal && (goal.level === this.reach[node] || !this.next[node])) break;
      const edge = this.next[node];
      if (!edge || seen.has(edge.to)) return undefined;
      hops.push({
        from: this.arns[edge.from]!,
        to: this.arns[edge.to]!,
        via: edge.via,
        level: edge.level,
        statements: edge.statements,
        ...(edge.trustStatement ? { trustStatement: edge.trustStatement } : {}),
      });
      seen.add(edge.to);
      node = edge.to;
    }
    const goal = this.goals[node]!;
    return { hops, goal: { principal: this.arns[node]!, kind: goal.kind, reason: goal.reason, statements: goal.statements }, level: this.reach[start]! };
  }

  /**
   * Accounts this evaluation did not see whose roles the principal's identity policies let it assume: a
   * chain may continue there (another shard's accounts, or an account whose IAM listing failed).
   */
  unseenAssumeTargets(arn: string): string[] {
    const index = this.byArn.get(arn);
    const statements = index === undefined ? undefined : this.assumeStatements.get(index);
    if (!statements) return [];
    return this.unseenAccounts.filter((account) =>
      statements.some(
        (statement) =>
          statement.notResource || statement.resources.some((pattern) => globsOverlap(pattern.replace(/\$\{[^}]*\}/g, '*'), `arn:*:iam::${account}:role/*`)),
      ),
    );
  }
}

