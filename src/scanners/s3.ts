import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  type Bucket,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { partitionOf } from '../aws/clients.js';
import { errorCode, toCollectionError } from '../aws/errors.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource } from '../model/resource.js';
import type { PublicAccessBlock, S3AccountData, S3BucketData } from '../model/s3.js';
import { readAttribute, tagRecord } from './attributes.js';
import { needs, type Scanner, type ScannerContext } from './scanner.js';
import { SCANNED_TYPES } from './resource-types.js';

const BUCKET = 'aws.s3.bucket';
const ACCOUNT = 'aws.s3.account';
/**
 * MaxBuckets on every ListBuckets (its maximum): S3 rejects unpaginated ListBuckets in accounts whose bucket
 * quota exceeds 10,000, and answers a continuation token only to paginated requests.
 */
const LIST_BUCKETS_PAGE = 10_000;

/** The region S3 runs its global calls (ListBuckets, S3 Control) in for a partition. */
function homeRegion(regions: string[]): string {
  const first = regions[0] ?? 'us-east-1';
  const partition = partitionOf(first);
  return partition === 'aws' ? 'us-east-1' : first;
}

function toPublicAccessBlock(config: PublicAccessBlockConfiguration | undefined): PublicAccessBlock | null {
  if (!config) return null;
  return {
    BlockPublicAcls: config.BlockPublicAcls ?? false,
    IgnorePublicAcls: config.IgnorePublicAcls ?? false,
    BlockPublicPolicy: config.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: config.RestrictPublicBuckets ?? false,
  };
}

