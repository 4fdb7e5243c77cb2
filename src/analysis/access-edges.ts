/**
 * Cross-account grants ("access edges") derived from the resource policies and trust policies scanners
 * collect. An edge exists only where access is actually granted: Allow statements covering the resource,
 * minus what unconditional (or principal-scoped) Deny statements take away, with `NotPrincipal` and
 * `NotAction` honoured. Actions are expanded against the IAM service catalogue and classified by access level.
 */
import type { AccountView } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import type { PolicyDocument, PolicyStatement, StringOrList } from '../model/policy-document.js';
import { ActionSet } from './iam/action-set.js';
import { ACCESS, catalogue, type AccessLevel } from './iam/catalogue.js';
import { expandPattern } from './iam/expand.js';
import { accountOfPrincipal, principalEntries, statementCoversResource, statementLabel } from './resource-policy.js';
import { accessFor } from './iam/principals.js';

/**
 * Resource types whose policy grants access to other principals: the attribute holding it, the services it
 * governs, and further attributes read (a role's own permissions decide what assuming it grants).
 */
export const RESOURCE_POLICIES: Record<string, { attribute: string; services: string[]; also?: string[] }> = {
  'aws.s3.bucket': { attribute: 'policy', services: ['s3'] },
  'aws.kms.key': { attribute: 'policy', services: ['kms'] },
  'aws.iam.role': { attribute: 'trustPolicy', services: ['sts'], also: ['inlinePolicies', 'attachedPolicies', 'permissionsBoundary'] },
  'aws.sagemaker.model-package-group': { attribute: 'policy', services: ['sagemaker'] },
};

/**
 * Access levels for isolation purposes where the catalogue's level misleads: decrypting with a key is how
 * one *reads* the data it protects (the catalogue files `kms:Decrypt` under Write).
 */
const LEVEL_OVERRIDES: Record<string, AccessLevel> = {
  'kms:decrypt': 'Read',
  'kms:reencryptfrom': 'Read',
};

export type Grantee =
  /** An account: named in the principal, or `*` narrowed by aws:PrincipalAccount/aws:SourceAccount/…. */
  | { kind: 'account'; accountId: string; principal: string; via: string }
  /** Every principal of an organization (aws:PrincipalOrgID) or of OU paths (aws:PrincipalOrgPaths). */
  | { kind: 'organization'; organizationId?: string; orgPaths?: string[]; via: string }
  /** Anyone: `*` with no account-narrowing condition (network conditions are listed in `via`). */
  | { kind: 'anyone'; via: string };

export interface AccessEdge {
  resourceArn: string;
  resourceType: string;
  resourceName: string;
  resourceAccountId: string;
  region: string;
  grantee: Grantee;
  statement: { index: number; sid?: string };
  accessLevels: AccessLevel[];
  /**
   * The granted actions as IAM writes them — `*` for every action, `service:*` for a whole service, else
   * action names (AWS spelling), at most a few — and how many actions that is in all.
   */
  actions: string[];
  actionCount: number;
  /** Condition keys on the granting statement (other than the ones that defined the grantee). */
  conditions: string[];
  /**
   * Where the access levels come from: the policy's own actions, or — for a role's trust policy — the role's
   * permissions (assuming the role grants what the role may do).
   */
  levelsFrom: 'policy' | 'role-permissions';
}

// aws:ResourceAccount names the resource's own account, not the caller's: it narrows nothing here.
const ACCOUNT_KEYS = ['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner'];
const NEGATED = /^(ForAnyValue:|ForAllValues:)?(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/i;
const POSITIVE = /^(ForAnyValue:)?(StringEquals|StringLike|StringEqualsIgnoreCase|ArnEquals|ArnLike)$/i;

const toList = (value: StringOrList | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Values a statement's positive (non-negated, non-IfExists) condition requires for a key. */
function requiredValues(statement: PolicyStatement, key: string): string[] | undefined {
  let values: string[] | undefined;
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (!POSITIVE.test(operator)) continue;
    for (const [name, raw] of Object.entries(entries)) {
      if (name.toLowerCase() !== key) continue;
      const list = (Array.isArray(raw) ? raw : [raw]).map(String);
      values = values ? values.filter((value) => list.includes(value)) : list;
    }
  }
  return values;
}

/** Values a statement's negated condition excludes for a key (Deny … StringNotEquals aws:PrincipalAccount). */
function excludedValues(statement: PolicyStatement, key: string): string[] | undefined {
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (!NEGATED.test(operator)) continue;
    for (const [name, raw] of Object.entries(entries)) {
      if (name.toLowerCase() === key) return (Array.isArray(raw) ? raw : [raw]).map(String);
    }
  }
  return undefined;
}

