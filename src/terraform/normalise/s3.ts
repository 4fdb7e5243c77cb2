/**
 * S3 buckets from a plan: the bucket's own (v3 inline) arguments and the split resources of AWS provider
 * ≥ 4 joined to it by resolved reference. A new bucket with nothing setting a feature gets AWS's creation
 * default (since April 2023: Block Public Access on, ACLs disabled, SSE-S3); an existing one gets the
 * deployed value from `--inventory`, else the attribute is unknown.
 */
import type { AclGrant, BucketEncryption, PublicAccessBlock, S3BucketData } from '../../model/s3.js';
import type { CollectionError } from '../../model/resource.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply, PlanShapeError, type Val } from '../values.js';
import {
  isCreated,
  newResource,
  isProviderEcho,
  optionalComputed,
  optionalIdentity,
  plannedName,
  referencedIdentity,
  resourceArn,
  setAttribute,
  setTags,
  type PlanContext,
  type PlanResource,
} from './context.js';
import { accountResource, existingValue } from './overlay.js';
import { policyAt } from './policy.js';
import { joinAll, liveSub, type Joined } from './subresources.js';

const SUB_TYPES = {
  publicAccessBlock: 'aws_s3_bucket_public_access_block',
  policy: 'aws_s3_bucket_policy',
  acl: 'aws_s3_bucket_acl',
  encryption: 'aws_s3_bucket_server_side_encryption_configuration',
  versioning: 'aws_s3_bucket_versioning',
  logging: 'aws_s3_bucket_logging',
  ownershipControls: 'aws_s3_bucket_ownership_controls',
} as const;

/** Every split resource's `id` is its bucket's name: a reference to one leads to the bucket. */
const ALIASES = Object.fromEntries(Object.values(SUB_TYPES).map((type) => [type, ['bucket']]));

export const S3_BUCKET_ATTRIBUTES = [
  'creationDate',
  'publicAccessBlock',
  'accountPublicAccessBlock',
  'policy',
  'acl',
  'encryption',
  'versioning',
  'logging',
  'ownershipControls',
] as const;

const ALL_ON: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const GROUPS: Record<string, string> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
};

/** Canned ACLs as the grants they add besides the owner's FULL_CONTROL. */
const CANNED: Record<string, AclGrant[]> = {
  private: [],
  'public-read': [{ granteeType: 'Group', grantee: GROUPS.AllUsers!, permission: 'READ' }],
  'public-read-write': [
    { granteeType: 'Group', grantee: GROUPS.AllUsers!, permission: 'READ' },
    { granteeType: 'Group', grantee: GROUPS.AllUsers!, permission: 'WRITE' },
  ],
  'authenticated-read': [{ granteeType: 'Group', grantee: GROUPS.AuthenticatedUsers!, permission: 'READ' }],
  'log-delivery-write': [
    { granteeType: 'Group', grantee: GROUPS.LogDelivery!, permission: 'WRITE' },
    { granteeType: 'Group', grantee: GROUPS.LogDelivery!, permission: 'READ_ACP' },
  ],
  'aws-exec-read': [],
};

export function s3Buckets(context: PlanContext): PlanResource[] {
  const buckets = context.index.planned('aws_s3_bucket');
  const joined = joinAll(
    context,
    Object.values(SUB_TYPES),
    { parentTypes: ['aws_s3_bucket'], path: ['bucket'], aliases: ALIASES },
    buckets,
  );
  const accountBlock = accountPublicAccessBlock(context);
  return buckets.map((bucket) => s3Bucket(context, bucket, joined, accountBlock));
}

/** The account-level block: planned in this plan, else from the snapshot, else unknown. */
function accountPublicAccessBlock(
  context: PlanContext,
): { value: PublicAccessBlock | null } | { error: string } {
  const planned = context.index
    .ofType('aws_s3_account_public_access_block')
    .filter((instance) => instance.action !== 'forget');
  // A block for another account (account_id set to it) says nothing about this one; unset (the provider
  // echoes the caller's account) means this one; set to something unknown, it cannot be placed.
  const accountOf = (instance: Instance): unknown => {
    const account = context.index.val(instance).get('account_id');
    if (!account.hasUnknown()) return account.value || context.accountId;
    return isProviderEcho(context, instance, account) ? context.accountId : undefined;
  };
  const undecided = planned.find(
    (instance) => instance.action !== 'delete' && accountOf(instance) === undefined,
  );
  if (undecided) return { error: `${undecided.address}: account_id is known only after apply` };
  const live = planned.filter(
    (instance) => instance.action !== 'delete' && accountOf(instance) === context.accountId,
  );
  if (live.length === 1) {
    try {
      return { value: blockFrom(context.index.val(live[0]!)) };
    } catch (error) {
      if (error instanceof KnownAfterApply || error instanceof PlanShapeError)
        return { error: error.message };
      throw error;
    }
  }
  if (live.length > 1)
    return { error: `${live.length} aws_s3_account_public_access_block resources in the plan` };
  // Deleting this account's block leaves the account without one. (A deleted block's account comes from `before`.)
  if (planned.some((instance) => instance.action === 'delete' && accountOf(instance) === context.accountId))
    return { value: null };
  const snapshot = accountResource(context, 'aws.s3.account');
  const snapshotError = (snapshot?.errors as Record<string, CollectionError | undefined> | undefined)
    ?.publicAccessBlock;
  if (snapshot && !snapshotError && 'publicAccessBlock' in snapshot.data)
    return { value: snapshot.data.publicAccessBlock as PublicAccessBlock | null };
  return {
    error: 'the account public access block is not in the plan: pass --inventory with a collect snapshot',
  };
}

