/**
 * IAM from a plan: roles, users, groups and customer-managed policies, with inline policies (the
 * deprecated `inline_policy` blocks and `aws_iam_*_policy`), attachments (`managed_policy_arns`,
 * `aws_iam_*_policy_attachment`, `aws_iam_policy_attachment`) and group memberships, joined by resolved
 * reference or by known name. ARNs are predicted from name + path + account, so findings and waivers carry
 * over to deployed scans.
 */
import type {
  AccessKeyReport,
  AttachedPolicyRef,
  CredentialReportRow,
  GroupMembership,
  InlinePolicy,
} from '../../model/iam.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply, type Val } from '../values.js';
import type { CollectionError } from '../../model/resource.js';
import {
  isCreated,
  collectionError,
  KNOWN_AFTER_APPLY,
  newResource,
  optionalComputed,
  optionalIdentity,
  plannedName,
  predictedArn,
  referencedIdentity,
  resourceArn,
  setAttribute,
  setTags,
  type PlanContext,
  type PlanResource,
} from './context.js';
import { existingValue } from './overlay.js';
import { policyAt } from './policy.js';
import { joinAll, type Joined } from './subresources.js';

type Kind = 'role' | 'user' | 'group';

const byName = (ctx: PlanContext, parent: Instance): string[] =>
  [plannedName(ctx, parent), predictedArn(ctx, parent)].filter((value): value is string => !!value);

interface PrincipalJoins {
  inline: Joined;
  attached: Joined;
  /** `aws_iam_policy_attachment` (exclusive, many principals per resource): principal → policy ARNs. */
  shared: Map<Instance, Array<{ attachment: Instance; arn: string }>>;
  sharedUnknown: Map<Instance, string>;
}

function principalJoins(context: PlanContext, kind: Kind, parents: Instance[]): PrincipalJoins {
  const parentType = `aws_iam_${kind}`;
  const inline = joinAll(
    context,
    [`aws_iam_${kind}_policy`],
    { parentTypes: [parentType], path: [kind], identityOf: byName },
    parents,
  );
  const attached = joinAll(
    context,
    [`aws_iam_${kind}_policy_attachment`],
    { parentTypes: [parentType], path: [kind], identityOf: byName },
    parents,
  );
  const shared = new Map<Instance, Array<{ attachment: Instance; arn: string }>>();
  const sharedUnknown = new Map<Instance, string>();
  for (const attachment of context.index.planned('aws_iam_policy_attachment')) {
    const value = context.index.val(attachment);
    const list = value.get(`${kind}s`);
    let names: string[];
    let arn: string | null;
    try {
      names = list.hasUnknown() ? [] : list.strings();
      arn = referencedIdentity(context, attachment, value.get('policy_arn'), 'arn');
      if (list.hasUnknown()) throw new KnownAfterApply(attachment.address, `${kind}s`);
    } catch (error) {
      if (!(error instanceof KnownAfterApply)) throw error;
      for (const parent of parents)
        sharedUnknown.set(parent, `${attachment.address} may attach a policy (${error.message})`);
      continue;
    }
    for (const parent of parents) {
      if (!names.some((name) => byName(context, parent).includes(name))) continue;
      const entry = { attachment, arn: arn ?? '' };
      const existing = shared.get(parent);
      if (existing) existing.push(entry);
      else shared.set(parent, [entry]);
    }
  }
  return { inline, attached, shared, sharedUnknown };
}

