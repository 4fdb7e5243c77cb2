import type { Bucket, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { partitionOf } from '../aws/clients.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource } from '../model/resource.js';
import type { PublicAccessBlock } from '../model/s3.js';
import { tagRecord } from './attributes.js';
import { homeRegion } from './home-region.js';
import { list, listOperation, listOrFail } from './list.js';
import { attempt, attributeOperations, call, fillFrom, readAttributes, readShared, shared, sharedOperation, table, type Outcome } from './reads.js';
import { newResource } from './resource.js';
import { defineScanner, needs, type ScannerContext, type TypeCosts } from './scanner.js';
import { operationOf, sender } from './sdk.js';
import { sdkPackage } from '../aws/sdk-packages.js';

const {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} = sdkPackage('@aws-sdk/client-s3');
const { GetPublicAccessBlockCommand: GetAccountPublicAccessBlockCommand } = sdkPackage('@aws-sdk/client-s3-control');

const BUCKET = 'aws.s3.bucket';
const ACCOUNT = 'aws.s3.account';
/**
 * MaxBuckets on every ListBuckets (its maximum): S3 rejects unpaginated ListBuckets in accounts whose bucket
 * quota exceeds 10,000, and answers a continuation token only to paginated requests.
 */
const LIST_BUCKETS_PAGE = 10_000;

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

const buckets = list('S3', ListBucketsCommand, {
  input: () => ({ MaxBuckets: LIST_BUCKETS_PAGE }),
  inputToken: 'ContinuationToken',
  outputToken: 'ContinuationToken',
  items: (page) => page.Buckets,
});

/** Older endpoints do not return BucketRegion in ListBuckets: one location call per bucket. */
const location = call(GetBucketLocationCommand, {
  input: (bucket: string) => ({ Bucket: bucket }),
  map: (answer) => normaliseLocation(answer.LocationConstraint),
});

/** The account-level block, copied onto each bucket so rules judge both levels together. */
const accountPublicAccessBlock = shared(
  'S3Control',
  call(GetAccountPublicAccessBlockCommand, {
    input: (context: ScannerContext) => ({ AccountId: context.target.accountId }),
    map: (answer) => toPublicAccessBlock(answer.PublicAccessBlockConfiguration),
    notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
  }),
);

/** Per-bucket reads, each against the bucket's own region. */
const bucketReads = table<typeof BUCKET, AnyResource>({
  type: BUCKET,
  service: 'S3',
  // A bucket deleted between listing and reading is gone, not unreadable.
  gone: ['NoSuchBucket'],
  reads: {
    publicAccessBlock: call(GetPublicAccessBlockCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (answer) => toPublicAccessBlock(answer.PublicAccessBlockConfiguration),
      notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
    }),
    policy: call(GetBucketPolicyCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (answer) => (answer.Policy ? parsePolicyDocument(answer.Policy) : null),
      notConfigured: ['NoSuchBucketPolicy'],
    }),
    acl: call(GetBucketAclCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (acl) => ({
        ownerId: acl.Owner?.ID ?? null,
        grants: (acl.Grants ?? []).map((grant) => ({
          granteeType: grant.Grantee?.Type ?? 'Unknown',
          grantee: grant.Grantee?.URI ?? grant.Grantee?.ID ?? grant.Grantee?.EmailAddress ?? '',
          permission: grant.Permission ?? 'Unknown',
        })),
      }),
    }),
    encryption: call(GetBucketEncryptionCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (answer) => {
        const rules = answer.ServerSideEncryptionConfiguration?.Rules;
        const rule = rules?.find((r) => r.ApplyServerSideEncryptionByDefault) ?? rules?.[0];
        const defaults = rule?.ApplyServerSideEncryptionByDefault;
        if (!defaults?.SSEAlgorithm) return null;
        return { algorithm: defaults.SSEAlgorithm, kmsKeyId: defaults.KMSMasterKeyID ?? null, bucketKeyEnabled: rule?.BucketKeyEnabled ?? false };
      },
      notConfigured: ['ServerSideEncryptionConfigurationNotFoundError'],
    }),
    versioning: call(GetBucketVersioningCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (answer) => ({
        status: answer.Status === 'Enabled' || answer.Status === 'Suspended' ? answer.Status : ('Disabled' as const),
        mfaDelete: answer.MFADelete === 'Enabled' ? ('Enabled' as const) : ('Disabled' as const),
      }),
    }),
    logging: call(GetBucketLoggingCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: ({ LoggingEnabled: enabled }) =>
        enabled?.TargetBucket ? { targetBucket: enabled.TargetBucket, targetPrefix: enabled.TargetPrefix ?? '' } : null,
    }),
    ownershipControls: call(GetBucketOwnershipControlsCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (answer) => {
        const rule = answer.OwnershipControls?.Rules?.[0];
        return rule?.ObjectOwnership ? { objectOwnership: rule.ObjectOwnership } : null;
      },
      notConfigured: ['OwnershipControlsNotFoundError'],
    }),
    tags: call(GetBucketTaggingCommand, {
      input: (bucket) => ({ Bucket: bucket.name }),
      map: (answer) => tagRecord(answer.TagSet),
      notConfigured: ['NoSuchTagSet'],
      notConfiguredValue: {},
    }),
  },
});

