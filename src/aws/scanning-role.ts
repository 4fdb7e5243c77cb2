
/**
 * The audit role's least-privilege policy, generated from the AWS operations squadguard calls inside a
 * scanned account: the operations each scanner declares in its read tables (see
 * `src/scanners/operations.ts`), and the `--region all` lookup. Generated, not hand-kept, so a scanner that
 * starts calling a new API cannot ship without its permission; a test checks every operation the
 * integration tests actually called is covered.
 */

/** IAM action prefix per meter service name (S3 Control's actions live under `s3:`). */
const ACTION_PREFIX: Record<string, string> = { S3Control: 's3' };

/** Operations whose IAM action is not named after the operation. */
const ACTION_EXCEPTIONS: Record<string, string> = {
  'S3.ListBuckets': 's3:ListAllMyBuckets',
  'S3.GetBucketEncryption': 's3:GetEncryptionConfiguration',
  'S3.GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  'S3.GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  'S3.GetBucketReplication': 's3:GetReplicationConfiguration',
  'S3.GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  'S3.GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  'S3.GetBucketCors': 's3:GetBucketCORS',
  'S3.HeadBucket': 's3:ListBucket',
  'S3Control.GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};

/** Operations any caller may make without a permission. */
const NO_PERMISSION = new Set(['STS.GetCallerIdentity']);

/** The IAM action an operation (`Service.Operation`, as metered) needs; undefined when it needs none. */
export function iamActionFor(operation: string): string | undefined {
  if (NO_PERMISSION.has(operation)) return undefined;
  const exception = ACTION_EXCEPTIONS[operation];
  if (exception) return exception;
  const [service = '', name = ''] = operation.split('.');
  const prefix = ACTION_PREFIX[service] ?? service.toLowerCase();
  return `${prefix}:${name}`;
}

/** The IAM actions a set of operations needs, each once, sorted. */
export function iamActions(operations: readonly string[]): string[] {
  return [...new Set(operations.map(iamActionFor).filter((action): action is string => action !== undefined))].sort();
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }>;
}

/** The audit role's permissions policy: read-only actions only, `Resource: *` (inventory calls list everything). */
export function scanningRolePolicy(operations: readonly string[]): IamPolicyDocument {
  const actions = iamActions(operations);
  return { Version: '2012-10-17', Statement: [{ Sid: 'SquadguardReadOnlyInventory', Effect: 'Allow', Action: actions, Resource: '*' }] };
}

/** Trust policy letting the scanning principal (a role or user in the security/tooling account) assume the role. */
export function scanningRoleTrustPolicy(principalArn: string, externalId?: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principalArn },
        Action: 'sts:AssumeRole',
        ...(externalId ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } } : {}),
      },
    ],
  };
}

export interface ScopedPolicyDocument {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }>;
}

/**
 * The Security Hub sink's policy, for the role or user in the hub account (separate from the read-only audit
 * role): import into the account's default product (a custom integration), and read and update the workflow
 * of findings in its hub. Generated from the operations the sink declares (`SECURITY_HUB_SINK_OPERATIONS`).
 */
export function securityHubSinkPolicy(operations: readonly string[], options: { accountId?: string; partition?: string } = {}): ScopedPolicyDocument {
  const account = options.accountId ?? '*';
  const partition = options.partition ?? 'aws';
  const actions = iamActions(operations);
  const onProduct = (action: string): boolean => action === 'securityhub:BatchImportFindings'; // resource type: product
  const product = actions.filter(onProduct);
  const hub = actions.filter((action) => !onProduct(action));
  return {
    Version: '2012-10-17',
    Statement: [
      ...(product.length > 0
        ? [{ Sid: 'SquadguardImportFindings', Effect: 'Allow' as const, Action: product, Resource: `arn:${partition}:securityhub:*:${account}:product/${account}/default` }]
        : []),
      ...(hub.length > 0 ? [{ Sid: 'SquadguardFindingLifecycle', Effect: 'Allow' as const, Action: hub, Resource: `arn:${partition}:securityhub:*:${account}:hub/default` }] : []),
    ],
  };
}