function inlinePolicies(
  context: PlanContext,
  principal: Instance,
  joins: PrincipalJoins,
  kind: Kind,
  created: boolean,
  arn: string,
  type: string,
): InlinePolicy[] {
  const why = joins.inline.unknown.get(principal);
  if (why) throw new KnownAfterApply(principal.address, 'inlinePolicies', `are undecidable: ${why}`);
  const value = context.index.val(principal);
  const policies: InlinePolicy[] = [];
  const blocks = kind === 'role' ? optionalComputed(context, principal, value, 'inline_policy') : undefined;
  for (const block of blocks?.list() ?? []) {
    const name = block.get('name').str();
    const document = policyAt(context, principal, block.get('policy'));
    if (name && document) policies.push({ name, document });
  }
  for (const sub of joins.inline.byParent.get(principal) ?? []) {
    if (sub.action === 'delete') continue;
    const subValue = context.index.val(sub);
    const document = policyAt(context, sub, subValue.get('policy'));
    const name = subValue.get('name').str() ?? sub.address;
    if (document) policies.push({ name, document });
  }
  if (created) return policies;
  // An existing principal may carry inline policies no resource of this plan manages.
  const deployed = existingValue(context, principal, type, arn, 'inlinePolicies') as InlinePolicy[];
  return keepDeployed(deployed, policies, (policy) => policy.name, joins.inline.byParent.get(principal), 'name');
}

function attachedPolicies(
  context: PlanContext,
  principal: Instance,
  joins: PrincipalJoins,
  kind: Kind,
  created: boolean,
  arn: string,
  type: string,
): AttachedPolicyRef[] {
  const why = joins.attached.unknown.get(principal) ?? joins.sharedUnknown.get(principal);
  if (why) throw new KnownAfterApply(principal.address, 'attachedPolicies', `are undecidable: ${why}`);
  const value = context.index.val(principal);
  const arns = new Set<string>();
  if (kind === 'role') {
    const managed = optionalComputed(context, principal, value, 'managed_policy_arns');
    for (const item of managed.list()) {
      const resolved = referencedIdentity(context, principal, item, 'arn');
      if (resolved) arns.add(resolved);
    }
  }
  for (const sub of joins.attached.byParent.get(principal) ?? []) {
    if (sub.action === 'delete') continue;
    const resolved = referencedIdentity(context, sub, context.index.val(sub).get('policy_arn'), 'arn');
    if (resolved) arns.add(resolved);
  }
  for (const entry of joins.shared.get(principal) ?? []) if (entry.arn) arns.add(entry.arn);
  const refs = [...arns].map((policyArn) => ({
    arn: policyArn,
    name: policyArn.split('/').pop() ?? policyArn,
  }));
  if (created) return refs;
  const deployed = existingValue(context, principal, type, arn, 'attachedPolicies') as AttachedPolicyRef[];
  return keepDeployed(deployed, refs, (ref) => ref.arn, joins.attached.byParent.get(principal), 'policy_arn');
}

/**
 * An existing principal also keeps what no resource of this plan manages: its deployed entries, less those
 * the plan sets (they are replaced) or deletes (a `delete` action of a joined resource, keyed by `deletedKey`).
 */
function keepDeployed<T>(deployed: T[], planned: T[], keyOf: (item: T) => string, joined: Instance[] | undefined, deletedKey: string): T[] {
  const deleted = new Set(
    (joined ?? [])
      .filter((sub) => sub.action === 'delete')
      .map((sub) => String((sub.value as Record<string, unknown> | null)?.[deletedKey] ?? '')),
  );
  const replaced = new Set(planned.map(keyOf));
  return [...deployed.filter((item) => !replaced.has(keyOf(item)) && !deleted.has(keyOf(item))), ...planned];
}

function boundary(context: PlanContext, principal: Instance, value: Val): string | null {
  return optionalIdentity(context, principal, value.get('permissions_boundary'), 'arn');
}

/**
 * A principal whose name is known only after apply (`name_prefix`) cannot be matched against name-based
 * exemptions (break-glass roles, excluded roles): every attribute becomes unknown rather than risk a verdict
 * on the wrong identity.
 */
function withUnknownName<T extends PlanResource>(context: PlanContext, instance: Instance, resource: T): T {
  if (plannedName(context, instance) !== undefined) return resource;
  const errors = resource.errors as Record<string, CollectionError>;
  for (const attribute of Object.keys(resource.data)) {
    errors[attribute] ??= collectionError(
      KNOWN_AFTER_APPLY,
      `${instance.address}: the name is known only after apply, so name-based exemptions cannot be judged`,
    );
    delete resource.data[attribute];
  }
  return resource;
}