function conditionKeys(statement: PolicyStatement): string[] {
  return [...new Set(Object.values(statement.Condition ?? {}).flatMap((entries) => Object.keys(entries)))];
}

/** The actions of the governed services a statement's Action/NotAction covers. */
function statementActions(statement: PolicyStatement, services: string[]): ActionSet {
  const { services: ranges } = catalogue();
  const universe = ActionSet.empty();
  for (const service of services) {
    const range = ranges.get(service);
    if (range) for (let i = range[0]; i < range[1]; i++) universe.add(i);
  }
  const named = ActionSet.empty();
  for (const pattern of toList(statement.NotAction ?? statement.Action)) named.addAll(expandPattern(pattern));
  return statement.NotAction !== undefined ? universe.minus(named) : universe.intersect(named);
}

/** Who an Allow statement grants to (accounts, organizations, anyone); service principals only through aws:SourceAccount. */
function grantees(statement: PolicyStatement): Grantee[] {
  const found: Grantee[] = [];
  const entries = statement.NotPrincipal !== undefined ? [{ kind: '*', value: '*' }] : principalEntries(statement.Principal);
  let anyone = false;
  for (const entry of entries) {
    if (entry.kind === '*' || (entry.kind === 'AWS' && (entry.value === '*' || /^arn:[^:]+:iam::\*:/.test(entry.value)))) {
      anyone = true;
    } else if (entry.kind === 'AWS') {
      const accountId = accountOfPrincipal(entry.value);
      if (accountId) found.push({ kind: 'account', accountId, principal: entry.value, via: 'principal' });
    } else if (entry.kind === 'Service') {
      // A service is not an account; a service acting for another account (aws:SourceAccount) is.
      for (const key of ['aws:sourceaccount', 'aws:sourceowner']) {
        for (const accountId of requiredValues(statement, key) ?? []) {
          if (/^\d{12}$/.test(accountId)) found.push({ kind: 'account', accountId, principal: entry.value, via: `${entry.value} for ${key}` });
        }
      }
    }
    // Federated (identity providers) and CanonicalUser principals are not accounts of the directory.
  }
  if (!anyone) return found;
  for (const key of ACCOUNT_KEYS) {
    const accounts = requiredValues(statement, key);
    if (accounts) {
      for (const accountId of accounts) if (/^\d{12}$/.test(accountId)) found.push({ kind: 'account', accountId, principal: '*', via: key });
      return found;
    }
  }
  const principalArns = requiredValues(statement, 'aws:principalarn');
  if (principalArns) {
    for (const arn of principalArns) {
      const accountId = accountOfPrincipal(arn);
      if (accountId) found.push({ kind: 'account', accountId, principal: arn, via: 'aws:principalarn' });
      else found.push({ kind: 'anyone', via: `aws:PrincipalArn ${arn}` });
    }
    return found;
  }
  const orgIds = requiredValues(statement, 'aws:principalorgid');
  const orgPaths = requiredValues(statement, 'aws:principalorgpaths');
  if (orgIds || orgPaths) {
    const grantee: Grantee = { kind: 'organization', via: orgPaths ? 'aws:PrincipalOrgPaths' : 'aws:PrincipalOrgID' };
    if (orgIds?.[0]) grantee.organizationId = orgIds[0];
    if (orgPaths) grantee.orgPaths = orgPaths;
    found.push(grantee);
    return found;
  }
  found.push({ kind: 'anyone', via: conditionKeys(statement).join(', ') || 'no condition' });
  return found;
}

/** Whether a Deny statement applies to a grantee regardless of request context (so it removes access). */
function denyApplies(deny: PolicyStatement, grantee: Grantee): boolean {
  const conditions = Object.keys(deny.Condition ?? {});
  const entries = deny.NotPrincipal !== undefined ? [] : principalEntries(deny.Principal);
  const toAnyone = deny.NotPrincipal === undefined && entries.some((entry) => entry.kind === '*' || entry.value === '*');
  const named = grantee.kind === 'account' && entries.some((entry) => entry.kind === 'AWS' && accountOfPrincipal(entry.value) === grantee.accountId);
  if (!toAnyone && !named) return false;
  if (conditions.length === 0) return true;
  // The common fence: Deny to anyone unless the caller's account / organization is one of ours.
  if (grantee.kind === 'account') {
    const allowed = excludedValues(deny, 'aws:principalaccount');
    if (allowed && conditions.length === 1) return !allowed.includes(grantee.accountId);
  }
  return false;
}

