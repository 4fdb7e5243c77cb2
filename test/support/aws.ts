import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity } from '@smithy/types';

/** moto's default account. */
export const MOTO_ACCOUNT = '123456789012';
export const DUMMY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** SDK clients for seeding moto: path-style S3, no retries (moto answers unimplemented calls with 500). */
export function seedClients(endpoint: string, region = 'us-east-1', credentials = DUMMY_CREDENTIALS) {
  const base = { endpoint, region, credentials, maxAttempts: 1 };
  return {
    s3: new S3Client({ ...base, forcePathStyle: true }),
    sts: new STSClient(base),
    iam: new IAMClient(base),
    kms: new KMSClient(base),
    ec2: new EC2Client(base),
    sagemaker: new SageMakerClient(base),
    organizations: new OrganizationsClient(base),
  };
}

/** Environment for running the real CLI against moto. */
export function motoEnv(endpoint: string, credentials = DUMMY_CREDENTIALS): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    SQUADGUARD_MAX_ATTEMPTS: '1',
    NO_COLOR: '1',
  };
  if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
  return env;
}