/** What roles, users and groups share: identity, path, id, and their inline and attached policies. */
function principalBase(
  context: PlanContext,
  instance: Instance,
  kind: Kind,
  joins: PrincipalJoins,
): { resource: PlanResource; value: Val; created: boolean; arn: string } {
  const type = `aws.iam.${kind}`;
  const value = context.index.val(instance);
  const arn = resourceArn(context, instance);
  const resource = newResource(
    type,
    instance,
    arn,
    plannedName(context, instance) ?? instance.address,
    'global',
    context.accountId,
  );
  setTags(resource, value);
  setAttribute(resource, 'path', () => value.get('path').str() ?? '/');
  setAttribute(resource, 'createDate', () => null);
  const created = isCreated(instance);
  // An id AWS assigns at creation: until then the predicted ARN stands in as a fresh identity.
  setAttribute(resource, `${kind}Id`, () =>
    value.get('unique_id').hasUnknown() ? arn : value.get('unique_id').str(),
  );
  setAttribute(resource, 'inlinePolicies', () =>
    inlinePolicies(context, instance, joins, kind, created, arn, type),
  );
  setAttribute(resource, 'attachedPolicies', () =>
    attachedPolicies(context, instance, joins, kind, created, arn, type),
  );
  return { resource, value, created, arn };
}

export function iamRoles(context: PlanContext): PlanResource[] {
  const roles = context.index.planned('aws_iam_role');
  const joins = principalJoins(context, 'role', roles);
  return roles.map((role) => {
    const { resource, value } = principalBase(context, role, 'role', joins);
    setAttribute(resource, 'trustPolicy', () => policyAt(context, role, value.get('assume_role_policy')));
    setAttribute(resource, 'permissionsBoundary', () => boundary(context, role, value));
    return withUnknownName(context, role, resource);
  });
}

export function iamGroups(context: PlanContext): {
  resources: PlanResource[];
  memberships: (user: Instance) => GroupMembership[];
} {
  const groups = context.index.planned('aws_iam_group');
  const joins = principalJoins(context, 'group', groups);
  const resources = groups.map((group) => {
    return principalBase(context, group, 'group', joins).resource;
  });
  const byAddress = new Map(resources.map((resource) => [resource.terraformAddress, resource]));
  const users = context.index.planned('aws_iam_user');
  const memberships = (user: Instance): GroupMembership[] => {
    const names = new Set<string>();
    const userNames = byName(context, user);
    for (const membership of context.index.planned('aws_iam_user_group_membership')) {
      const value = context.index.val(membership);
      const member = referencedIdentity(context, membership, value.get('user'));
      if (member === null || !userNames.includes(member)) continue;
      for (const item of value.get('groups').list()) {
        const name = referencedIdentity(context, membership, item);
        if (name) names.add(name);
      }
    }
    for (const membership of context.index.planned('aws_iam_group_membership')) {
      const value = context.index.val(membership);
      const members = value.get('users');
      if (members.hasUnknown()) throw new KnownAfterApply(membership.address, 'users');
      if (!members.strings().some((name) => userNames.includes(name))) continue;
      const group = referencedIdentity(context, membership, value.get('group'));
      if (group) names.add(group);
    }
    void users;
    return [...names].map((name) => {
      const group = groups.find((candidate) => byName(context, candidate).includes(name));
      const resource = group ? byAddress.get(group.address) : undefined;
      if (!resource)
        throw new KnownAfterApply(
          user.address,
          'groups',
          `include ${name}, a group this plan does not manage (pass --inventory)`,
        );
      for (const attribute of ['inlinePolicies', 'attachedPolicies'] as const) {
        const error = (resource.errors as Record<string, { message: string } | undefined>)[attribute];
        if (error) throw new KnownAfterApply(user.address, 'groups', `are undecidable: ${error.message}`);
      }
      return {
        name,
        arn: resource.arn,
        inlinePolicies: resource.data.inlinePolicies as InlinePolicy[],
        attachedPolicies: resource.data.attachedPolicies as AttachedPolicyRef[],
      };
    });
  };
  return { resources, memberships };
}

