import type { KmsKeyData } from '../../../src/model/kms.js';
import type { AnyResource } from '../../../src/model/resource.js';
import { ACCOUNT, resource } from '../../support/fixtures.js';

export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;

export function keyPolicy(...statements: Record<string, unknown>[]): KmsKeyData['policy'] {
  return { Version: '2012-10-17', Statement: statements } as unknown as KmsKeyData['policy'];
}

/** The statement every console-created key policy starts with: the account's own IAM decides. */
export const ROOT_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*',
};

/** A compliant symmetric customer-managed key; override any attribute. */
export function key(data: Partial<KmsKeyData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const keyId = data.keyId ?? KEY_ID;
  const complete: KmsKeyData = {
    keyId,
    keyState: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'CUSTOMER',
    multiRegion: false,
    description: 'squad data key',
    creationDate: '2026-01-01T00:00:00.000Z',
    deletionDate: null,
    rotation: { enabled: true, rotationPeriodInDays: 365 },
    policy: keyPolicy(ROOT_STATEMENT),
    aliases: ['alias/squad-data'],
    ...data,
  };
  return resource('aws.kms.key', complete as unknown as Record<string, unknown>, {
    name: 'alias/squad-data',
    arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`,
    ...overrides,
  });
}