function blockFrom(value: Val): PublicAccessBlock {
  return {
    BlockPublicAcls: value.get('block_public_acls').bool() ?? false,
    IgnorePublicAcls: value.get('ignore_public_acls').bool() ?? false,
    BlockPublicPolicy: value.get('block_public_policy').bool() ?? false,
    RestrictPublicBuckets: value.get('restrict_public_buckets').bool() ?? false,
  };
}

function s3Bucket(
  context: PlanContext,
  bucket: Instance,
  joined: Joined,
  accountBlock: { value: PublicAccessBlock | null } | { error: string },
): PlanResource {
  const value = context.index.val(bucket);
  const arn = resourceArn(context, bucket);
  const name = plannedName(context, bucket) ?? bucket.address;
  const resource = newResource(
    'aws.s3.bucket',
    bucket,
    arn,
    name,
    regionOf(context, value),
    context.accountId,
  );
  const created = isCreated(bucket);
  const existing = (attribute: keyof S3BucketData): unknown =>
    existingValue(context, bucket, 'aws.s3.bucket', arn, attribute);
  /** A sub-resource's setting; `none` = no live resource sets it (deleted ones reset it). */
  const fromSub = <T>(
    attribute: keyof S3BucketData,
    read: (sub: Val, instance: Instance) => T,
    none: (deleted: boolean) => T,
  ): T => {
    const sub = liveSub(joined, bucket, SUB_TYPES[attribute as keyof typeof SUB_TYPES], attribute);
    if (sub && sub !== 'deleted') return read(context.index.val(sub), sub);
    return none(sub === 'deleted');
  };

  setTags(resource, value);
  setAttribute(resource, 'creationDate', () => null);
  setAttribute(resource, 'publicAccessBlock', () =>
    fromSub(
      'publicAccessBlock',
      (sub) => blockFrom(sub),
      (deleted) => (created ? (deleted ? null : ALL_ON) : deleted ? null : existing('publicAccessBlock')),
    ),
  );
  setAttribute(resource, 'accountPublicAccessBlock', () => {
    if ('value' in accountBlock) return accountBlock.value;
    // The account level only matters for settings the bucket leaves off: with all four on at bucket level,
    // "none at account level" (the most permissive assumption) cannot change a verdict.
    const own = resource.data.publicAccessBlock as PublicAccessBlock | null | undefined;
    if (own && Object.values(own).every(Boolean)) return null;
    throw new KnownAfterApply(
      bucket.address,
      'accountPublicAccessBlock',
      `is undecidable: ${accountBlock.error}`,
    );
  });
  setAttribute(resource, 'policy', () =>
    fromSub(
      'policy',
      (sub, instance) => policyAt(context, instance, sub.get('policy')),
      (deleted) => {
        const inline = optionalComputed(context, bucket, value, 'policy');
        if (!inline.isNull()) return policyAt(context, bucket, inline);
        return created || deleted ? null : existing('policy');
      },
    ),
  );
  setAttribute(resource, 'acl', () =>
    fromSub(
      'acl',
      (sub, instance) => aclFrom(context, instance, sub),
      (deleted) => {
        const inline = optionalComputed(context, bucket, value, 'acl');
        const grants = optionalComputed(context, bucket, value, 'grant');
        if (!grants.isNull() && grants.list().length > 0)
          return { ownerId: null, grants: grantsFrom(grants) };
        if (!inline.isNull()) return { ownerId: null, grants: canned(inline) };
        return created || deleted ? { ownerId: null, grants: [] } : existing('acl');
      },
    ),
  );
  setAttribute(resource, 'encryption', () =>
    fromSub(
      'encryption',
      (sub, instance) => encryptionFrom(context, instance, sub),
      (deleted) => {
        const inline = optionalComputed(context, bucket, value, 'server_side_encryption_configuration');
        if (!inline.isNull() && inline.list().length > 0)
          return encryptionFrom(context, bucket, inline.get(0));
        // Deleting the configuration resets the bucket to S3's default, SSE-S3.
        return created || deleted
          ? ({ algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false } satisfies BucketEncryption)
          : existing('encryption');
      },
    ),
  );
  setAttribute(resource, 'versioning', () =>
    fromSub(
      'versioning',
      (sub) => {
        const configuration = sub.block('versioning_configuration');
        const status = configuration.get('status').str() ?? 'Disabled';
        if (!['Enabled', 'Suspended', 'Disabled'].includes(status))
          throw new PlanShapeError(`${sub.address}: versioning status ${status}`);
        return {
          status,
          mfaDelete: configuration.get('mfa_delete').str() === 'Enabled' ? 'Enabled' : 'Disabled',
        };
      },
      (deleted) => {
        const inline = optionalComputed(context, bucket, value, 'versioning');
        if (!inline.isNull() && inline.list().length > 0) {
          const block = inline.get(0);
          return {
            status: block.get('enabled').bool() ? 'Enabled' : created ? 'Disabled' : 'Suspended',
            mfaDelete: block.get('mfa_delete').bool() ? 'Enabled' : 'Disabled',
          };
        }
        // A deleted versioning resource suspends versioning only if it was ever enabled: undecidable here.
        if (deleted && !created) return existing('versioning');
        return created ? { status: 'Disabled', mfaDelete: 'Disabled' } : existing('versioning');
      },
    ),
  );
  setAttribute(resource, 'logging', () =>
    fromSub(
      'logging',
      (sub, instance) => loggingFrom(context, instance, sub),
      (deleted) => {
        const inline = optionalComputed(context, bucket, value, 'logging');
        if (!inline.isNull() && inline.list().length > 0) return loggingFrom(context, bucket, inline.get(0));
        return created || deleted ? null : existing('logging');
      },
    ),
  );
  setAttribute(resource, 'ownershipControls', () =>
    fromSub(
      'ownershipControls',
      (sub) => {
        const ownership = sub.block('rule').get('object_ownership').str();
        if (!ownership) throw new PlanShapeError(`${sub.address}: rule.object_ownership is not set`);
        return { objectOwnership: ownership };
      },
      (deleted) => {
        if (!created) return deleted ? null : existing('ownershipControls');
        if (deleted) return null;
        // ACLs are disabled on new buckets unless the plan asks for them: a plan that sets a non-private
        // ACL without ownership controls cannot be applied as written, so nothing is assumed.
        const acl = resource.data.acl as S3BucketData['acl'] | undefined;
        if (!acl || acl.grants.length > 0) {
          throw new KnownAfterApply(
            bucket.address,
            'ownershipControls',
            'is undecidable: the plan sets an ACL but no aws_s3_bucket_ownership_controls',
          );
        }
        return { objectOwnership: 'BucketOwnerEnforced' };
      },
    ),
  );
  return resource;
}

