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
 * Built once per evaluation from every evaluated account. A sharded scan evaluates only its own accounts:
 * hops into accounts of other shards are not seen (`unseenAssumeTargets` names them, and the rule says it
 * cannot decide rather than passing).
 */
import type { IamRoleData, IamUserData } from '../../model/iam.js';
import type { AccountDirectory, AccountView, AnalysisScope, SharedAnalyses, Target } from '../../model/inventory.js';
import type { PolicyDocument, PolicyStatement } from '../../model/policy-document.js';
import type { AnyResource } from '../../model/resource.js';
import { accountOfPrincipal, principalEntries, statementCoversAction } from '../resource-policy.js';
import type { PrincipalAccess } from './access.js';
import { authorize, blockedWithoutIdentityGrant, holdsAction, type Level, type RequestFacts } from './authorize.js';
import { actionIndex } from './catalogue.js';
import { evaluateCondition, type DecisionContext } from './conditions.js';
import { actionLevel } from './escalation.js';
import { ESCALATION_PATHS } from './escalation-paths.js';
import { globsOverlap } from './glob-overlap.js';
import type { StatementSource } from './policy.js';
import { accessFor } from './principals.js';
import { adminEquivalentLevel, adminLevel, type GrantLevel } from './queries.js';

export type NodeKind = 'role' | 'user' | 'group';

export interface GraphNode {
  arn: string;
  name: string;
  accountId: string;
  kind: NodeKind;
  resource: AnyResource;
  /** Undefined when the principal's policies could not all be read (it then has no outgoing edges). */
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

export interface GraphEdge {
  from: number;
  to: number;
  /** `assume-role`, `pass-role:<path id>`, `create-access-key` … */
  via: string;
  level: GrantLevel;
  /** The caller's statements that grant the hop (none when a same-account trust alone admits it). */
  statements: StatementSource[];
  /** The trust-policy statement that admits the caller (assume-role hops). */
  trustStatement?: string;
}

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

interface Grant {
  to: number;
  via: string;
  level: GrantLevel;
  statements: StatementSource[];
}

const ROLE = 'aws.iam.role';
const USER = 'aws.iam.user';
const GROUP = 'aws.iam.group';

const weaker = (a: GrantLevel, b: GrantLevel): GrantLevel => (a === 'conditional' || b === 'conditional' ? 'conditional' : 'unconditional');
const asGrant = (level: Level): GrantLevel | undefined => (level === 'none' ? undefined : level);

function isServiceLinked(resource: AnyResource): boolean {
  return ((resource.data as { path?: string }).path ?? '').startsWith('/aws-service-role/');
}

function trustLabel(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `trust statement "${statement.Sid}"` : `trust statement #${index}`;
}

export class PrincipalGraph {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  /** Outgoing edges per node. */
  readonly out: GraphEdge[][] = [];
  readonly byArn = new Map<string, number>();
  /** Accounts whose roles this evaluation cannot see (other shards, failed listings). */
  readonly unseenAccounts: string[];
  /** Milliseconds spent building (for the bench and the docs). */
  buildMs = 0;
  private next: Array<GraphEdge | undefined> = [];
  private reach: Array<GrantLevel | undefined> = [];
  /** Per node: a principal whose policies could not be read, reachable from it (it may be an admin). */
  private blind: Array<number | undefined> = [];
  private solved: SolvedChains | undefined;

  constructor(unseenAccounts: string[]) {
    this.unseenAccounts = unseenAccounts;
  }

  addNode(node: GraphNode): number {
    const index = this.nodes.length;
    this.nodes.push(node);
    this.out.push([]);
    this.byArn.set(node.arn, index);
    return index;
  }

  /** Per source node: (target, hop kind) → edge, keyed by small integers. */
  private readonly edgeIndex: Array<Map<number, GraphEdge>> = [];
  private readonly hopKinds = new Map<string, number>();
  /**
   * Edges repeat their hop name and their caller's statements (one PassRole statement admits every role a
   * service trusts): one copy of each, for an organization's hundreds of thousands of edges.
   */
  private readonly shared = new Map<string, string>();
  private readonly statementIds = new Map<StatementSource, number>();
  private readonly statementLists = new Map<string, StatementSource[]>();

