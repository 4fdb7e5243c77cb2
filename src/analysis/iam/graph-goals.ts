/**
 * A principal's goal in the principal graph, from its own policies: admin, admin-equivalent, or admin in
 * one call on itself (its own policies, its group's, a new version of a policy attached to it, or a new
 * role it makes admin) — unless its permissions boundary stays in the way.
 */
import type { IamRoleData, IamUserData } from '../../model/iam.js';
import type { PrincipalAccess } from './access.js';
import { authorize, type RequestFacts } from './authorize.js';
import { actionIndex } from './catalogue.js';
import { asGrant, weaker, type Goal, type GraphNode } from './principal-graph.js';
import { adminEquivalentLevel, adminLevel, type GrantLevel } from './queries.js';

/** Admin, admin-equivalent, or admin in one call on itself; `data` is the principal's resource data. */
export function ownGoal(
  node: GraphNode,
  data: Partial<IamUserData & IamRoleData>,
  index: number,
  access: PrincipalAccess,
  facts: RequestFacts,
  attachedTo: Map<string, number[]>,
): Goal | undefined {
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

