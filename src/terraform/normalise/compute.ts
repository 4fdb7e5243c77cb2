/**
 * EBS volumes, EC2 instances and the IAM account password policy from a plan. What the provider computes from
 * account defaults (a volume's encryption when `encrypted` is unset, an instance's IMDS tokens from its AMI)
 * is taken from the plan's own account settings or the `--inventory` snapshot, else left unknown.
 */
import type { PasswordPolicy } from '../../model/iam.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply } from '../values.js';
import {
  newEc2Resource,
  isProviderEcho,
  newResource,
  optionalIdentity,
  setAttribute,
  type PlanContext,
  type PlanResource,
} from './context.js';
import { accountResource } from './overlay.js';

/** The region's EBS encryption default: planned, else the snapshot's, else unknown. */
function ebsDefault(context: PlanContext, instance: Instance): { encrypted: boolean; keyId: string | null } {
  const planned = context.index.planned('aws_ebs_encryption_by_default');
  const plannedKey = context.index.planned('aws_ebs_default_kms_key');
  const deployed = accountResource(context, 'aws.ec2.region-settings');
  let encrypted: boolean | undefined;
  if (planned.length === 1) encrypted = context.index.val(planned[0]!).get('enabled').bool() ?? true;
  else if (planned.length === 0 && deployed && typeof deployed.data.ebsEncryptionByDefault === 'boolean')
    encrypted = deployed.data.ebsEncryptionByDefault;
  if (encrypted === undefined)
    throw new KnownAfterApply(
      instance.address,
      'encrypted',
      "follows the region's EBS encryption default, which is not in the plan: pass --inventory",
    );
  let keyId: string | null = null;
  if (encrypted) {
    if (plannedKey.length === 1)
      keyId = optionalIdentity(
        context,
        plannedKey[0]!,
        context.index.val(plannedKey[0]!).get('key_arn'),
        'arn',
      );
    else if (plannedKey.length === 0 && deployed && 'ebsDefaultKmsKeyId' in deployed.data)
      keyId = deployed.data.ebsDefaultKmsKeyId as string | null;
    else
      throw new KnownAfterApply(
        instance.address,
        'kms_key_id',
        "follows the region's default EBS key, which is not in the plan: pass --inventory",
      );
  }
  return { encrypted, keyId };
}

export function volumes(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_ebs_volume').map((volume) => {
    const value = context.index.val(volume);
    const { resource, id } = newEc2Resource(context, volume, 'aws.ec2.volume', 'volume');
    setAttribute(resource, 'volumeId', () => id);
    setAttribute(resource, 'encrypted', () => {
      const encrypted = value.get('encrypted');
      // `encrypted` is Optional+Computed: unset, the volume follows the region default (a snapshot's
      // encryption also carries over, which the plan cannot see).
      if (
        encrypted.isUnknown() &&
        value.get('snapshot_id').isNull() &&
        isProviderEcho(context, volume, encrypted)
      )
        return ebsDefault(context, volume).encrypted;
      return encrypted.bool() ?? false;
    });
    setAttribute(resource, 'kmsKeyId', () => {
      if (resource.data.encrypted === false) return null;
      const key = value.get('kms_key_id');
      if (isProviderEcho(context, volume, key)) return ebsDefault(context, volume).keyId;
      return optionalIdentity(context, volume, key, 'arn');
    });
    setAttribute(resource, 'state', () => 'available');
    setAttribute(resource, 'sizeGiB', () => (value.get('size').isUnknown() ? null : value.get('size').num()));
    setAttribute(resource, 'volumeType', () =>
      value.get('type').isUnknown() ? null : value.get('type').str(),
    );
    setAttribute(resource, 'availabilityZone', () => value.get('availability_zone').str());
    setAttribute(resource, 'snapshotId', () => optionalIdentity(context, volume, value.get('snapshot_id')));
    setAttribute(resource, 'attachments', () => []);
    return resource;
  });
}

/** A public address the instance will get at launch: not its value, but that there is one. */
const PUBLIC_AT_LAUNCH = '(assigned at launch)';

