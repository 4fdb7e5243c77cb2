/**
 * KMS keys from a plan (`aws_kms_key`, its `aws_kms_key_policy` and `aws_kms_alias`es joined by
 * `key_id`/`target_key_id`), and the S3 account public access block. A new key's id and ARN are a fresh
 * identity: resources that reference the key name it by that id, so the key's users are found by join.
 */
import type { KmsKeyData } from '../../model/kms.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply } from '../values.js';
import {
  isCreated,
  newResource,
  optionalComputed,
  resourceArn,
  setAttribute,
  setTags,
  type PlanContext,
  type PlanResource,
} from './context.js';
import { existingValue } from './overlay.js';
import { policyAt } from './policy.js';
import { joinAll, liveSub } from './subresources.js';

const SYMMETRIC = 'SYMMETRIC_DEFAULT';

/** The key policy AWS attaches when none is given: the account may use IAM policies to grant access. */
export function defaultKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

export function kmsKeys(context: PlanContext): PlanResource[] {
  const keys = context.index.planned('aws_kms_key');
  const keyIdentity = (ctx: PlanContext, key: Instance): string[] => [resourceArn(ctx, key)];
  const policies = joinAll(
    context,
    ['aws_kms_key_policy'],
    { parentTypes: ['aws_kms_key'], path: ['key_id'], identityOf: keyIdentity },
    keys,
  );
  const aliases = joinAll(
    context,
    ['aws_kms_alias'],
    { parentTypes: ['aws_kms_key'], path: ['target_key_id'], identityOf: keyIdentity },
    keys,
  );
  return keys.map((key) => {
    const value = context.index.val(key);
    const arn = resourceArn(context, key);
    const resource = newResource('aws.kms.key', key, arn, key.address, context.region, context.accountId);
    const created = isCreated(key);
    setTags(resource, value);
    setAttribute(resource, 'keyId', () => {
      const id = value.get('key_id');
      return id.hasUnknown() ? arn : id.str();
    });
    setAttribute(resource, 'keyState', () =>
      (value.get('is_enabled').bool() ?? true) ? 'Enabled' : 'Disabled',
    );
    const spec = (): string =>
      value.get('customer_master_key_spec').str() ?? value.get('key_spec').str() ?? SYMMETRIC;
    setAttribute(resource, 'keySpec', spec);
    setAttribute(resource, 'keyUsage', () => value.get('key_usage').str() ?? 'ENCRYPT_DECRYPT');
    setAttribute(resource, 'origin', () =>
      value.get('xks_key_id').str()
        ? 'EXTERNAL_KEY_STORE'
        : value.get('custom_key_store_id').str()
          ? 'AWS_CLOUDHSM'
          : 'AWS_KMS',
    );
    setAttribute(resource, 'keyManager', () => 'CUSTOMER');
    setAttribute(resource, 'multiRegion', () => value.get('multi_region').bool() ?? false);
    setAttribute(resource, 'description', () => value.get('description').str() ?? '');
    setAttribute(resource, 'creationDate', () => null);
    setAttribute(resource, 'deletionDate', () => null);
    setAttribute(resource, 'rotation', (): KmsKeyData['rotation'] => {
      if (spec() !== SYMMETRIC || resource.data.origin !== 'AWS_KMS') return null;
      const enabled = value.get('enable_key_rotation').bool() ?? false;
      const period = optionalComputed(context, key, value, 'rotation_period_in_days');
      return { enabled, rotationPeriodInDays: enabled ? (period.num() ?? 365) : null };
    });
    setAttribute(resource, 'policy', () => {
      const sub = liveSub(policies, key, 'aws_kms_key_policy', 'policy');
      if (sub && sub !== 'deleted') return policyAt(context, sub, context.index.val(sub).get('policy'));
      const inline = optionalComputed(context, key, value, 'policy');
      if (!inline.isNull()) return policyAt(context, key, inline);
      if (created) return defaultKeyPolicy(context.partition, context.accountId);
      return existingValue(context, key, 'aws.kms.key', arn, 'policy');
    });
    setAttribute(resource, 'aliases', () => {
      const why = aliases.unknown.get(key);
      if (why) throw new KnownAfterApply(key.address, 'aliases', `are undecidable: ${why}`);
      const names = (aliases.byParent.get(key) ?? [])
        .filter((alias) => alias.action !== 'delete')
        .map((alias) => context.index.val(alias).get('name').str() ?? '')
        .filter(Boolean);
      return created
        ? names.sort()
        : [...new Set([...(existingAliases(context, key, arn) ?? []), ...names])].sort();
    });
    return resource;
  });
}

function existingAliases(context: PlanContext, key: Instance, arn: string): string[] | undefined {
  return existingValue(context, key, 'aws.kms.key', arn, 'aliases') as string[];
}