function regionOf(context: PlanContext, value: Val): string {
  const region = value.get('region');
  if (!region.hasUnknown() && typeof region.value === 'string' && region.value) return region.value;
  return context.region;
}

function canned(value: Val): AclGrant[] {
  const acl = value.str() ?? 'private';
  const grants = CANNED[acl];
  if (!grants) throw new PlanShapeError(`${value.address}: unknown canned ACL ${acl}`);
  return grants;
}

function aclFrom(context: PlanContext, instance: Instance, sub: Val): S3BucketData['acl'] {
  const policy = optionalComputed(context, instance, sub, 'access_control_policy');
  if (!policy.isNull() && policy.list().length > 0) {
    const block = policy.get(0);
    const owner = block.block('owner').get('id').str();
    return { ownerId: owner, grants: grantsFrom(block.get('grant')) };
  }
  return { ownerId: null, grants: canned(sub.get('acl')) };
}

function grantsFrom(value: Val): AclGrant[] {
  const grants: AclGrant[] = [];
  for (const grant of value.list()) {
    const grantee = grant.block('grantee');
    const type = grantee.isNull() ? grant.get('type').str() : grantee.get('type').str();
    const source = grantee.isNull() ? grant : grantee;
    const id =
      type === 'Group'
        ? source.get('uri').str()
        : type === 'AmazonCustomerByEmail'
          ? source.get('email_address').str()
          : source.get('id').str();
    const permissions = grant.get('permission').isNull()
      ? grant.get('permissions').strings()
      : [grant.get('permission').str() ?? ''];
    for (const permission of permissions)
      grants.push({ granteeType: type ?? 'CanonicalUser', grantee: id ?? '', permission });
  }
  return grants;
}

function encryptionFrom(context: PlanContext, instance: Instance, configuration: Val): BucketEncryption {
  const rule = configuration.block('rule');
  const byDefault = rule.block('apply_server_side_encryption_by_default');
  const algorithm = byDefault.get('sse_algorithm').str();
  if (!algorithm) throw new PlanShapeError(`${instance.address}: sse_algorithm is not set`);
  const key = algorithm.startsWith('aws:kms')
    ? optionalIdentity(context, instance, byDefault.get('kms_master_key_id'), 'arn')
    : null;
  return {
    algorithm,
    kmsKeyId: key || null,
    bucketKeyEnabled: rule.get('bucket_key_enabled').bool() ?? false,
  };
}

function loggingFrom(context: PlanContext, instance: Instance, logging: Val): S3BucketData['logging'] {
  const target = referencedIdentity(context, instance, logging.get('target_bucket'));
  if (!target) return null;
  return { targetBucket: target, targetPrefix: logging.get('target_prefix').str() ?? '' };
}
