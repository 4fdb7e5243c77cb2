/**
 * Squad isolation: each cross-account grant judged against the account directory (which account belongs to
 * which squad and has which type). Pure: needs the resource's own account and the directory, never another
 * account's resources, so a shard judges its accounts exactly as an unsharded scan would.
 */
import type { AccountDirectory, Target } from '../model/inventory.js';
import type { AccessLevel } from './iam/catalogue.js';
import type { AccessEdge } from './access-edges.js';

export const ACCESS_LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Settings every isolation rule shares (each rule's params; defaults below). */
export interface IsolationParams extends Record<string, unknown> {
  /** Account types that are platform accounts (data lake, security/audit, log archive). */
  platformAccountTypes: string[];
  /** Further platform account ids, whatever their type. */
  platformAccounts: string[];
  /** Accounts outside the organization that may be granted access, each with the reason. */
  partners: Array<{ accountId: string; reason: string }>;
}

export const ISOLATION_DEFAULTS: IsolationParams = {
  platformAccountTypes: ['platform', 'data-lake', 'security', 'log-archive'],
  platformAccounts: [],
  partners: [],
};

export const ISOLATION_PARAM_SCHEMA = {
  platformAccountTypes: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Account types that are platform accounts.' },
  platformAccounts: { type: 'array', items: { type: 'string', pattern: '^[0-9]{12}$' }, description: 'Further platform account ids.' },
  partners: {
    type: 'array',
    description: 'Accounts outside the organization that may be granted access, each with a reason.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['accountId', 'reason'],
      properties: { accountId: { type: 'string', pattern: '^[0-9]{12}$' }, reason: { type: 'string', minLength: 1 } },
    },
  },
} as const;

/**
 * The squad's MLOps path: grantee account type → resource account type → the access levels allowed inside
 * one squad. Anything not listed is not allowed. Policies may only tighten it (the param schema caps each
 * entry at these levels); loosening it needs a waiver.
 */
export const DEFAULT_FLOWS: Record<string, AccessLevel[]> = {
  'tooling->serving-nonprod': ACCESS_LEVELS,
  'tooling->serving-prod': ACCESS_LEVELS,
  'serving-nonprod->modeling': ['List', 'Read'],
  'serving-prod->modeling': ['List', 'Read'],
  'tooling->modeling': ['List', 'Read'],
  'modeling->tooling': ['List', 'Read'],
};

export type EdgeClass =
  | { kind: 'platform'; grantee?: Target; reason: string }
  | { kind: 'same-squad'; grantee: Target; flow: string }
  | { kind: 'cross-squad'; grantee: Target }
  | { kind: 'org-wide'; members: number }
  | { kind: 'external'; accountId?: string; reason: string }
  /** Not in a directory that may be incomplete: inside or outside the organization cannot be told. */
  | { kind: 'unknown'; accountId: string; reason: string }
  | { kind: 'partner'; accountId: string; reason: string };

const isPlatform = (target: Target | undefined, params: IsolationParams): boolean =>
  target !== undefined && (params.platformAccounts.includes(target.accountId) || (target.accountType !== undefined && params.platformAccountTypes.includes(target.accountType)));

/**
 * Directory accounts under OU paths. aws:PrincipalOrgPaths spells them `o-…/r-…/ou-…/` (a trailing `*`
 * for descendants) while directory paths start at the root (`r-…/ou-…`); OU and root ids are unique, so an
 * account is under a path when its own path passes through the path's last OU (or root).
 */
function membersOf(paths: string[], directory: AccountDirectory): Target[] {
  const anchors = paths.map((path) => path.replace(/\*$/, '').replace(/\/$/, '').split('/').pop() ?? path);
  return directory.all().filter((target) => {
    const segments = target.ouPath?.split('/') ?? [];
    return anchors.some((anchor) => segments.includes(anchor));
  });
}