/** GetBucketLocation answers an empty constraint for us-east-1 and `EU` for the oldest eu-west-1 buckets. */
function normaliseLocation(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/**
 * S3 is global: one bucket list per account, then per-bucket reads against each bucket's own region, only
 * for the attributes the plan needs, under the per-service concurrency bound. Buckets outside the scanned
 * regions are left out (the scan's region list is its scope), and a note names their regions.
 */
export const s3Scanner: Scanner = {
  service: 's3',
  resourceTypes: [...SCANNED_TYPES.s3],
  scope: 'global',
  async scan(context) {
    const { target, plan } = context;
    const home = homeRegion(target.regions);
    const accountPab = await readAccountPublicAccessBlock(context, home);
    if (plan.has(ACCOUNT)) {
      const account: AnyResource = {
        type: ACCOUNT,
        arn: `arn:${partitionOf(home)}:s3::${target.accountId}:account`,
        accountId: target.accountId,
        region: 'global',
        name: `S3 settings of ${target.accountId}`,
        tags: {},
        data: {},
        errors: {},
      };
      if (accountPab.error) account.errors.publicAccessBlock = accountPab.error;
      else if (accountPab.read) (account.data as Partial<S3AccountData>).publicAccessBlock = accountPab.value;
      context.emit(account);
    }
    if (!plan.has(BUCKET)) return;

    let buckets: Bucket[];
    try {
      buckets = [];
      for await (const page of paginateListBuckets({ client: context.clients.client('S3', home), pageSize: LIST_BUCKETS_PAGE }, {})) {
        buckets.push(...(page.Buckets ?? []));
      }
    } catch (error) {
      context.fail({ region: 'global', service: 's3', resourceTypes: [BUCKET], ...toCollectionError(error, 'S3.ListBuckets') });
      return;
    }

    const elsewhere = new Set<string>();
    await Promise.all(
      buckets.map((bucket) =>
        context.limit(async () => {
          const resource = await scanBucket(context, bucket, home, accountPab);
          if (resource === undefined) return;
          if (typeof resource === 'string') elsewhere.add(resource);
          else context.emit(resource);
        }),
      ),
    );
    // Left out by the scan's scope, never silently. One note per region, so an organization scan's notes
    // stay bounded by the number of regions, not of accounts.
    for (const region of [...elsewhere].sort()) {
      context.note(`S3: buckets in ${region}, outside the scanned regions, were not judged; add the region with --region to judge them.`);
    }
  },
};

interface AccountPabRead {
  read: boolean;
  value: PublicAccessBlock | null;
  error?: ReturnType<typeof toCollectionError>;
}

async function readAccountPublicAccessBlock(context: ScannerContext, home: string): Promise<AccountPabRead> {
  const wanted =
    needs(context.plan, ACCOUNT, 'publicAccessBlock') || needs(context.plan, BUCKET, 'accountPublicAccessBlock');
  if (!wanted) return { read: false, value: null };
  try {
    const answer = await context.clients
      .client('S3Control', home)
      .send(new GetAccountPublicAccessBlockCommand({ AccountId: context.target.accountId }));
    return { read: true, value: toPublicAccessBlock(answer.PublicAccessBlockConfiguration) };
  } catch (error) {
    if (errorCode(error) === 'NoSuchPublicAccessBlockConfiguration') return { read: true, value: null };
    return { read: false, value: null, error: toCollectionError(error, 'S3Control.GetPublicAccessBlock') };
  }
}

async function scanBucket(
  context: ScannerContext,
  bucket: Bucket,
  home: string,
  accountPab: AccountPabRead,
): Promise<AnyResource | string | undefined> {
  const name = bucket.Name;
  if (!name) return undefined;
  let region = bucket.BucketRegion;
  const resource: AnyResource = {
    type: BUCKET,
    arn: `arn:${partitionOf(home)}:s3:::${name}`,
    accountId: context.target.accountId,
    region: region ?? 'unknown',
    name,
    tags: {},
    data: { creationDate: bucket.CreationDate?.toISOString() ?? null },
    errors: {},
  };
  if (!region) {
    // Older endpoints do not return BucketRegion in ListBuckets: one location call per bucket.
    try {
      const location = await context.clients.client('S3', home).send(new GetBucketLocationCommand({ Bucket: name }));
      region = normaliseLocation(location.LocationConstraint);
      resource.region = region;
    } catch (error) {
      if (errorCode(error) === 'NoSuchBucket') return undefined;
      // Unknown region: the bucket stays in the inventory, every attribute unreadable.
      const failure = toCollectionError(error, 'S3.GetBucketLocation');
      for (const attribute of context.plan.get(BUCKET) ?? []) (resource.errors as Record<string, unknown>)[attribute] = failure;
      return resource;
    }
  }
  // Outside the scan's regions: the region, so the scan can say what it left out.
  if (!context.target.regions.includes(region)) return region;

  const s3 = context.clients.client('S3', region);
  const plan = context.plan;
  const Bucket = name;
  if (needs(plan, BUCKET, 'accountPublicAccessBlock')) {
    if (accountPab.error) resource.errors.accountPublicAccessBlock = accountPab.error;
    else resource.data.accountPublicAccessBlock = accountPab.value;
  }
  await Promise.all([
    readAttribute(resource, 'publicAccessBlock', plan, {
      operation: 'S3.GetPublicAccessBlock',
      notConfiguredCodes: ['NoSuchPublicAccessBlockConfiguration'],
      read: async () =>
        toPublicAccessBlock((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration),
    }),
    readAttribute(resource, 'policy', plan, {
      operation: 'S3.GetBucketPolicy',
      notConfiguredCodes: ['NoSuchBucketPolicy'],
      read: async () => {
        const text = (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy;
        return text ? parsePolicyDocument(text) : null;
      },
    }),
    readAttribute(resource, 'acl', plan, {
      operation: 'S3.GetBucketAcl',
      read: async () => {
        const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
        return {
          ownerId: acl.Owner?.ID ?? null,
          grants: (acl.Grants ?? []).map((grant) => ({
            granteeType: grant.Grantee?.Type ?? 'Unknown',
            grantee: grant.Grantee?.URI ?? grant.Grantee?.ID ?? grant.Grantee?.EmailAddress ?? '',
            permission: grant.Permission ?? 'Unknown',
          })),
        };
      },
    }),
    readAttribute<S3BucketData['encryption']>(resource, 'encryption', plan, {
      operation: 'S3.GetBucketEncryption',
      notConfiguredCodes: ['ServerSideEncryptionConfigurationNotFoundError'],
      read: async () => {
        const rules = (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration?.Rules;
        const rule = rules?.find((r) => r.ApplyServerSideEncryptionByDefault) ?? rules?.[0];
        const defaults = rule?.ApplyServerSideEncryptionByDefault;
        if (!defaults?.SSEAlgorithm) return null;
        return {
          algorithm: defaults.SSEAlgorithm,
          kmsKeyId: defaults.KMSMasterKeyID ?? null,
          bucketKeyEnabled: rule?.BucketKeyEnabled ?? false,
        };
      },
    }),
    readAttribute<S3BucketData['versioning']>(resource, 'versioning', plan, {
      operation: 'S3.GetBucketVersioning',
      read: async () => {
        const answer = await s3.send(new GetBucketVersioningCommand({ Bucket }));
        return {
          status: answer.Status === 'Enabled' || answer.Status === 'Suspended' ? answer.Status : 'Disabled',
          mfaDelete: answer.MFADelete === 'Enabled' ? 'Enabled' : 'Disabled',
        };
      },
    }),
    readAttribute<S3BucketData['logging']>(resource, 'logging', plan, {
      operation: 'S3.GetBucketLogging',
      read: async () => {
        const enabled = (await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled;
        return enabled?.TargetBucket
          ? { targetBucket: enabled.TargetBucket, targetPrefix: enabled.TargetPrefix ?? '' }
          : null;
      },
    }),
    readAttribute<S3BucketData['ownershipControls']>(resource, 'ownershipControls', plan, {
      operation: 'S3.GetBucketOwnershipControls',
      notConfiguredCodes: ['OwnershipControlsNotFoundError'],
      read: async () => {
        const rule = (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0];
        return rule?.ObjectOwnership ? { objectOwnership: rule.ObjectOwnership } : null;
      },
    }),
    readAttribute(resource, 'tags', plan, {
      operation: 'S3.GetBucketTagging',
      notConfiguredCodes: ['NoSuchTagSet'],
      notConfigured: {},
      read: async () => tagRecord((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet),
    }),
  ]);
  // A bucket deleted between listing and reading is gone, not unreadable.
  const vanished = Object.values(resource.errors as Record<string, { code: string } | undefined>).some(
    (error) => error?.code === 'NoSuchBucket',
  );
  return vanished ? undefined : resource;
}