export function instances(context: PlanContext): PlanResource[] {
  const subnets = [...context.index.planned('aws_subnet'), ...context.index.planned('aws_default_subnet')];
  return context.index.planned('aws_instance').map((instance) => {
    const value = context.index.val(instance);
    const { resource, id } = newEc2Resource(context, instance, 'aws.ec2.instance', 'instance');
    setAttribute(resource, 'instanceId', () => id);
    setAttribute(resource, 'state', () => 'running');
    setAttribute(resource, 'instanceType', () => value.get('instance_type').str());
    setAttribute(resource, 'imageId', () => optionalIdentity(context, instance, value.get('ami')));
    setAttribute(resource, 'subnetId', () => optionalIdentity(context, instance, value.get('subnet_id')));
    setAttribute(resource, 'publicIpAddress', () => {
      const associate = value.get('associate_public_ip_address');
      if (!associate.isUnknown()) return associate.bool() ? PUBLIC_AT_LAUNCH : null;
      // Unset: the subnet's map_public_ip_on_launch decides, when the subnet is in the plan.
      const resolution = context.index.resolveAt(instance, ['subnet_id']);
      const targets = resolution.targets.filter(
        (target): target is { instance: Instance; attribute: string[] } =>
          'instance' in target && subnets.includes(target.instance),
      );
      if (targets.length !== 1 || resolution.targets.length !== 1 || resolution.unresolved.length > 0)
        associate.bool(); // throws: unknown
      const map =
        context.index.val(targets[0]!.instance).get('map_public_ip_on_launch').bool() ??
        targets[0]!.instance.type === 'aws_default_subnet';
      return map ? PUBLIC_AT_LAUNCH : null;
    });
    setAttribute(resource, 'metadataOptions', () => {
      const options = value.block('metadata_options');
      if (options.isUnknown()) options.known(); // throws
      if (options.isNull())
        throw new KnownAfterApply(
          instance.address,
          'metadata_options',
          "follows the AMI's IMDS default, which the plan does not show",
        );
      const tokens = options.get('http_tokens');
      const endpoint = options.get('http_endpoint');
      const hops = options.get('http_put_response_hop_limit');
      return {
        httpTokens: tokens.str() ?? 'optional',
        httpEndpoint: endpoint.str() ?? 'enabled',
        httpPutResponseHopLimit: hops.isUnknown() ? null : hops.num(),
      };
    });
    return resource;
  });
}

export function passwordPolicies(context: PlanContext): PlanResource[] {
  const planned = context.index.planned('aws_iam_account_password_policy');
  return planned.slice(0, 1).map((policy) => {
    const value = context.index.val(policy);
    const arn = `arn:${context.partition}:iam::${context.accountId}:account`;
    const resource = newResource(
      'aws.iam.account',
      policy,
      arn,
      `IAM settings of ${context.accountId}`,
      'global',
      context.accountId,
    );
    setAttribute(resource, 'passwordPolicy', (): PasswordPolicy => {
      if (planned.length > 1)
        throw new KnownAfterApply(policy.address, 'passwordPolicy', 'is set by several resources');
      // Every argument is Optional+Computed; an unset one takes IAM's default for UpdateAccountPasswordPolicy.
      const read = <T>(field: string, fallback: T, as: 'bool' | 'num'): T => {
        const inner = value.get(field);
        if (inner.isUnknown() && isProviderEcho(context, policy, inner)) return fallback;
        const known = as === 'bool' ? inner.bool() : inner.num();
        return (known ?? fallback) as T;
      };
      const maxAge = read<number>('max_password_age', 0, 'num');
      const reuse = read<number>('password_reuse_prevention', 0, 'num');
      return {
        MinimumPasswordLength: read<number>('minimum_password_length', 6, 'num'),
        RequireSymbols: read<boolean>('require_symbols', false, 'bool'),
        RequireNumbers: read<boolean>('require_numbers', false, 'bool'),
        RequireUppercaseCharacters: read<boolean>('require_uppercase_characters', false, 'bool'),
        RequireLowercaseCharacters: read<boolean>('require_lowercase_characters', false, 'bool'),
        AllowUsersToChangePassword: read<boolean>('allow_users_to_change_password', false, 'bool'),
        ExpirePasswords: maxAge > 0,
        MaxPasswordAge: maxAge > 0 ? maxAge : null,
        PasswordReusePrevention: reuse > 0 ? reuse : null,
        HardExpiry: read<boolean>('hard_expiry', false, 'bool'),
      };
    });
    return resource;
  });
}