  /** One edge per (from, to, kind of hop) — PassRole counts once whichever service runs the code — the strongest. */
  addEdge(edge: GraphEdge): void {
    const colon = edge.via.indexOf(':');
    const kindName = colon < 0 ? edge.via : edge.via.slice(0, colon);
    let kind = this.hopKinds.get(kindName);
    if (kind === undefined) {
      kind = this.hopKinds.size;
      this.hopKinds.set(kindName, kind);
    }
    const key = edge.to * 64 + kind;
    let index = this.edgeIndex[edge.from];
    if (!index) {
      index = new Map();
      this.edgeIndex[edge.from] = index;
    }
    const existing = index.get(key);
    if (existing) {
      if (existing.level === 'conditional' && edge.level === 'unconditional') Object.assign(existing, this.interned(edge));
      return;
    }
    edge = this.interned(edge);
    index.set(key, edge);
    this.out[edge.from]!.push(edge);
    this.edges.push(edge);
  }

  private interned(edge: GraphEdge): GraphEdge {
    let via = this.shared.get(edge.via);
    if (via === undefined) this.shared.set(edge.via, (via = edge.via));
    const key = edge.statements.map((statement) => {
      let id = this.statementIds.get(statement);
      if (id === undefined) this.statementIds.set(statement, (id = this.statementIds.size));
      return id;
    }).join(',');
    let statements = this.statementLists.get(key);
    if (!statements) this.statementLists.set(key, (statements = edge.statements));
    return { ...edge, via, statements };
  }

  /** Principals reachable from `start` (itself included), with the level of the best chain. */
  reachableFrom(start: number): Map<number, GrantLevel> {
    const best = new Map<number, GrantLevel>([[start, 'unconditional']]);
    for (const pass of ['unconditional', 'conditional'] as const) {
      const queue = [...best.keys()];
      while (queue.length > 0) {
        const node = queue.shift()!;
        const level = best.get(node)!;
        for (const edge of this.out[node]!) {
          if (pass === 'unconditional' && edge.level !== 'unconditional') continue;
          if (best.has(edge.to)) continue;
          best.set(edge.to, weaker(level, edge.level));
          queue.push(edge.to);
        }
      }
    }
    return best;
  }

