/**
 * Builds the principal graph (`principal-graph.ts`) an account at a time. Every hop but assume-role stays in
 * its account (a trust rewrite, new credentials, PassRole, group membership, making another principal
 * admin), so each account's principals are read from the scope, their goals and own-account hops found,
 * and their policies narrowed to what decides `sts:AssumeRole` before the next account is read. Then the
 * trust policies of every role add the assume-role hops, within and across accounts.
 */
import type { IamRoleData, IamUserData } from '../../model/iam.js';
import type { AccountDirectory, AccountView, AnalysisScope, SharedAnalyses, Target } from '../../model/inventory.js';
import type { AnyResource } from '../../model/resource.js';
import { accountOfPrincipal } from '../resource-policy.js';
import { authorize, holdsAction, narrowedTo, type RequestFacts } from './authorize.js';
import type { DecisionContext } from './conditions.js';
import { EdgeList } from './edge-list.js';
import { actionLevel } from './escalation.js';
import { ESCALATION_PATHS } from './escalation-paths.js';
import { ownGoal } from './graph-goals.js';
import { assumeRoleEdges, trustedServices } from './graph-trust.js';
import { PrincipalGraph, asGrant, weaker, type GraphNode, type NodeKind, type PrincipalChains } from './principal-graph.js';
import { accessFor } from './principals.js';
import type { GrantLevel } from './queries.js';
import { InternedJson, InternedStrings } from '../../text/interned.js';

const ROLE = 'aws.iam.role';
const USER = 'aws.iam.user';
const GROUP = 'aws.iam.group';

type PrincipalData = Partial<IamRoleData & IamUserData>;

/** How the build asks about a principal: the request facts of its calls, and its decision context. */
interface Callers {
  factsOf(node: GraphNode): RequestFacts;
  contextOf(node: GraphNode): DecisionContext;
  /** What a trust condition can know of the caller: read it before asking again (the map is reused). */
  principalFacts(node: GraphNode): ReadonlyMap<string, string>;
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
  const callers = callersOf(scope);
  const byId = new Map<string, number>();
  const byAccount = new Map<string, number[]>();
  // Principals each caller can make admin (rows grouped by caller, in caller order).
  const grants = new EdgeList();

  const built = new Set<string>();
  const shared = { trusts: new InternedJson(), strings: new InternedStrings() };
  for (const entry of scope.accounts) {
    if (built.has(entry.target.accountId)) continue;
    built.add(entry.target.accountId);
    const first = graph.nodes.length;
    const resources = addPrincipals(graph, entry.view(), scope.now, byId, shared);
    byAccount.set(
      entry.target.accountId,
      resources.flatMap((_, offset) => (graph.nodes[first + offset]!.kind === 'group' ? [] : [first + offset])),
    );
    buildAccount(graph, first, resources, callers, scope.now, grants);
    for (let index = first; index < graph.nodes.length; index++) {
      const node = graph.nodes[index]!;
      if (node.access) node.access = narrowedTo(node.access, 'sts:AssumeRole');
    }
  }
  assumeRoleEdges(graph, byAccount, byId, callers.principalFacts, callers.factsOf, callers.contextOf);