/**
 * A Deny to anyone unless the caller belongs to listed accounts or an organization ("fence") narrows an
 * Allow to `*` to those accounts / that organization, for the actions the fence covers.
 */
function fencedGrantees(denies: PolicyStatement[], services: string[], granted: ActionSet): Grantee[] | undefined {
  for (const deny of denies) {
    const toAnyone = deny.NotPrincipal === undefined && principalEntries(deny.Principal).some((entry) => entry.kind === '*' || entry.value === '*');
    if (!toAnyone || Object.keys(deny.Condition ?? {}).length !== 1) continue;
    if (!statementActions(deny, services).containsAll(granted)) continue;
    const accounts = excludedValues(deny, 'aws:principalaccount');
    if (accounts) return accounts.filter((id) => /^\d{12}$/.test(id)).map((accountId) => ({ kind: 'account', accountId, principal: '*', via: 'Deny unless aws:PrincipalAccount' }));
    const orgIds = excludedValues(deny, 'aws:principalorgid');
    if (orgIds?.[0]) return [{ kind: 'organization', organizationId: orgIds[0], via: 'Deny unless aws:PrincipalOrgID' }];
  }
  return undefined;
}

const levelMasks = new WeakMap<object, Array<[AccessLevel, ActionSet]>>();

/** Per access level, the set of actions at that level (overrides applied): built once per catalogue. */
function accessLevelMasks(): Array<[AccessLevel, ActionSet]> {
  const known = catalogue();
  const cached = levelMasks.get(known);
  if (cached) return cached;
  const { access, names, size } = known;
  const masks = (Object.keys(ACCESS) as AccessLevel[]).map((level): [AccessLevel, ActionSet] => [level, ActionSet.empty()]);
  for (let index = 0; index < size; index++) {
    const override = LEVEL_OVERRIDES[names[index]!.toLowerCase()];
    const flags = override ? ACCESS[override] : access[index]!;
    for (const [level, mask] of masks) if ((flags & ACCESS[level]) !== 0) mask.add(index);
  }
  levelMasks.set(known, masks);
  return masks;
}

/** The access levels of a set of actions: a few bitset intersections, whatever the set's size (an admin role holds every action). */
function accessLevels(actions: ActionSet): AccessLevel[] {
  return accessLevelMasks()
    .filter(([, mask]) => actions.intersects(mask))
    .map(([level]) => level);
}

/**
 * A resource policy can only grant on its own resource and what lives under it (AWS rejects a bucket policy
 * naming another bucket; a key policy's `*` is the key; a model package group policy names the group or its
 * packages): every statement applies, whatever prefix it names (`bucket/reports/*` is still this bucket).
 * Only a `NotResource` that excludes the resource and everything under it keeps a statement off.
 */
function appliesToResource(statement: PolicyStatement, resource: AnyResource): boolean {
  if (statement.NotResource === undefined) return true;
  return statementCoversResource(statement, resource.arn) || statementCoversResource(statement, `${resource.arn}/any`);
}

/** The grantee's identity in keys: account id, OU paths or organization id, or `*`. */
export function granteeId(grantee: Grantee): string {
  if (grantee.kind === 'account') return grantee.accountId;
  if (grantee.kind === 'organization') return grantee.orgPaths?.join(',') ?? grantee.organizationId ?? 'organization';
  return '*';
}

/**
 * What assuming a role grants: the access levels and actions of the role's effective permissions, or
 * undefined when they cannot be computed (a managed policy document missing from the inventory).
 */
function rolePermissions(role: AnyResource, account: AccountView | undefined): ActionSet | undefined {
  if (!account) return undefined;
  const result = accessFor(role, account);
  if (!result.ok) return undefined;
  return result.access.unconditional.union(result.access.conditional).addAll(result.access.scoped);
}

/**
 * The cross-account grants of one resource (grants to its own account are not edges). With the account's
 * view, a role's trust edges carry the role's own permissions as their access.
 */
