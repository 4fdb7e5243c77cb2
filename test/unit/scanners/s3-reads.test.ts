/**
 * The S3 scanner's reads against stubbed answers: only the calls the plan needs, "not configured" answers
 * as data, an unreadable attribute as that attribute's error, and a bucket deleted mid-scan left out.
 */
import { describe, expect, it } from 'vitest';
import type { AttributeOf } from '../../../src/model/resource.js';
import { s3Scanner } from '../../../src/scanners/s3.js';
import { awsError, planOf, stubScan, type Answer } from './stub-sdk.js';

const BUCKET = 'aws.s3.bucket';
const listing = { Buckets: [{ Name: 'logs', BucketRegion: 'us-east-1', CreationDate: new Date('2026-01-01T00:00:00Z') }] };

function answers(overrides: Record<string, () => Record<string, unknown>> = {}): Answer {
  return (operation) => {
    const override = overrides[operation];
    if (override) return override();
    if (operation === 'S3.ListBuckets') return listing;
    if (operation === 'S3.GetBucketVersioning') return { Status: 'Enabled' };
    if (operation === 'S3.GetBucketPolicy') return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) };
    throw new Error(`unexpected call ${operation}`);
  };
}

describe('S3 reads', () => {
  it('a plan of {versioning} calls ListBuckets and GetBucketVersioning, nothing else', async () => {
    const { inventory, calls } = await stubScan({ scanner: s3Scanner, plan: planOf({ [BUCKET]: ['versioning'] }), answer: answers() });
    expect(calls.map((call) => call.operation)).toEqual(['S3.ListBuckets', 'S3.GetBucketVersioning']);
    expect(calls[1]?.input).toEqual({ Bucket: 'logs' });
    expect(inventory.apiCalls).toEqual({ 'S3.ListBuckets': 1, 'S3.GetBucketVersioning': 1 });
    expect(inventory.resources).toHaveLength(1);
    expect(inventory.resources[0]?.data).toEqual({ creationDate: '2026-01-01T00:00:00.000Z', versioning: { status: 'Enabled', mfaDelete: 'Disabled' } });
  });

  it('a "not configured" answer is data: no policy is null, no tag set is {}', async () => {
    const { inventory } = await stubScan({
      scanner: s3Scanner,
      plan: planOf({ [BUCKET]: ['policy', 'tags'] }),
      answer: answers({
        'S3.GetBucketPolicy': () => {
          throw awsError('NoSuchBucketPolicy', 404);
        },
        'S3.GetBucketTagging': () => {
          throw awsError('NoSuchTagSet', 404);
        },
      }),
    });
    const [bucket] = inventory.resources;
    expect(bucket?.data.policy).toBeNull();
    expect(bucket?.tags).toEqual({});
    expect(bucket?.errors).toEqual({});
  });

  it('AccessDenied is a collection error on that attribute only', async () => {
    const { inventory } = await stubScan({
      scanner: s3Scanner,
      plan: planOf({ [BUCKET]: ['policy', 'versioning'] }),
      answer: answers({
        'S3.GetBucketPolicy': () => {
          throw awsError('AccessDenied', 403, 'not allowed');
        },
      }),
    });
    const [bucket] = inventory.resources;
    expect(bucket?.errors).toEqual({ policy: { code: 'AccessDenied', message: 'not allowed', operation: 'S3.GetBucketPolicy', httpStatus: 403 } });
    expect(bucket?.data.versioning).toEqual({ status: 'Enabled', mfaDelete: 'Disabled' });
    expect(bucket?.data).not.toHaveProperty('policy');
    expect(inventory.errors).toEqual([]);
  });

  it('a bucket deleted between list and read is dropped, not an error', async () => {
    const { inventory } = await stubScan({
      scanner: s3Scanner,
      plan: planOf({ [BUCKET]: ['policy', 'versioning'] }),
      answer: answers({
        'S3.GetBucketVersioning': () => {
          throw awsError('NoSuchBucket', 404);
        },
      }),
    });
    expect(inventory.resources).toEqual([]);
    expect(inventory.errors).toEqual([]);
  });

  it('a failed list is a scan error for the bucket type', async () => {
    const { inventory } = await stubScan({
      scanner: s3Scanner,
      plan: planOf({ [BUCKET]: ['versioning'] }),
      answer: answers({
        'S3.ListBuckets': () => {
          throw awsError('AccessDenied', 403, 'no list');
        },
      }),
    });
    expect(inventory.resources).toEqual([]);
    expect(inventory.errors).toEqual([
      expect.objectContaining({ region: 'global', service: 's3', resourceTypes: [BUCKET], code: 'AccessDenied', operation: 'S3.ListBuckets' }),
    ]);
  });

  it('the account-wide public access block is read once and copied onto every bucket', async () => {
    const block = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    const { inventory } = await stubScan({
      scanner: s3Scanner,
      plan: planOf({ [BUCKET]: ['accountPublicAccessBlock'], 'aws.s3.account': ['publicAccessBlock'] }),
      answer: answers({
        'S3.ListBuckets': () => ({ Buckets: [...listing.Buckets, { Name: 'data', BucketRegion: 'us-east-1' }] }),
        'S3Control.GetPublicAccessBlock': () => ({ PublicAccessBlockConfiguration: block }),
      }),
    });
    expect(inventory.apiCalls['S3Control.GetPublicAccessBlock']).toBe(1);
    expect(inventory.resources.map((resource) => resource.data.accountPublicAccessBlock ?? resource.data.publicAccessBlock)).toEqual([block, block, block]);
  });

  it('every attribute of the S3 model has a reader or comes from the list answer', () => {
    // Typed as every attribute: a model field added without an entry here does not compile.
    const model: Record<AttributeOf<'aws.s3.bucket'>, 'list' | 'read'> = {
      creationDate: 'list',
      publicAccessBlock: 'read',
      accountPublicAccessBlock: 'read',
      policy: 'read',
      acl: 'read',
      encryption: 'read',
      versioning: 'read',
      logging: 'read',
      ownershipControls: 'read',
      tags: 'read',
    };
    const account: Record<AttributeOf<'aws.s3.account'>, 'read'> = { publicAccessBlock: 'read', tags: 'read' };
    const read = (type: string) => Object.keys(s3Scanner.costs?.[type]?.attributes ?? {}).sort();
    expect(read(BUCKET)).toEqual(Object.keys(model).filter((attribute) => model[attribute as keyof typeof model] === 'read').sort());
    expect(read('aws.s3.account')).toEqual(['publicAccessBlock']);
    expect(Object.keys(account)).toContain('publicAccessBlock');
  });
});