  // Making another principal admin counts when the caller can then become it.
  for (let row = 0; row < grants.length; ) {
    const from = grants.fromOf(row);
    const node = graph.nodes[from]!;
    const reachable = graph.reachableFrom(from);
    for (; row < grants.length && grants.fromOf(row) === from; row++) {
      const reach = reachable.get(grants.toOf(row));
      if (!reach) continue;
      const grant = grants.get(row);
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

/**
 * Adds one account's roles, users and groups; returns their resources, in node order. An organization's
 * roles mostly repeat a few trust policies (a service's, the squad's CI role's): each distinct one, and
 * each account id, is held once however many nodes name it.
 */
function addPrincipals(
  graph: PrincipalGraph,
  account: AccountView,
  now: Date,
  byId: Map<string, number>,
  shared: { trusts: InternedJson; strings: InternedStrings },
): AnyResource[] {
  const added: AnyResource[] = [];
  for (const type of [ROLE, USER, GROUP] as const) {
    for (const resource of account.ofType(type) as unknown as AnyResource[]) {
      if (graph.byArn.has(resource.arn)) continue;
      const result = accessFor(resource, account, now);
      const data = resource.data as PrincipalData;
      const kind: NodeKind = type === ROLE ? 'role' : type === USER ? 'user' : 'group';
      const uniqueId = data.roleId ?? data.userId;
      const index = graph.addNode({
        arn: resource.arn,
        name: resource.name,
        accountId: shared.strings.of(resource.accountId),
        kind,
        ...(uniqueId ? { uniqueId } : {}),
        serviceLinked: (data.path ?? '').startsWith('/aws-service-role/'),
        ...(kind === 'role' ? { trust: data.trustPolicy ? shared.trusts.of(data.trustPolicy) : null } : {}),
        ...(result.ok ? { access: result.access } : {}),
      });
      if (uniqueId) byId.set(uniqueId, index);
      added.push(resource);
    }
  }
  return added;
}

/**
 * Request facts per principal (a user's name for `${aws:username}`; a role's or group's are those of its
 * kind), and the facts a trust condition reads, filled in when asked: an organization has tens of thousands
 * of principals, and holding a map for each would cost more than filling one.
 */
function callersOf(scope: AnalysisScope): Callers {
  const organizationId = scope.directory.organizationId;
  const contexts = { role: { now: scope.now, principal: 'role' }, user: { now: scope.now, principal: 'user' }, group: { now: scope.now } } as const;
  const contextOf = (node: GraphNode): DecisionContext => contexts[node.kind];
  const byKind = { role: { context: contexts.role }, group: { context: contexts.group } };
  const userFacts = new WeakMap<GraphNode, RequestFacts>();
  const known = new Map<string, string>();
  return {
    contextOf,
    factsOf: (node) => {
      if (node.kind !== 'user') return byKind[node.kind];
      let facts = userFacts.get(node);
      if (!facts) {
        facts = { context: contexts.user, variables: new Map([['aws:username', node.name]]) };
        userFacts.set(node, facts);
      }
      return facts;
    },
    // One map refilled per caller: a trust policy trusting anyone under a condition asks it of every
    // principal of the organization, for each such role.
    principalFacts: (node) => {
      known.clear();
      known.set('aws:principalarn', node.arn);
      known.set('aws:principalaccount', node.accountId);
      known.set('aws:principaltype', node.kind === 'role' ? 'AssumedRole' : 'User');
      if (node.kind === 'user') known.set('aws:username', node.name);
      if (organizationId && scope.directory.get(node.accountId)) known.set('aws:principalorgid', organizationId);
      return known;
    },
  };
}

/**
 * One account's goals and own-account hops: nodes `first` … the end of the graph, whose resources are
 * `resources` (in node order). Rows of `grants` are added for the principals each caller can make admin.
 */
function buildAccount(graph: PrincipalGraph, first: number, resources: AnyResource[], callers: Callers, now: Date, grants: EdgeList): void {
  const members = resources.map((_, offset) => first + offset);
  const dataOf = (index: number): PrincipalData => resources[index - first]!.data as PrincipalData;
  const attachedTo = policyAttachments(members, dataOf);

  // Goals of their own: admin, admin-equivalent, or admin in one call on itself.
  for (const index of members) {
    const node = graph.nodes[index]!;
    if (!node.access) continue;
    const goal = ownGoal(node, dataOf(index), index, node.access, callers.factsOf(node), attachedTo);
    if (goal) node.goal = goal;
  }

  const byService = new Map<string, number[]>();
  for (const to of members) {
    const role = graph.nodes[to]!;
    if (role.kind !== 'role' || role.serviceLinked) continue;
    for (const service of trustedServices(role.trust, { now, principal: 'role' })) {
      const list = byService.get(service) ?? [];
      list.push(to);
      byService.set(service, list);
    }
  }

  for (const from of members) {
    const node = graph.nodes[from]!;
    if (!node.access || node.kind === 'group') continue;
    const access = node.access;
    const facts = callers.factsOf(node);
    const sameAccount = (kind: NodeKind): number[] => members.filter((to) => to !== from && graph.nodes[to]!.kind === kind);

    for (const [action, via, kind] of [
      ['iam:UpdateAssumeRolePolicy', 'update-assume-role-policy', 'role'],
      ['iam:CreateAccessKey', 'create-access-key', 'user'],
      ['iam:CreateLoginProfile', 'create-login-profile', 'user'],
      ['iam:UpdateLoginProfile', 'update-login-profile', 'user'],
    ] as const) {
      if (!holdsAction(access, action)) continue;
      for (const to of sameAccount(kind)) {
        const target = graph.nodes[to]!;
        if (target.serviceLinked || !passwordFits(via, dataOf(to))) continue;
        const granted = authorize(access, action, target.arn, facts);
        const level = asGrant(granted.level);
        if (level) graph.addEdge({ from, to, via, level, statements: granted.statements });
      }
    }

    if (node.kind === 'user' && holdsAction(access, 'iam:AddUserToGroup')) {
      const memberOf = new Set((dataOf(from).groups ?? []).map((group) => group.arn));
      for (const to of sameAccount('group')) {
        if (memberOf.has(graph.nodes[to]!.arn)) continue;
        const granted = authorize(access, 'iam:AddUserToGroup', graph.nodes[to]!.arn, facts);
        const level = asGrant(granted.level);
        if (level) graph.addEdge({ from, to, via: 'add-user-to-group', level, statements: granted.statements });
      }
    }

    if (holdsAction(access, 'iam:PassRole')) passRoleEdges(graph, from, byService, facts);
    // An unconditional admin already: making others admin adds nothing to its chain.
    if (node.goal?.level !== 'unconditional') grantEdges(graph, from, facts, attachedTo, sameAccount, dataOf, grants);
  }
}

/** CreateLoginProfile needs a user without a password, UpdateLoginProfile one with (when the report says). */
function passwordFits(via: string, target: PrincipalData): boolean {
  if (via !== 'create-login-profile' && via !== 'update-login-profile') return true;
  const credentials = target.credentials;
  if (!credentials) return true;
  return via === 'create-login-profile' ? !credentials.passwordEnabled : credentials.passwordEnabled;
}

/** Customer managed policy ARN → principals (roles, users, and users through their groups) it applies to. */
function policyAttachments(members: number[], dataOf: (index: number) => PrincipalData): Map<string, number[]> {
  const attached = new Map<string, number[]>();
  const add = (arn: string, index: number): void => {
    if (/^arn:[^:]+:iam::aws:/.test(arn)) return; // AWS managed: no one can write a new version
    const list = attached.get(arn) ?? [];
    if (!list.includes(index)) list.push(index);
    attached.set(arn, list);
  };
  for (const index of members) {
    const data = dataOf(index);
    for (const ref of data.attachedPolicies ?? []) add(ref.arn, index);
    for (const group of data.groups ?? []) for (const ref of group.attachedPolicies) add(ref.arn, index);
  }
  return attached;
}

/** Principals the caller can make admin: policies written onto them, or a new version of their policy. */
function grantEdges(
  graph: PrincipalGraph,
  from: number,
  facts: RequestFacts,
  attachedTo: Map<string, number[]>,
  sameAccount: (kind: NodeKind) => number[],
  dataOf: (index: number) => PrincipalData,
  found: EdgeList,
): void {
  const access = graph.nodes[from]!.access!;
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
      // A target's own boundary still caps what a new policy gives it.
      if (target.serviceLinked || dataOf(to).permissionsBoundary) continue;
      for (const action of held) {
        const granted = authorize(access, action, target.arn, facts);
        const level = asGrant(granted.level);
        if (level) {
          found.add({ from, to, via: action, level, statements: granted.statements });
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
        if (to === from || dataOf(to).permissionsBoundary) continue;
        found.add({ from, to, via: `iam:CreatePolicyVersion on ${policy}`, level, statements: granted.statements });
      }
    }
  }
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
    graph = buildPrincipalGraph({ accounts: [{ target: context.target, view: () => context.account, errors: [] }], directory: context.directory, now: context.now }).answers();
    byClock.set(context.now.getTime(), graph);
  }
  return graph;
}
