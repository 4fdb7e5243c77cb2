import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateNotebookInstanceCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface OrgShape {
  accounts: number;
  buckets: number;
  kmsKeys: number;
  vpcs: number;
  roles: number;
  /** Notebook instances, models, and endpoints (with their configs), each. */
  sagemaker: number;
}

export const DEFAULT_SHAPE: OrgShape = { accounts: 12, buckets: 50, kmsKeys: 20, vpcs: 2, roles: 30, sagemaker: 10 };
export const SMALL_SHAPE: OrgShape = { accounts: 3, buckets: 5, kmsKeys: 3, vpcs: 1, roles: 3, sagemaker: 2 };
/** Per-account shape of the large bench organizations (50 accounts): a fifth of the default, so seeding stays in minutes. */
export const THIN_SHAPE: OrgShape = { accounts: 50, buckets: 10, kmsKeys: 4, vpcs: 1, roles: 6, sagemaker: 2 };

const REGION = 'us-east-1';
const SEED_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const SQUADS = ['vision', 'ranking', 'nlp', 'speech', 'recsys', 'forecast'];
const TYPES = ['modeling', 'serving-nonprod', 'serving-prod', 'tooling'];

export interface SeededOrganization {
  managementAccountId: string;
  memberAccountIds: string[];
  /** Seeding calls made, by kind. */
  created: Record<string, number>;
}

/**
 * Seeds an organization straight into the emulator (not through the latency proxy), serially: moto is not
 * safe under concurrent writes. Members come from Organizations CreateAccount, their resources are created
 * with credentials of the role Organizations puts in each member.
 */
export async function seedOrganization(
  endpoint: string,
  shape: OrgShape,
  onAccountSeeded?: (seeded: number) => void,
): Promise<SeededOrganization> {
  const base = { endpoint, region: REGION, credentials: SEED_CREDENTIALS, maxAttempts: 1 };
  const organizations = new OrganizationsClient(base);
  const sts = new STSClient(base);
  const created: Record<string, number> = {};
  const count = (kind: string, n = 1): void => {
    created[kind] = (created[kind] ?? 0) + n;
  };
  const organization = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const memberAccountIds: string[] = [];
  for (let a = 0; a < shape.accounts; a++) {
    const squad = SQUADS[a % SQUADS.length] as string;
    const accountType = TYPES[a % TYPES.length] as string;
    const account = await organizations.send(
      new CreateAccountCommand({
        AccountName: `${squad}-${accountType}-${a}`,
        Email: `bench-${a}@example.com`,
        Tags: [
          { Key: 'squad', Value: squad },
          { Key: 'account-type', Value: accountType },
        ],
      }),
    );
    const accountId = account.CreateAccountStatus?.AccountId as string;
    memberAccountIds.push(accountId);
    const role = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'bench-seed' }),
    );
    const credentials: AwsCredentialIdentity = {
      accessKeyId: role.Credentials?.AccessKeyId as string,
      secretAccessKey: role.Credentials?.SecretAccessKey as string,
      sessionToken: role.Credentials?.SessionToken as string,
    };
    await seedAccount({ ...base, credentials }, accountId, a, shape, count);
    onAccountSeeded?.(a + 1);
  }
  return { managementAccountId: organization.Organization?.MasterAccountId ?? '', memberAccountIds, created };
}

type ClientConfig = { endpoint: string; region: string; credentials: AwsCredentialIdentity; maxAttempts: number };

async function seedAccount(config: ClientConfig, accountId: string, index: number, shape: OrgShape, count: (kind: string, n?: number) => void): Promise<void> {
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  for (let b = 0; b < shape.buckets; b++) {
    const bucket = `bench-${accountId}-${b}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    if (b % 2 === 0) await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    count('s3 buckets');
  }

  const kms = new KMSClient(config);
  for (let k = 0; k < shape.kmsKeys; k++) {
    const key = await kms.send(new CreateKeyCommand({ Description: `bench key ${k}` }));
    if (k % 2 === 0) await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyMetadata?.KeyId }));
    count('kms keys');
  }

  const ec2 = new EC2Client(config);
  for (let v = 0; v < shape.vpcs; v++) {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${(index * 4 + v) % 250}.0.0/16` }));
    const vpcId = vpc.Vpc?.VpcId as string;
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${(index * 4 + v) % 250}.1.0/24` }));
    const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `bench-${v}`, Description: 'bench', VpcId: vpcId }));
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group.GroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: v === 0 ? '10.0.0.0/8' : '0.0.0.0/0' }] }],
      }),
    );
    const tables = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    const routeTableIds = (tables.RouteTables ?? []).map((table) => table.RouteTableId as string);
    await ec2.send(
      new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: `com.amazonaws.${config.region}.s3`, VpcEndpointType: 'Gateway', RouteTableIds: routeTableIds }),
    );
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${config.region}.sagemaker.api`,
        VpcEndpointType: 'Interface',
        SubnetIds: [subnet.Subnet?.SubnetId as string],
        SecurityGroupIds: [group.GroupId as string],
      }),
    );
    count('vpcs');
  }

  const iam = new IAMClient(config);
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  let executionRoleArn = `arn:aws:iam::${accountId}:role/bench-role-0`;
  for (let r = 0; r < shape.roles; r++) {
    const role = await iam.send(new CreateRoleCommand({ RoleName: `bench-role-${r}`, AssumeRolePolicyDocument: trust }));
    if (r === 0) executionRoleArn = role.Role?.Arn ?? executionRoleArn;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: `bench-role-${r}`,
        PolicyName: 'data',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: r % 3 === 0 ? 's3:*' : ['s3:GetObject'], Resource: r % 3 === 0 ? '*' : `arn:aws:s3:::bench-${accountId}-${r}/*` }],
        }),
      }),
    );
    count('iam roles');
  }

  const sagemaker = new SageMakerClient(config);
  for (let s = 0; s < shape.sagemaker; s++) {
    await sagemaker.send(
      new CreateNotebookInstanceCommand({ NotebookInstanceName: `bench-nb-${s}`, InstanceType: 'ml.t3.medium', RoleArn: executionRoleArn }),
    );
    await sagemaker.send(
      new CreateModelCommand({
        ModelName: `bench-model-${s}`,
        ExecutionRoleArn: executionRoleArn,
        PrimaryContainer: { Image: `${accountId}.dkr.ecr.${config.region}.amazonaws.com/bench:latest` },
      }),
    );
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `bench-config-${s}`,
        ProductionVariants: [{ VariantName: 'main', ModelName: `bench-model-${s}`, InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
      }),
    );
    await sagemaker.send(new CreateEndpointCommand({ EndpointName: `bench-endpoint-${s}`, EndpointConfigName: `bench-config-${s}` }));
    count('sagemaker notebooks/models/endpoints');
  }
}
