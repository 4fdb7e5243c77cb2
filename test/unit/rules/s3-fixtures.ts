import type { AnyResource } from '../../../src/model/resource.js';
import type { PublicAccessBlock, S3BucketData } from '../../../src/model/s3.js';
import { ACCOUNT, resource } from '../../support/fixtures.js';

export const ALL_ON: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
export const ALL_OFF: PublicAccessBlock = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

/** A compliant bucket; override any attribute. */
export function bucket(data: Partial<S3BucketData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const name = overrides.name ?? 'squad-data';
  const complete: S3BucketData = {
    creationDate: '2026-01-01T00:00:00.000Z',
    publicAccessBlock: ALL_ON,
    accountPublicAccessBlock: null,
    policy: null,
    acl: { ownerId: 'owner', grants: [{ granteeType: 'CanonicalUser', grantee: 'owner', permission: 'FULL_CONTROL' }] },
    encryption: { algorithm: 'aws:kms', kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`, bucketKeyEnabled: true },
    versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
    logging: { targetBucket: 'logs', targetPrefix: `${name}/` },
    ownershipControls: { objectOwnership: 'BucketOwnerEnforced' },
    ...data,
  };
  return resource('aws.s3.bucket', complete as unknown as Record<string, unknown>, {
    name,
    arn: `arn:aws:s3:::${name}`,
    ...overrides,
  });
}

export function statement(extra: Record<string, unknown>): Record<string, unknown> {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::squad-data/*', ...extra };
}

export function policyOf(...statements: Record<string, unknown>[]): S3BucketData['policy'] {
  return { Version: '2012-10-17', Statement: statements } as unknown as S3BucketData['policy'];
}
