/**
 * The policies that apply to a role or user (inline, attached managed, and for users their groups'), the
 * managed documents looked up on the account's `aws.iam.policy` resources, and the resulting effective
 * access, cached per account view and resource object (every principal rule asks for the same analysis).
 */
import type { AttachedPolicyRef, InlinePolicy, IamPolicyData } from '../../model/iam.js';
import type { AnyResource } from '../../model/resource.js';
import type { AccountView } from '../../model/inventory.js';
import { principalAccess, type PrincipalAccess } from './access.js';
import type { DecisionContext } from './conditions.js';
import type { PolicySource } from './policy.js';

export const POLICY_TYPE = 'aws.iam.policy';

export interface PrincipalPolicies {
  policies: PolicySource[];
  boundary: PolicySource | null;
}

export type AccessResult = { ok: true; access: PrincipalAccess } | { ok: false; missing: string[] };

interface PrincipalData {
  inlinePolicies?: InlinePolicy[];
  attachedPolicies?: AttachedPolicyRef[];
  permissionsBoundary?: string | null;
  groups?: Array<{ name: string; inlinePolicies: InlinePolicy[]; attachedPolicies: AttachedPolicyRef[] }>;
}

/**
 * Per account view (managed policies are looked up in it), per resource, per decision clock: conditions
 * decided at scan time depend on the evaluation's `now`.
 */
const cache = new WeakMap<AccountView, WeakMap<AnyResource, Map<number, AccessResult>>>();
const PROCESS_START = new Date();

function managedDocument(account: AccountView, arn: string): PolicySource | string {
  const policy = account.byArn(arn);
  if (!policy || policy.type !== POLICY_TYPE) return `${arn} (not in the inventory)`;
  const data = policy.data as Partial<IamPolicyData>;
  const error = (policy.errors as Record<string, { code: string } | undefined>).document;
  if (error) return `${arn} (document unreadable: ${error.code})`;
  if (!data.document) return `${arn} (document not collected)`;
  return { kind: 'managed', policy: arn, document: data.document };
}

/** The policy sources of a principal, or the managed policies that could not be found. */
export function principalPolicies(resource: AnyResource, account: AccountView): PrincipalPolicies | { missing: string[] } {
  const data = resource.data as PrincipalData;
  const policies: PolicySource[] = [];
  const missing: string[] = [];
  const addManaged = (refs: AttachedPolicyRef[] | undefined, kind: string, prefix: string): void => {
    for (const ref of refs ?? []) {
      const found = managedDocument(account, ref.arn);
      if (typeof found === 'string') missing.push(found);
      else policies.push({ ...found, kind, policy: `${prefix}${ref.arn}` });
    }
  };
  for (const inline of data.inlinePolicies ?? []) policies.push({ kind: 'inline', policy: inline.name, document: inline.document });
  addManaged(data.attachedPolicies, 'managed', '');
  for (const group of data.groups ?? []) {
    for (const inline of group.inlinePolicies) {
      policies.push({ kind: 'group-inline', policy: `${group.name}/${inline.name}`, document: inline.document });
    }
    addManaged(group.attachedPolicies, 'group-managed', `${group.name}/`);
  }
  let boundary: PolicySource | null = null;
  if (data.permissionsBoundary) {
    const found = managedDocument(account, data.permissionsBoundary);
    if (typeof found === 'string') missing.push(`permissions boundary ${found}`);
    else boundary = { ...found, kind: 'boundary' };
  }
  return missing.length > 0 ? { missing } : { policies, boundary };
}

/**
 * The principal's effective access (cached per account view, resource object and clock). `now` is the evaluation's
 * clock: date conditions are decided with it.
 */
export function accessFor(resource: AnyResource, account: AccountView, now: Date = PROCESS_START): AccessResult {
  let byResource = cache.get(account);
  if (!byResource) {
    byResource = new WeakMap();
    cache.set(account, byResource);
  }
  let byClock = byResource.get(resource);
  if (!byClock) {
    byClock = new Map();
    byResource.set(resource, byClock);
  }
  const cached = byClock.get(now.getTime());
  if (cached) return cached;
  const sources = principalPolicies(resource, account);
  const principal: DecisionContext['principal'] = resource.type === 'aws.iam.role' ? 'role' : resource.type === 'aws.iam.user' ? 'user' : undefined;
  const context: DecisionContext = principal ? { now, principal } : { now };
  const result: AccessResult =
    'missing' in sources ? { ok: false, missing: sources.missing } : { ok: true, access: principalAccess(sources.policies, sources.boundary, context) };
  if (byClock.size > 4) byClock.clear();
  byClock.set(now.getTime(), result);
  return result;
}
