/**
 * Rebuilds examples/demo-inventory.json: seeds moto with a squad's modeling account (deliberate violations
 * beside compliant resources, every service), collects it with the real CLI, and renames the emulator's
 * account and generated names into a readable demo. Run with `npm run demo:regenerate`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EnableEbsEncryptionByDefaultCommand,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateModelCommand, CreateNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { validateInventory } from '../../src/pipeline/schemas.js';
import { MOTO_ACCOUNT, motoEnv, seedClients } from '../../test/support/aws.js';
import { runCli, tempDir } from '../../test/support/cli.js';
import { startMoto } from '../../test/support/moto.js';
import { projectRoot } from '../../test/support/paths.js';
import { seedViolations } from '../../test/support/s3-seed.js';
import { labelEmulatorArtefacts } from './emulator-artefacts.js';

const REGION = 'eu-central-1';
const DEMO_ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const TOOLING = '111122224444';
const ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/claims-fraud-sagemaker-execution`;

const json = (value: unknown): string => JSON.stringify(value);

async function seedAccount(endpoint: string): Promise<void> {
  await seedViolations(endpoint, REGION);
  const { kms, ec2, iam, sagemaker } = seedClients(endpoint, REGION);

  // KMS: the squad key (rotating), a legacy key without rotation, a key shared with an outside account.
  const squadKey = (await kms.send(new CreateKeyCommand({ Description: 'claims-fraud data key' }))).KeyMetadata?.KeyId;
  await kms.send(new EnableKeyRotationCommand({ KeyId: squadKey }));
  await kms.send(new CreateKeyCommand({ Description: 'legacy export key' }));
  await kms.send(
    new CreateKeyCommand({
      Description: 'partner share key',
      Policy: json({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'PartnerDecrypt', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER}:root` }, Action: 'kms:Decrypt', Resource: '*' },
        ],
      }),
    }),
  );

  // Networks: the squad VPC with an internet gateway route, a public subnet and SSH open to the world.
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId ?? '';
  await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'Name', Value: 'claims-fraud-modeling' }] }));
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet?.SubnetId ?? '';
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet, MapPublicIpOnLaunch: { Value: true } }));
  const gateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: vpc }));
  const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable?.RouteTableId ?? '';
  await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway }));
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway', RouteTableIds: [table] }));
  const group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'notebook-ssh', Description: 'SSH for notebooks', VpcId: vpc }))).GroupId;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
  );
  await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));

  // IAM: an admin role, a SageMaker execution role with wildcard data access and PassRole, a CI user with keys.
  const trust = (principal: object) => json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'claims-fraud-admin', AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${TOOLING}:root` }) }));
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'claims-fraud-admin', PolicyName: 'everything', PolicyDocument: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: 'claims-fraud-sagemaker-execution', AssumeRolePolicyDocument: trust({ Service: 'sagemaker.amazonaws.com' }) }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'claims-fraud-sagemaker-execution',
      PolicyName: 'training',
      PolicyDocument: json({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'ecr:GetAuthorizationToken'], Resource: '*' },
        ],
      }),
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'ci-deployer' }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: 'ci-deployer', PolicyName: 'deploy', PolicyDocument: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] }) }),
  );
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));

  // SageMaker: a notebook with direct internet access, a model outside the VPC.
  await sagemaker.send(
    new CreateNotebookInstanceCommand({ NotebookInstanceName: 'claims-fraud-exploration', InstanceType: 'ml.t3.medium', RoleArn: ROLE, DirectInternetAccess: 'Enabled', RootAccess: 'Enabled' }),
  );
  await sagemaker.send(
    new CreateModelCommand({
      ModelName: 'claims-fraud-xgboost-v7',
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: `492215442770.dkr.ecr.${REGION}.amazonaws.com/sagemaker-xgboost:1.7-1` },
    }),
  );
}

/** Emulator-specific names → a readable squad account. */
function rename(text: string): string {
  const buckets: Record<string, string> = {
    'sg-compliant': 'claims-fraud-features',
    'sg-access-logs': 'claims-fraud-access-logs',
    'sg-no-bucket-pab': 'claims-fraud-scratch',
    'sg-public-policy': 'claims-fraud-model-cards',
    'sg-public-acl': 'claims-fraud-legacy-exports',
    'sg-no-encryption': 'claims-fraud-raw-landing',
    'sg-sse-s3': 'claims-fraud-training-data',
    'sg-no-tls': 'claims-fraud-notebooks',
    'sg-cross-account': 'claims-fraud-partner-share',
    'sg-unversioned': 'claims-fraud-model-artifacts',
    'sg-unlogged': 'claims-fraud-athena-results',
  };
  let out = text;
  for (const [from, to] of Object.entries(buckets)) out = out.split(from).join(to);
  return out.split(MOTO_ACCOUNT).join(DEMO_ACCOUNT).split('999988887777').join(PARTNER);
}

it('regenerates examples/demo-inventory.json', async () => {
  const moto = await startMoto();
  try {
    await seedAccount(moto.endpoint);
    const dir = tempDir();
    const output = resolve(dir, 'inventory.json');
    const run = await runCli(
      ['collect', '--region', REGION, '--account-type', 'modeling', '--squad', 'claims-fraud', '--output', output],
      { ...motoEnv(moto.endpoint), AWS_REGION: REGION },
    );
    expect([0, 3], run.stderr).toContain(run.code);
    const inventory = JSON.parse(rename(readFileSync(output, 'utf8'))) as Inventory;
    inventory.collectedAt = '2026-11-20T06:00:00.000Z';
    inventory.finishedAt = '2026-11-20T06:00:04.000Z';
    inventory.targets = inventory.targets.map((target) => ({ ...target, name: 'claims-fraud-modeling' }));
    inventory.directory = [
      ...inventory.targets,
      { accountId: TOOLING, name: 'claims-fraud-tooling', squad: 'claims-fraud', accountType: 'tooling', regions: [REGION] },
    ];
    inventory.notes = [
      'Demo inventory of a squad modeling account with deliberate violations, collected from an AWS emulator (moto) and renamed.',
      ...(inventory.notes ?? []),
    ];
    labelEmulatorArtefacts(inventory);
    expect(validateInventory(inventory)).toEqual([]);
    writeFileSync(resolve(projectRoot, 'examples/demo-inventory.json'), `${JSON.stringify(inventory, null, 2)}\n`);
  } finally {
    await moto.stop();
  }
});