export function accessEdges(resource: AnyResource, account?: AccountView): AccessEdge[] {
  const spec = RESOURCE_POLICIES[resource.type];
  if (!spec) return [];
  const policy = resource.data[spec.attribute] as PolicyDocument | null | undefined;
  if (!policy) return [];
  const statements = policy.Statement;
  const covers = (statement: PolicyStatement): boolean => appliesToResource(statement, resource);
  const denies = statements.filter((statement) => statement.Effect === 'Deny' && covers(statement));
  const edges = new Map<string, AccessEdge>();
  const assumed = resource.type === 'aws.iam.role' ? rolePermissions(resource, account) : undefined;

  statements.forEach((statement, index) => {
    if (statement.Effect !== 'Allow' || !covers(statement)) return;
    const granted = statementActions(statement, spec.services);
    if (granted.isEmpty()) return;
    const all = grantees(statement).flatMap((grantee) => (grantee.kind === 'anyone' ? (fencedGrantees(denies, spec.services, granted) ?? [grantee]) : [grantee]));
    for (const grantee of all) {
      if (grantee.kind === 'account' && grantee.accountId === resource.accountId) continue;
      const actions = granted.clone();
      for (const deny of denies) if (denyApplies(deny, grantee)) actions.removeAll(statementActions(deny, spec.services));
      if (actions.isEmpty()) continue;
      const key = `${index}|${granteeId(grantee)}`;
      const conveyed = assumed ?? actions;
      const used = new Set(grantee.via.split(/[ ,]+/).map((part) => part.toLowerCase()));
      const edge: AccessEdge = {
        resourceArn: resource.arn,
        resourceType: resource.type,
        resourceName: resource.name,
        resourceAccountId: resource.accountId,
        region: resource.region,
        grantee,
        statement: statement.Sid ? { index, sid: statement.Sid } : { index },
        accessLevels: accessLevels(conveyed),
        actions: summariseActions(conveyed, 6),
        actionCount: conveyed.size(),
        conditions: conditionKeys(statement).filter((condition) => !used.has(condition.toLowerCase())),
        levelsFrom: assumed ? 'role-permissions' : 'policy',
      };
      const existing = edges.get(key);
      if (!existing || existing.actionCount < edge.actionCount) edges.set(key, edge);
    }
  });
  return [...edges.values()];
}

/**
 * Actions as a reader expects them, not expanded: `*` when the set is every action of the catalogue,
 * `service:*` for each service it holds whole, else the action names; at most `limit` entries.
 */
export function summariseActions(actions: ActionSet, limit: number): string[] {
  const { services, names, size } = catalogue();
  if (actions.size() === size) return ['*'];
  const out: string[] = [];
  for (const [start, end] of services.values()) {
    let held = 0;
    for (let index = start; index < end; index++) if (actions.has(index)) held++;
    if (held === 0) continue;
    if (held === end - start) out.push(`${names[start]!.split(':')[0]}:*`);
    else for (let index = start; index < end && out.length < limit; index++) if (actions.has(index)) out.push(names[index]!);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** A stable key for an edge: part of finding fingerprints, so it must not depend on action order. */
export function edgeKey(edge: AccessEdge): string {
  return `${edge.statement.sid ?? edge.statement.index}:${granteeId(edge.grantee)}`;
}

/** Who a grant reaches, in words: the principal, the account a condition narrows `*` to, the organization, or anyone. */
export function describeGrantee(grantee: Grantee): string {
  if (grantee.kind === 'account') return grantee.principal === '*' ? `account ${grantee.accountId} (via ${grantee.via})` : `${grantee.principal}`;
  if (grantee.kind === 'organization') return grantee.orgPaths ? `OU paths ${grantee.orgPaths.join(', ')}` : `organization ${grantee.organizationId ?? ''}`.trim();
  return 'anyone';
}

/** Access levels in words; never empty (`no access level` when the actions carry none). */
export function accessLevelsLabel(levels: readonly string[]): string {
  return levels.length > 0 ? levels.join('/') : 'no access level';
}

/**
 * What one edge grants, as a sentence without a verdict: `statement "PublicRead" grants Read to anyone`, or
 * for a role's trust `statement #0 lets 111122224444 assume the role (List/Read through its permissions)`.
 */
export function describeGrant(edge: AccessEdge): string {
  const statement = statementLabel({ Sid: edge.statement.sid }, edge.statement.index);
  const who = describeGrantee(edge.grantee);
  if (edge.resourceType === 'aws.iam.role') {
    const conveyed =
      edge.levelsFrom === 'role-permissions'
        ? edge.accessLevels.length > 0
          ? `${edge.accessLevels.join('/')} through its permissions`
          : 'a standing trust (the role holds no permissions today)'
        : "the role's permissions could not be read";
    return `${statement} lets ${who} assume the role (${conveyed})`;
  }
  return `${statement} grants ${accessLevelsLabel(edge.accessLevels)} to ${who}`;
}