const accountPabOperation = sharedOperation(accountPublicAccessBlock);
const costs: Record<string, TypeCosts> = {
  [BUCKET]: {
    list: [listOperation(buckets), operationOf('S3', GetBucketLocationCommand)],
    attributes: { ...attributeOperations(bucketReads), accountPublicAccessBlock: [accountPabOperation] },
  },
  [ACCOUNT]: { list: [], attributes: { publicAccessBlock: [accountPabOperation] } },
};

/**
 * S3 is global: one bucket list per account, then per-bucket reads against each bucket's own region, only
 * for the attributes the plan needs, under the per-service concurrency bound. Buckets outside the scanned
 * regions are left out (the scan's region list is its scope), and a note names their regions.
 */
export const s3Scanner = defineScanner({
  service: 's3',
  scope: 'global',
  costs,
  async scan(context) {
    const { target, plan } = context;
    const home = homeRegion(target.regions);
    const wantsAccountPab = needs(plan, ACCOUNT, 'publicAccessBlock') || needs(plan, BUCKET, 'accountPublicAccessBlock');
    // The account's block and the bucket list do not depend on each other: both are in flight at once.
    const listing = plan.has(BUCKET) ? listOrFail(context, buckets, [BUCKET], { region: home }) : undefined;
    const accountPab = wantsAccountPab ? await readShared(context, accountPublicAccessBlock, home) : undefined;
    if (plan.has(ACCOUNT)) {
      const account = newResource(context, ACCOUNT, {
        arn: `arn:${partitionOf(home)}:s3::${target.accountId}:account`,
        name: `S3 settings of ${target.accountId}`,
      });
      if (accountPab) fillFrom(account, 'publicAccessBlock', accountPab);
      context.emit(account);
    }
    const listed = await listing;
    if (!listed) return;

    const elsewhere = new Set<string>();
    await Promise.all(
      listed.map((bucket) =>
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
});

async function scanBucket(
  context: ScannerContext,
  bucket: Bucket,
  home: string,
  accountPab: Outcome<PublicAccessBlock | null> | undefined,
): Promise<AnyResource | string | undefined> {
  const name = bucket.Name;
  if (!name) return undefined;
  const resource = newResource(context, BUCKET, {
    arn: `arn:${partitionOf(home)}:s3:::${name}`,
    name,
    region: bucket.BucketRegion ?? 'unknown',
    data: { creationDate: bucket.CreationDate?.toISOString() ?? null },
  });
  if (!bucket.BucketRegion) {
    const located = await attempt(sender(context.clients, 'S3', home), location, name, bucketReads.gone);
    if ('gone' in located) return undefined;
    if ('error' in located) {
      // Unknown region: the bucket stays in the inventory, every attribute unreadable.
      for (const attribute of context.plan.get(BUCKET) ?? []) (resource.errors as Record<string, unknown>)[attribute] = located.error;
      return resource;
    }
    resource.region = located.value;
  }
  // Outside the scan's regions: the region, so the scan can say what it left out.
  if (!context.target.regions.includes(resource.region)) return resource.region;

  if (accountPab && needs(context.plan, BUCKET, 'accountPublicAccessBlock')) fillFrom(resource, 'accountPublicAccessBlock', accountPab);
  const read = await readAttributes(context, resource, bucketReads, resource);
  return read === 'gone' ? undefined : resource;
}
