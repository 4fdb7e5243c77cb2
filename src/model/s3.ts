import type { PolicyDocument } from './policy-document.js';

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface AclGrant {
  /** CanonicalUser | Group | AmazonCustomerByEmail */
  granteeType: string;
  /** Canonical id, group URI or e-mail address. */
  grantee: string;
  permission: string;
}

export interface BucketEncryption {
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  algorithm: string;
  kmsKeyId: string | null;
  bucketKeyEnabled: boolean;
}

export interface S3BucketData {
  creationDate: string | null;
  /** `null` = not configured at bucket level. */
  publicAccessBlock: PublicAccessBlock | null;
  /** The account-level setting, copied onto each bucket so rules judge both levels together. */
  accountPublicAccessBlock: PublicAccessBlock | null;
  /** `null` = the bucket has no policy. */
  policy: PolicyDocument | null;
  acl: { ownerId: string | null; grants: AclGrant[] };
  /** `null` = no default encryption configured (older S3 and some emulators). */
  encryption: BucketEncryption | null;
  versioning: { status: 'Enabled' | 'Suspended' | 'Disabled'; mfaDelete: 'Enabled' | 'Disabled' };
  /** `null` = server access logging disabled. */
  logging: { targetBucket: string; targetPrefix: string } | null;
  /** `null` = no ownership controls (ACLs enabled, legacy default). */
  ownershipControls: { objectOwnership: string } | null;
}

export interface S3AccountData {
  /** `null` = no account-level public access block configured. */
  publicAccessBlock: PublicAccessBlock | null;
}

declare module './resource.js' {
  interface ResourceDataByType {
    'aws.s3.bucket': S3BucketData;
    'aws.s3.account': S3AccountData;
  }
}