  /** Reverse breadth-first search from the goals: every node's next hop on its shortest chain. */
  solve(): void {
    const incoming: GraphEdge[][] = this.nodes.map(() => []);
    for (const edge of this.edges) incoming[edge.to]!.push(edge);
    this.blind = this.nodes.map((node, index) => (node.access ? undefined : index));
    const unknown = this.nodes.flatMap((node, index) => (node.access ? [] : [index]));
    for (let head = 0; head < unknown.length; head++) {
      const node = unknown[head]!;
      for (const edge of incoming[node]!) {
        if (this.blind[edge.from] !== undefined) continue;
        this.blind[edge.from] = this.blind[node];
        unknown.push(edge.from);
      }
    }
    this.next = this.nodes.map(() => undefined);
    this.reach = this.nodes.map((node) => (node.goal?.level === 'unconditional' ? 'unconditional' : undefined));
    for (const pass of ['unconditional', 'conditional'] as const) {
      const queue: number[] = [];
      this.nodes.forEach((node, index) => {
        if (pass === 'conditional' && node.goal && !this.reach[index]) this.reach[index] = 'conditional';
        if (this.reach[index] === pass || (pass === 'conditional' && this.reach[index])) queue.push(index);
      });
      for (let head = 0; head < queue.length; head++) {
        const node = queue[head]!;
        for (const edge of incoming[node]!) {
          if (this.reach[edge.from]) continue;
          if (pass === 'unconditional' && edge.level !== 'unconditional') continue;
          this.reach[edge.from] = pass;
          this.next[edge.from] = edge;
          queue.push(edge.from);
        }
      }
    }
    this.solved = new SolvedChains(this.nodes, this.byArn, this.next, this.reach, this.blind, this.unseenAccounts);
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

interface TrustEntry {
  statement: PolicyStatement;
  index: number;
}

/** The trust statements of a role that can let an AWS principal call sts:AssumeRole. */
function trustStatements(trust: PolicyDocument | null | undefined, effect: 'Allow' | 'Deny'): TrustEntry[] {
  if (!trust) return [];
  return trust.Statement.map((statement, index) => ({ statement, index })).filter(
    ({ statement }) => statement.Effect === effect && statementCoversAction(statement, 'sts:AssumeRole'),
  );
}

/** Services a role's trust policy admits (`ec2.amazonaws.com` …), with conditions not decided false. */
function trustedServices(trust: PolicyDocument | null | undefined, context: DecisionContext): Set<string> {
  const services = new Set<string>();
  for (const { statement } of trustStatements(trust, 'Allow')) {
    if (evaluateCondition(statement.Condition, new Map(), context) === 'fails') continue;
    for (const entry of principalEntries(statement.Principal)) if (entry.kind === 'Service') services.add(String(entry.value).toLowerCase());
  }
  return services;
}

/** Builds the graph over every evaluated account. */
export function buildPrincipalGraph(scope: AnalysisScope): PrincipalGraph {
  const started = performance.now();
  const seen = new Set<string>();
  const unseen = new Set<string>();
  for (const { target, errors } of scope.accounts) {
    if (errors.some((error) => error.resourceTypes.includes('*') || error.resourceTypes.includes(ROLE))) unseen.add(target.accountId);
    else seen.add(target.accountId);
  }
  for (const target of scope.directory.all()) if (!seen.has(target.accountId)) unseen.add(target.accountId);
  const graph = new PrincipalGraph([...unseen].sort());
  const views = new Map<string, AccountView>();
  const byId = new Map<string, number>();
  const byAccount = new Map<string, number[]>();

  for (const { target, account } of scope.accounts) {
    if (views.has(target.accountId)) continue;
    views.set(target.accountId, account);
    const members: number[] = [];
    for (const type of [ROLE, USER, GROUP] as const) {
      for (const resource of account.ofType(type) as unknown as AnyResource[]) {
        if (graph.byArn.has(resource.arn)) continue;
        const result = accessFor(resource, account, scope.now);
        const kind: NodeKind = type === ROLE ? 'role' : type === USER ? 'user' : 'group';
        const index = graph.addNode({
          arn: resource.arn,
          name: resource.name,
          accountId: resource.accountId,
          kind,
          resource,
          ...(result.ok ? { access: result.access } : {}),
        });
        const data = resource.data as { roleId?: string; userId?: string };
        const id = data.roleId ?? data.userId;
        if (id) byId.set(id, index);
        if (kind !== 'group') members.push(index);
      }
    }
    byAccount.set(target.accountId, members);
  }

  const organizationId = scope.directory.organizationId;
  const contexts = { role: { now: scope.now, principal: 'role' }, user: { now: scope.now, principal: 'user' }, group: { now: scope.now } } as const;
  const contextOf = (node: GraphNode): DecisionContext => contexts[node.kind];
  const factsCacheByNode = new Map<GraphNode, RequestFacts>();
  const factsOf = (node: GraphNode): RequestFacts => {
    let facts = factsCacheByNode.get(node);
    if (!facts) {
      facts = { context: contextOf(node), variables: node.kind === 'user' ? new Map([['aws:username', node.name]]) : new Map() };
      factsCacheByNode.set(node, facts);
    }
    return facts;
  };
  const factsCache = new Map<GraphNode, Map<string, string>>();
  const principalFacts = (node: GraphNode): Map<string, string> => {
    const cached = factsCache.get(node);
    if (cached) return cached;
    const known = new Map<string, string>([
      ['aws:principalarn', node.arn],
      ['aws:principalaccount', node.accountId],
      ['aws:principaltype', node.kind === 'role' ? 'AssumedRole' : 'User'],
    ]);
    if (node.kind === 'user') known.set('aws:username', node.name);
    if (organizationId && scope.directory.get(node.accountId)) known.set('aws:principalorgid', organizationId);
    factsCache.set(node, known);
    return known;
  };

  // Goals of their own: admin, admin-equivalent, or admin in one call on themselves.
  const attachedTo = policyAttachments(graph);
  graph.nodes.forEach((node, index) => {
    if (!node.access) return;
    const goal = ownGoal(node, index, node.access, factsOf(node), attachedTo);
    if (goal) node.goal = goal;
  });

  // Edges.
  const servicesByAccount = new Map<string, Map<string, number[]>>();
  const rolesByService = (accountId: string): Map<string, number[]> => {
    let byService = servicesByAccount.get(accountId);
    if (!byService) {
      byService = new Map();
      for (const to of byAccount.get(accountId) ?? []) {
        const role = graph.nodes[to]!;
        if (role.kind !== 'role' || isServiceLinked(role.resource)) continue;
        for (const service of trustedServices((role.resource.data as Partial<IamRoleData>).trustPolicy, { now: scope.now, principal: 'role' })) {
          const list = byService.get(service) ?? [];
          list.push(to);
          byService.set(service, list);
        }
      }
      servicesByAccount.set(accountId, byService);
    }
    return byService;
  };
  const grants = new Map<number, Grant[]>();
  graph.nodes.forEach((node, from) => {
    if (!node.access || node.kind === 'group') return;
    const access = node.access;
    const facts = factsOf(node);
    const members = byAccount.get(node.accountId) ?? [];
    const sameAccount = (kind: NodeKind): number[] =>
      (kind === 'group' ? groupsOf(graph, node.accountId) : members).filter((to) => to !== from && graph.nodes[to]!.kind === kind);

    for (const [action, via, kind] of [
      ['iam:UpdateAssumeRolePolicy', 'update-assume-role-policy', 'role'],
      ['iam:CreateAccessKey', 'create-access-key', 'user'],
      ['iam:CreateLoginProfile', 'create-login-profile', 'user'],
      ['iam:UpdateLoginProfile', 'update-login-profile', 'user'],
    ] as const) {
      if (!holdsAction(access, action)) continue;
      for (const to of sameAccount(kind)) {
        const target = graph.nodes[to]!;
        if (isServiceLinked(target.resource) || !passwordFits(via, target)) continue;
        const granted = authorize(access, action, target.arn, facts);
        const level = asGrant(granted.level);
        if (level) graph.addEdge({ from, to, via, level, statements: granted.statements });
      }
    }

    if (node.kind === 'user' && holdsAction(access, 'iam:AddUserToGroup')) {
      const memberOf = new Set(((node.resource.data as Partial<IamUserData>).groups ?? []).map((group) => group.arn));
      for (const to of sameAccount('group')) {
        if (memberOf.has(graph.nodes[to]!.arn)) continue;
        const granted = authorize(access, 'iam:AddUserToGroup', graph.nodes[to]!.arn, facts);
        const level = asGrant(granted.level);
        if (level) graph.addEdge({ from, to, via: 'add-user-to-group', level, statements: granted.statements });
      }
    }

    if (holdsAction(access, 'iam:PassRole')) passRoleEdges(graph, from, rolesByService(node.accountId), facts);

    const granted = grantEdges(graph, from, facts, attachedTo, sameAccount);
    if (granted.length > 0) grants.set(from, granted);
  });
  assumeRoleEdges(graph, byAccount, byId, principalFacts, factsOf, contextOf);

  // Making another principal admin counts when the caller can then become it.
  for (const [from, list] of grants) {
    const node = graph.nodes[from]!;
    if (node.goal?.level === 'unconditional') continue;
    const reachable = graph.reachableFrom(from);
    for (const grant of list) {
      const reach = reachable.get(grant.to);
      if (!reach) continue;
      const level = weaker(reach, grant.level);
      if (node.goal && !(node.goal.level === 'conditional' && level === 'unconditional')) continue;
      node.goal = {
        level,
        kind: 'grant-and-become',
        reason: `can make ${graph.nodes[grant.to]!.arn} admin (${grant.via}) and can become it`,
        statements: grant.statements,
      };
    }
  }

  graph.solve();
  graph.buildMs = performance.now() - started;
  return graph;
}

function groupsOf(graph: PrincipalGraph, accountId: string): number[] {
  const found: number[] = [];
  graph.nodes.forEach((node, index) => {
    if (node.kind === 'group' && node.accountId === accountId) found.push(index);
  });
  return found;
}

/** CreateLoginProfile needs a user without a password, UpdateLoginProfile one with (when the report says). */
function passwordFits(via: string, target: GraphNode): boolean {
  if (via !== 'create-login-profile' && via !== 'update-login-profile') return true;
  const credentials = (target.resource.data as Partial<IamUserData>).credentials;
  if (!credentials) return true;
  return via === 'create-login-profile' ? !credentials.passwordEnabled : credentials.passwordEnabled;
}

/** Customer managed policy ARN → principals (roles, users, and users through their groups) it applies to. */
function policyAttachments(graph: PrincipalGraph): Map<string, number[]> {
  const attached = new Map<string, number[]>();
  const add = (arn: string, index: number): void => {
    if (/^arn:[^:]+:iam::aws:/.test(arn)) return; // AWS managed: no one can write a new version
    const list = attached.get(arn) ?? [];
    if (!list.includes(index)) list.push(index);
    attached.set(arn, list);
  };
  graph.nodes.forEach((node, index) => {
    const data = node.resource.data as Partial<IamRoleData & IamUserData>;
    for (const ref of data.attachedPolicies ?? []) add(ref.arn, index);
    for (const group of data.groups ?? []) for (const ref of group.attachedPolicies) add(ref.arn, index);
  });
  return attached;
}

/** Admin, admin-equivalent, or admin in one call on itself. */
function ownGoal(node: GraphNode, index: number, access: PrincipalAccess, facts: RequestFacts, attachedTo: Map<string, number[]>): Goal | undefined {
  const admin = adminLevel(access);
  if (admin === 'unconditional') return { level: admin, kind: 'admin', reason: 'full admin (every action on every resource)', statements: [] };
  const equivalent = adminEquivalentLevel(access);
  if (equivalent === 'unconditional') return { level: equivalent, kind: 'admin-equivalent', reason: 'admin by one-step escalation (every IAM permissions-management action on every resource)', statements: [] };
  const candidates: Goal[] = [];
  if (admin) candidates.push({ level: admin, kind: 'admin', reason: 'full admin, under a condition', statements: [] });
  if (equivalent) candidates.push({ level: equivalent, kind: 'admin-equivalent', reason: 'admin by one-step escalation, under a condition', statements: [] });
  if (node.kind === 'group') return candidates[0];

  const selfWrites = node.kind === 'role' ? ['iam:PutRolePolicy', 'iam:AttachRolePolicy'] : ['iam:PutUserPolicy', 'iam:AttachUserPolicy'];
  const targets: Array<{ action: string; arn: string; what: string }> = selfWrites.map((action) => ({ action, arn: node.arn, what: 'on itself' }));
  const data = node.resource.data as Partial<IamUserData & IamRoleData>;
  for (const group of data.groups ?? []) {
    for (const action of ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy']) targets.push({ action, arn: group.arn, what: `on its group ${group.name}` });
  }
  for (const [policy, holders] of attachedTo) {
    if (holders.includes(index)) targets.push({ action: 'iam:CreatePolicyVersion', arn: policy, what: `on its policy ${policy}` });
  }
  const boundary = boundaryEscape(node, access, facts);
  for (const { action, arn, what } of targets) {
    const granted = authorize(access, action, arn, facts);
    const level = asGrant(granted.level);
    if (!level || boundary === undefined) continue;
    candidates.push({ level: weaker(level, boundary), kind: 'self-grant', reason: `can grant itself admin: ${action} ${what}`, statements: granted.statements });
  }
  // A new role it makes admin and assumes (a same-account trust naming it needs no identity permission).
  // Creating any role and writing any role's policies: a new role it makes admin and assumes (a
  // same-account trust naming it needs no identity permission).
  const create = broadLevel(access, 'iam:CreateRole');
  const write = broadLevel(access, 'iam:AttachRolePolicy') ?? broadLevel(access, 'iam:PutRolePolicy');
  if (create && write && boundaryEscape(node, access, facts) !== undefined) {
    candidates.push({ level: weaker(create, write), kind: 'self-grant', reason: 'can create a role, make it admin and assume it', statements: [] });
  }
  return candidates.find((goal) => goal.level === 'unconditional') ?? candidates[0];
}

/** Granted on every resource (unconditionally, or under a condition). */
function broadLevel(access: PrincipalAccess, action: string): GrantLevel | undefined {
  const index = actionIndex(action);
  if (index === undefined) return undefined;
  if (access.unconditional.has(index)) return 'unconditional';
  return access.conditional.has(index) ? 'conditional' : undefined;
}

/**
 * Writing its own policies makes a principal admin only if its boundary does not cap it: no boundary, or it
 * may remove or replace its own boundary. Undefined when the boundary stays.
 */
function boundaryEscape(node: GraphNode, access: PrincipalAccess, facts: RequestFacts): GrantLevel | undefined {
  if (!access.boundary) return 'unconditional';
  const actions = node.kind === 'role' ? ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'] : ['iam:DeleteUserPermissionsBoundary', 'iam:PutUserPermissionsBoundary'];
  let best: GrantLevel | undefined;
  for (const action of actions) {
    const level = asGrant(authorize(access, action, node.arn, facts).level);
    if (level === 'unconditional') return level;
    best ??= level;
  }
  return best;
}

/** Principals the caller can make admin: policies written onto them, or a new version of their policy. */
function grantEdges(
  graph: PrincipalGraph,
  from: number,
  facts: RequestFacts,
  attachedTo: Map<string, number[]>,
  sameAccount: (kind: NodeKind) => number[],
): Grant[] {
  const access = graph.nodes[from]!.access!;
  const found: Grant[] = [];
  const writes: Array<[NodeKind, string[]]> = [
    ['role', ['iam:PutRolePolicy', 'iam:AttachRolePolicy']],
    ['user', ['iam:PutUserPolicy', 'iam:AttachUserPolicy']],
    ['group', ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy']],
  ];
  for (const [kind, actions] of writes) {
    const held = actions.filter((action) => holdsAction(access, action));
    if (held.length === 0) continue;
    for (const to of sameAccount(kind)) {
      const target = graph.nodes[to]!;
      if (isServiceLinked(target.resource)) continue;
      // A target's own boundary still caps what a new policy gives it.
      if ((target.resource.data as { permissionsBoundary?: string | null }).permissionsBoundary) continue;
      for (const action of held) {
        const granted = authorize(access, action, target.arn, facts);
        const level = asGrant(granted.level);
        if (level) {
          found.push({ to, via: action, level, statements: granted.statements });
          break;
        }
      }
    }
  }
  if (holdsAction(access, 'iam:CreatePolicyVersion')) {
    const accountId = graph.nodes[from]!.accountId;
    for (const [policy, holders] of attachedTo) {
      if (accountOfPrincipal(policy) !== accountId) continue;
      const granted = authorize(access, 'iam:CreatePolicyVersion', policy, facts);
      const level = asGrant(granted.level);
      if (!level) continue;
      for (const to of holders) {
        if (to === from || (graph.nodes[to]!.resource.data as { permissionsBoundary?: string | null }).permissionsBoundary) continue;
        found.push({ to, via: `iam:CreatePolicyVersion on ${policy}`, level, statements: granted.statements });
      }
    }
  }
  return found;
}

/**
 * PassRole to a service that runs code, with the path's other calls: the caller runs code as the role. One
 * authorization per (role, service), whichever of the service's paths is strongest.
 */
function passRoleEdges(graph: PrincipalGraph, from: number, byService: Map<string, number[]>, facts: RequestFacts): void {
  const access = graph.nodes[from]!.access!;
  const bestPath = new Map<string, { id: string; level: GrantLevel }>();
  for (const path of ESCALATION_PATHS) {
    if (!path.passRoleTo || path.targetDependent) continue;
    const candidates = byService.get(path.passRoleTo);
    if (!candidates) continue;
    let level: GrantLevel | undefined = 'unconditional';
    for (const group of path.requires) {
      if (group.includes('iam:PassRole')) continue;
      let best: GrantLevel | undefined;
      for (const action of group) {
        const found = asGrant(actionLevel(access, action, /^iam:/.test(action)));
        if (found === 'unconditional') {
          best = found;
          break;
        }
        best ??= found;
      }
      level = best && level ? weaker(level, best) : undefined;
      if (!level) break;
    }
    if (!level) continue;
    const previous = bestPath.get(path.passRoleTo);
    if (!previous || (previous.level === 'conditional' && level === 'unconditional')) bestPath.set(path.passRoleTo, { id: path.id, level });
  }
  for (const [service, path] of bestPath) {
    const known = new Map([['iam:passedtoservice', service]]);
    const serviceFacts: RequestFacts = { ...facts, known, knownKey: `iam:passedtoservice=${service}` };
    for (const to of byService.get(service)!) {
      if (to === from) continue;
      const granted = authorize(access, 'iam:PassRole', graph.nodes[to]!.arn, serviceFacts);
      const passLevel = asGrant(granted.level);
      if (passLevel) graph.addEdge({ from, to, via: `pass-role:${path.id}`, level: weaker(path.level, passLevel), statements: granted.statements });
    }
  }
}

interface Admitted {
  from: number;
  /** The trust names the caller itself (ARN, unique id) or anyone: same account needs no identity grant. */
  named: boolean;
  level: GrantLevel;
  trustStatement?: string;
}

/** Edges from trust policies: who each role admits, and whether the caller's own policies let it. */
function assumeRoleEdges(
  graph: PrincipalGraph,
  byAccount: Map<string, number[]>,
  byId: Map<string, number>,
  principalFacts: (node: GraphNode) => Map<string, string>,
  factsOf: (node: GraphNode) => RequestFacts,
  contextOf: (node: GraphNode) => DecisionContext,
): void {
  const everyone = graph.nodes.map((_, index) => index).filter((index) => graph.nodes[index]!.kind !== 'group');
  const assumers = new Set(everyone.filter((index) => graph.nodes[index]!.access && holdsAction(graph.nodes[index]!.access!, 'sts:AssumeRole')));
  graph.nodes.forEach((role, to) => {
    if (role.kind !== 'role' || isServiceLinked(role.resource)) return;
    const trust = (role.resource.data as Partial<IamRoleData>).trustPolicy;
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
  principalFacts: (node: GraphNode) => Map<string, string>,
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
        entry.value === (caller.resource.data as { roleId?: string; userId?: string }).roleId ||
        entry.value === (caller.resource.data as { roleId?: string; userId?: string }).userId),
  );
  if (!names) return false;
  return evaluateCondition(statement.Condition, principalFacts(caller), contextOf(caller)) === 'holds';
}

const GRAPH_KEY = 'iam.principal-graph';

/** What the graph reads of a rule's context. */
interface GraphContext {
  analyses?: SharedAnalyses;
  account: AccountView;
  target: Target;
  directory: AccountDirectory;
  now: Date;
}
const singleAccount = new WeakMap<AccountView, Map<number, PrincipalChains>>();

/**
 * The evaluation's principal graph, solved and reduced to its answers, from the shared analyses (built
 * once, over every evaluated account); without them (a context built by hand), a graph of the rule's own
 * account, cached per account view.
 */
export function principalGraphFor(context: GraphContext): PrincipalChains {
  if (context.analyses) return context.analyses.get(GRAPH_KEY, (scope) => buildPrincipalGraph(scope).answers());
  let byClock = singleAccount.get(context.account);
  if (!byClock) {
    byClock = new Map();
    singleAccount.set(context.account, byClock);
  }
  let graph = byClock.get(context.now.getTime());
  if (!graph) {
    graph = buildPrincipalGraph({ accounts: [{ target: context.target, account: context.account, errors: [] }], directory: context.directory, now: context.now }).answers();
    byClock.set(context.now.getTime(), graph);
  }
  return graph;
}