export function iamUsers(
  context: PlanContext,
  memberships: (user: Instance) => GroupMembership[],
): PlanResource[] {
  const users = context.index.planned('aws_iam_user');
  const joins = principalJoins(context, 'user', users);
  return users.map((user) => {
    const { resource, value, created, arn } = principalBase(context, user, 'user', joins);
    setAttribute(resource, 'permissionsBoundary', () => boundary(context, user, value));
    setAttribute(resource, 'credentials', () => credentials(context, user, arn, resource.name, created));
    setAttribute(resource, 'groups', () => {
      const planned = memberships(user);
      if (created) return planned;
      const deployed = existingValue(context, user, 'aws.iam.user', arn, 'groups') as GroupMembership[];
      return [...deployed.filter((group) => !planned.some((p) => p.name === group.name)), ...planned];
    });
    return withUnknownName(context, user, resource);
  });
}

/**
 * A planned user's credential row as far as Terraform declares it: its access keys (`aws_iam_access_key`,
 * Active unless `status` says otherwise) and console password (`aws_iam_user_login_profile`). A new user has
 * no MFA device yet and no usage; an existing user's row comes from the snapshot, with the planned keys added.
 */
function credentials(
  context: PlanContext,
  user: Instance,
  arn: string,
  name: string,
  created: boolean,
): CredentialReportRow {
  const owned = (type: string): Instance[] =>
    context.index.planned(type).filter((sub) => {
      const owner = referencedIdentity(context, sub, context.index.val(sub).get('user'));
      return owner !== null && byName(context, user).includes(owner);
    });
  const keys: AccessKeyReport[] = owned('aws_iam_access_key').map((key, index) => ({
    slot: (index === 0 ? 1 : 2) as 1 | 2,
    active: (context.index.val(key).get('status').str() ?? 'Active') === 'Active',
    lastRotated: null,
    lastUsed: null,
    lastUsedService: null,
  }));
  const password = owned('aws_iam_user_login_profile').length > 0;
  if (created) {
    return {
      user: name,
      arn,
      userCreationTime: null,
      passwordEnabled: password,
      passwordLastUsed: null,
      passwordLastChanged: null,
      mfaActive: false,
      accessKeys: keys,
    };
  }
  const deployed = existingValue(
    context,
    user,
    'aws.iam.user',
    arn,
    'credentials',
  ) as CredentialReportRow | null;
  if (!deployed)
    throw new KnownAfterApply(user.address, 'credentials', "are not in the snapshot's credential report");
  return {
    ...deployed,
    passwordEnabled: deployed.passwordEnabled || password,
    accessKeys: [...deployed.accessKeys, ...keys],
  };
}

export function iamPolicies(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_iam_policy').map((policy) => {
    const value = context.index.val(policy);
    const arn = resourceArn(context, policy);
    const resource = newResource(
      'aws.iam.policy',
      policy,
      arn,
      plannedName(context, policy) ?? policy.address,
      'global',
      context.accountId,
    );
    setTags(resource, value);
    setAttribute(resource, 'policyId', () =>
      value.get('policy_id').hasUnknown() ? arn : (value.get('policy_id').str() ?? arn),
    );
    setAttribute(resource, 'path', () => value.get('path').str() ?? '/');
    setAttribute(resource, 'awsManaged', () => false);
    setAttribute(resource, 'defaultVersionId', () => null);
    setAttribute(resource, 'document', () => {
      const document = policyAt(context, policy, value.get('policy'));
      if (!document) throw new KnownAfterApply(policy.address, 'policy', 'is empty');
      return document;
    });
    return resource;
  });
}