/** Classifies one edge of a resource in `owner`'s account. */
export function classifyEdge(edge: AccessEdge, owner: Target, directory: AccountDirectory, params: IsolationParams): EdgeClass {
  const grantee = edge.grantee;
  if (grantee.kind === 'anyone') {
    // The message already says "to anyone": the reason says why `*` stays public.
    return {
      kind: 'external',
      reason: grantee.via === 'no condition'
        ? 'no condition narrows the principal "*" to an account or the organization'
        : `its conditions (${grantee.via}) do not narrow the principal "*" to an account or the organization`,
    };
  }
  if (grantee.kind === 'organization') {
    if (grantee.organizationId && directory.organizationId && grantee.organizationId !== directory.organizationId) {
      return { kind: 'external', reason: `granted to another organization ${grantee.organizationId}` };
    }
    if (isPlatform(owner, params)) return { kind: 'platform', reason: 'a platform account\'s resource may be shared with the organization' };
    if (grantee.orgPaths) {
      const members = membersOf(grantee.orgPaths, directory);
      const foreign = members.filter((member) => member.squad !== owner.squad && !isPlatform(member, params));
      if (members.length > 0 && foreign.length === 0 && owner.squad) {
        return { kind: 'platform', reason: `the OU paths hold only squad ${owner.squad}'s and platform accounts` };
      }
      return { kind: 'org-wide', members: members.length };
    }
    return { kind: 'org-wide', members: directory.all().length };
  }
  const target = directory.get(grantee.accountId);
  if (!target) {
    const partner = params.partners.find((candidate) => candidate.accountId === grantee.accountId);
    if (partner) return { kind: 'partner', accountId: grantee.accountId, reason: partner.reason };
    if (!directory.complete) {
      return {
        kind: 'unknown',
        accountId: grantee.accountId,
        reason: `account ${grantee.accountId} is not in the account directory, which does not list the whole organization: give --directory (an accounts file of the organization) or scan with --org`,
      };
    }
    return {
      kind: 'external',
      accountId: grantee.accountId,
      reason: directory.organizationId
        ? `account ${grantee.accountId} is not in organization ${directory.organizationId}`
        : `account ${grantee.accountId} is not in the account directory of the organization`,
    };
  }
  if (isPlatform(target, params)) return { kind: 'platform', grantee: target, reason: `${describeTarget(target)} is a platform account` };
  if (isPlatform(owner, params)) return { kind: 'platform', grantee: target, reason: 'the resource is in a platform account' };
  if (!owner.squad || !target.squad || owner.squad !== target.squad) return { kind: 'cross-squad', grantee: target };
  return { kind: 'same-squad', grantee: target, flow: `${target.accountType ?? 'unknown'}->${owner.accountType ?? 'unknown'}` };
}

/** Levels an edge holds beyond what the flow matrix allows (empty = allowed). */
export function excessLevels(edge: AccessEdge, flow: string, flows: Record<string, AccessLevel[]>): AccessLevel[] {
  const allowed = flows[flow] ?? [];
  return edge.accessLevels.filter((level) => !allowed.includes(level));
}

export function describeTarget(target: Target): string {
  const parts = [target.name ?? target.accountId, target.squad ? `squad ${target.squad}` : undefined, target.accountType].filter(Boolean);
  return `${target.accountId} (${parts.join(', ')})`;
}

/** The evidence every isolation finding carries: the edge, the grantee as the directory knows it. */
export function edgeEvidence(edge: AccessEdge, edgeClass: EdgeClass): Record<string, unknown> {
  const grantee = 'grantee' in edgeClass ? edgeClass.grantee : undefined;
  return {
    edge: {
      grantee: edge.grantee,
      granteeAccount: grantee ? { accountId: grantee.accountId, name: grantee.name, squad: grantee.squad, accountType: grantee.accountType } : undefined,
      statement: edge.statement,
      accessLevels: edge.accessLevels,
      actions: edge.actions,
      actionCount: edge.actionCount,
      conditions: edge.conditions,
      levelsFrom: edge.levelsFrom,
    },
    classification: edgeClass.kind,
  };
}
