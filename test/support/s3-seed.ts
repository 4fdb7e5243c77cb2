import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { S3ControlClient, PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT, seedClients } from './aws.js';

/** Seeds S3 buckets through the AWS SDK: one compliant shape, and one deviation per S3 guardrail. */

export const OUTSIDER = '999988887777';

export const allBlocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
export const noneBlocked = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };

function denyInsecureTransport(bucket: string) {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

export interface BucketSetup {
  publicAccessBlock?: typeof allBlocked | null;
  /** Extra statements; the TLS-only deny is added unless `tls` is false. */
  statements?: object[];
  tls?: boolean;
  aclsEnabled?: boolean;
  publicAcl?: boolean;
  encryption?: 'kms' | 'sse-s3' | 'none';
  versioning?: boolean;
  logging?: boolean;
}

/** A bucket that meets every S3 guardrail unless `setup` says otherwise. */
export async function seedBucket(s3: S3Client, name: string, keyArn: string, setup: BucketSetup = {}): Promise<void> {
  const region = await s3.config.region();
  const location = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } };
  await s3.send(new CreateBucketCommand({ Bucket: name, ...location }));
  const pab = setup.publicAccessBlock === undefined ? allBlocked : setup.publicAccessBlock;
  if (pab) await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: pab }));
  const statements = [...(setup.statements ?? []), ...(setup.tls === false ? [] : [denyInsecureTransport(name)])];
  if (statements.length > 0) {
    await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  }
  if (!setup.aclsEnabled) {
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: name, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  }
  if (setup.publicAcl) await s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'public-read' }));
  const encryption = setup.encryption ?? 'kms';
  if (encryption !== 'none') {
    const rule = encryption === 'kms'
      ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }
      : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' as const } };
    await s3.send(new PutBucketEncryptionCommand({ Bucket: name, ServerSideEncryptionConfiguration: { Rules: [rule] } }));
  }
  if (setup.versioning !== false) {
    await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  if (setup.logging !== false) {
    await s3.send(new PutBucketLoggingCommand({
      Bucket: name,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'sg-access-logs', TargetPrefix: `${name}/` } },
    }));
  }
}

/** The log bucket: its logging-service grant must come before any `Principal: *` statement (a moto quirk). */
export async function seedLogBucket(s3: S3Client, keyArn: string): Promise<void> {
  const allowLogging = {
    Sid: 'S3ServerAccessLogs',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::sg-access-logs/*',
    Condition: { StringEquals: { 'aws:SourceAccount': MOTO_ACCOUNT } },
  };
  await seedBucket(s3, 'sg-access-logs', keyArn, { statements: [allowLogging], logging: false });
  await s3.send(new PutBucketLoggingCommand({
    Bucket: 'sg-access-logs',
    BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'sg-access-logs', TargetPrefix: 'self/' } },
  }));
}


export async function seedViolations(endpoint: string, region = 'us-east-1'): Promise<void> {
  const { s3, kms } = seedClients(endpoint, region);
  const key = await kms.send(new CreateKeyCommand({ Description: 'squad data key' }));
  const keyArn = key.KeyMetadata?.Arn ?? '';
  await seedLogBucket(s3, keyArn);
  await seedBucket(s3, 'sg-compliant', keyArn);
  await seedBucket(s3, 'sg-no-bucket-pab', keyArn, { publicAccessBlock: null });
  await seedBucket(s3, 'sg-public-policy', keyArn, {
    publicAccessBlock: noneBlocked,
    statements: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::sg-public-policy/*' }],
  });
  await seedBucket(s3, 'sg-public-acl', keyArn, { publicAccessBlock: noneBlocked, aclsEnabled: true, publicAcl: true });
  await seedBucket(s3, 'sg-no-encryption', keyArn, { encryption: 'none' });
  await seedBucket(s3, 'sg-sse-s3', keyArn, { encryption: 'sse-s3' });
  await seedBucket(s3, 'sg-no-tls', keyArn, { tls: false });
  await seedBucket(s3, 'sg-cross-account', keyArn, {
    statements: [{
      Sid: 'PartnerRead',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::sg-cross-account/*',
    }],
  });
  await seedBucket(s3, 'sg-unversioned', keyArn, { versioning: false });
  await seedBucket(s3, 'sg-unlogged', keyArn, { logging: false });
}

/**
 * A compliant account (one logged, KMS-encrypted bucket, account public access block on) and an `auditor`
 * user whose policy denies `s3:GetBucketPolicy`: once moto enforces IAM, the scanner really gets AccessDenied
 * on bucket policies. Returns the auditor's credentials.
 */
export async function seedAuditorWithoutBucketPolicies(endpoint: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const { s3, kms, iam } = seedClients(endpoint);
  const key = await kms.send(new CreateKeyCommand({}));
  await seedLogBucket(s3, key.KeyMetadata?.Arn ?? '');
  await seedBucket(s3, 'sg-compliant', key.KeyMetadata?.Arn ?? '');
  // S3 Control prefixes the account id to the host; an emulator needs its URL as is.
  const control = new S3ControlClient({ region: 'us-east-1', credentials: DUMMY_CREDENTIALS, maxAttempts: 1, endpointProvider: () => ({ url: new URL(endpoint) }) });
  await control.send(new PutAccountPublicAccessBlockCommand({ AccountId: MOTO_ACCOUNT, PublicAccessBlockConfiguration: allBlocked }));
  await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
  const policy = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'auditor-without-bucket-policies',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:*', 'sts:GetCallerIdentity'], Resource: '*' },
          { Effect: 'Deny', Action: 's3:GetBucketPolicy', Resource: '*' },
        ],
      }),
    }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: policy.Policy?.Arn }));
  const keys = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
  return { accessKeyId: keys.AccessKey?.AccessKeyId ?? '', secretAccessKey: keys.AccessKey?.SecretAccessKey ?? '' };
}
