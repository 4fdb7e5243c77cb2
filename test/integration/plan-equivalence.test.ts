/**
 * One small squad blueprint, expressed twice: as a Terraform plan (hand-written, encoded as Terraform
 * encodes it) and as an account deployed into moto with the AWS SDK. Judged by the same plan-capable rules,
 * both give the same verdict for every (rule, resource) — S3, KMS, IAM, EC2/VPC and SageMaker.
 *
 * Compared: every plan-capable rule both sides can decide. Left out, because moto cannot answer it (a moto
 * gap, DESIGN.md §9, not a product difference): `ebs-default-kms-key-customer-managed`, whose
 * GetEbsDefaultKmsKeyId answers HTTP 500 in moto, so the deployed side can only say `error`. And moto
 * answers EnableNetworkIsolation=false for every model, so the blueprint's model has network isolation off
 * (`sagemaker-model-network-isolation` is still compared: a fail on both sides).
 */
import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  EnableEbsEncryptionByDefaultCommand,
  ModifySubnetAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateNotebookInstanceCommand,
} from '@aws-sdk/client-sagemaker';
import { PutBucketOwnershipControlsCommand } from '@aws-sdk/client-s3';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  S3ControlClient,
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
} from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import type { ResolvedPolicy } from '../../src/policy/types.js';
import { builtinRules } from '../../src/rules/index.js';
import { ec2Scanner } from '../../src/scanners/ec2.js';
import { iamScanner } from '../../src/scanners/iam.js';
import { kmsScanner } from '../../src/scanners/kms.js';
import { s3Scanner } from '../../src/scanners/s3.js';
import { sagemakerScanner } from '../../src/scanners/sagemaker.js';
import { planToInventory } from '../../src/terraform/inventory.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT, seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';
import { noneBlocked, seedBucket, OUTSIDER } from '../support/s3-seed.js';
import { planOf, ref, U, type ChangeSpec } from '../unit/terraform/plan-builder.js';

const TYPES = new Set([
  'aws.s3.bucket',
  'aws.s3.account',
  'aws.kms.key',
  'aws.iam.role',
  'aws.ec2.vpc',
  'aws.ec2.subnet',
  'aws.ec2.security-group',
  'aws.ec2.region-settings',
  'aws.sagemaker.notebook-instance',
  'aws.sagemaker.model',
  'aws.sagemaker.endpoint-config',
]);
/** Rules moto cannot let the deployed side decide (see the header). */
const MOTO_UNDECIDABLE = new Set(['ebs-default-kms-key-customer-managed']);
/** Plan-capable rules over the blueprint's types (the isolation rules need a directory: left out). */
const rules = builtinRules.filter(
  (rule) =>
    rule.notOnPlans === undefined &&
    !rule.id.startsWith('isolation-') &&
    !MOTO_UNDECIDABLE.has(rule.id) &&
    Object.keys(rule.judges ?? { [rule.resourceType]: [] }).some((type) => TYPES.has(type)),
);
/** Resource types whose ids AWS makes up at random: compared by Terraform address. */
const RANDOM_IDS = new Set(['aws.kms.key', 'aws.ec2.vpc', 'aws.ec2.subnet', 'aws.ec2.security-group']);

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const WIDE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});
const tlsOnly = (bucket: string, extra: object[] = []): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      ...extra,
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
const crossAccount = {
  Sid: 'Outsider',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::eq-shared/*',
};

/** The blueprint as a plan: every bucket setting made explicit with the split resources of provider ≥ 4. */
function bucketChanges(
  name: string,
  setup: { pab: boolean; policy: string | null; kms: boolean; versioning: boolean; ownership: string },
): ChangeSpec[] {
  const id = ref(`aws_s3_bucket.${name}.id`);
  const changes: ChangeSpec[] = [
    {
      address: `aws_s3_bucket.${name}`,
      after: { bucket: name, force_destroy: false, tags: {} },
      expressions: { bucket: { constant_value: name } },
    },
    {
      address: `aws_s3_bucket_public_access_block.${name}`,
      after: {
        bucket: U,
        block_public_acls: setup.pab,
        ignore_public_acls: setup.pab,
        block_public_policy: setup.pab,
        restrict_public_buckets: setup.pab,
      },
      expressions: { bucket: id },
    },
    {
      address: `aws_s3_bucket_ownership_controls.${name}`,
      after: { bucket: U, rule: [{ object_ownership: setup.ownership }] },
      expressions: { bucket: id },
    },
    {
      address: `aws_s3_bucket_server_side_encryption_configuration.${name}`,
      after: {
        bucket: U,
        rule: [
          {
            bucket_key_enabled: setup.kms,
            apply_server_side_encryption_by_default: [
              { sse_algorithm: setup.kms ? 'aws:kms' : 'AES256', kms_master_key_id: setup.kms ? U : null },
            ],
          },
        ],
      },
      expressions: {
        bucket: id,
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { kms_master_key_id: setup.kms ? ref('aws_kms_key.squad.arn') : { constant_value: null } },
            ],
          },
        ],
      },
    },
  ];
  if (setup.policy)
    changes.push({
      address: `aws_s3_bucket_policy.${name}`,
      after: { bucket: U, policy: setup.policy },
      expressions: { bucket: id, policy: { constant_value: setup.policy } },
    });
  if (setup.versioning) {
    changes.push({
      address: `aws_s3_bucket_versioning.${name}`,
      after: { bucket: U, versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] },
      expressions: { bucket: id },
    });
  }
  return changes;
}

/** The blueprint's network: one description, read by both the plan and the moto seeding below. */
const VPCS = [
  { name: 'squad', cidr: '10.0.0.0/16', flowLogs: true, internetGateway: false, closeDefaultGroup: true },
  { name: 'open', cidr: '10.1.0.0/16', flowLogs: false, internetGateway: true, closeDefaultGroup: false },
];
const SUBNETS = [
  { name: 'private', vpc: 'squad', cidr: '10.0.1.0/24', publicIp: false },
  { name: 'public', vpc: 'open', cidr: '10.1.1.0/24', publicIp: true },
];
/** Security groups in the squad VPC, each with one HTTPS ingress rule and no egress rule. */
const GROUPS = [
  { name: 'web', groupName: 'eq-web', cidr: '0.0.0.0/0' },
  { name: 'internal', groupName: 'eq-internal', cidr: '10.0.0.0/16' },
];
const FLOW_LOG_BUCKET = 'eq-compliant';
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/eq-app`;
const IMAGE = `${MOTO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/eq-model:1`;
/** SageMaker: a private and an open notebook, one model, endpoint configs with and without a KMS key. */
const NOTEBOOKS = [
  { name: 'private', notebookName: 'eq-nb-private', private: true },
  { name: 'open', notebookName: 'eq-nb-open', private: false },
];
/** In the squad VPC; network isolation off, the only model moto can hold (see the header). */
const MODEL = { name: 'eq-model', networkIsolation: false };
const ENDPOINT_CONFIGS = [
  { name: 'kms', configName: 'eq-ec-kms', kms: true },
  { name: 'plain', configName: 'eq-ec-plain', kms: false },
];

function networkChanges(): ChangeSpec[] {
  const changes: ChangeSpec[] = [];
  for (const vpc of VPCS) {
    const vpcId = ref(`aws_vpc.${vpc.name}.id`);
    changes.push({
      address: `aws_vpc.${vpc.name}`,
      after: { cidr_block: vpc.cidr, tags: {} },
      expressions: { cidr_block: { constant_value: vpc.cidr } },
    });
    if (vpc.flowLogs)
      changes.push({
        address: `aws_flow_log.${vpc.name}`,
        after: {
          vpc_id: U,
          log_destination: `arn:aws:s3:::${FLOW_LOG_BUCKET}`,
          log_destination_type: 's3',
          traffic_type: 'ALL',
          tags: {},
        },
        expressions: {
          vpc_id: vpcId,
          log_destination: { constant_value: `arn:aws:s3:::${FLOW_LOG_BUCKET}` },
        },
      });
    if (vpc.internetGateway)
      changes.push({
        address: `aws_internet_gateway.${vpc.name}`,
        after: { vpc_id: U, tags: {} },
        expressions: { vpc_id: vpcId },
      });
    // Terraform's aws_default_security_group removes every rule the configuration does not list.
    if (vpc.closeDefaultGroup)
      changes.push({
        address: `aws_default_security_group.${vpc.name}`,
        after: { vpc_id: U, ingress: [], egress: [], tags: {} },
        expressions: { vpc_id: vpcId, ingress: { constant_value: [] }, egress: { constant_value: [] } },
      });
  }
  for (const subnet of SUBNETS)
    changes.push({
      address: `aws_subnet.${subnet.name}`,
      after: {
        vpc_id: U,
        cidr_block: subnet.cidr,
        availability_zone: 'us-east-1a',
        map_public_ip_on_launch: subnet.publicIp,
        tags: {},
      },
      expressions: {
        vpc_id: ref(`aws_vpc.${subnet.vpc}.id`),
        map_public_ip_on_launch: { constant_value: subnet.publicIp },
      },
    });
  for (const group of GROUPS)
    changes.push({
      address: `aws_security_group.${group.name}`,
      after: {
        name: group.groupName,
        description: group.groupName,
        vpc_id: U,
        ingress: [
          {
            from_port: 443,
            to_port: 443,
            protocol: 'tcp',
            cidr_blocks: [group.cidr],
            ipv6_cidr_blocks: [],
            prefix_list_ids: [],
            security_groups: [],
            self: false,
            description: 'https',
          },
        ],
        egress: [],
        tags: {},
      },
      expressions: {
        name: { constant_value: group.groupName },
        vpc_id: ref('aws_vpc.squad.id'),
        ingress: { constant_value: 'x' },
        egress: { constant_value: [] },
      },
    });
  changes.push({
    address: 'aws_ebs_encryption_by_default.this',
    after: { enabled: true },
    expressions: { enabled: { constant_value: true } },
  });
  return changes;
}

function sagemakerChanges(): ChangeSpec[] {
  const changes: ChangeSpec[] = NOTEBOOKS.map((notebook) => ({
    address: `aws_sagemaker_notebook_instance.${notebook.name}`,
    after: {
      name: notebook.notebookName,
      instance_type: 'ml.t3.medium',
      role_arn: ROLE_ARN,
      direct_internet_access: notebook.private ? 'Disabled' : 'Enabled',
      root_access: notebook.private ? 'Disabled' : 'Enabled',
      subnet_id: notebook.private ? U : null,
      security_groups: notebook.private ? [U] : [],
      kms_key_id: notebook.private ? U : null,
      tags: {},
    },
    expressions: {
      name: { constant_value: notebook.notebookName },
      ...(notebook.private
        ? {
            subnet_id: ref('aws_subnet.private.id'),
            security_groups: ref('aws_security_group.internal.id'),
            kms_key_id: ref('aws_kms_key.squad.arn'),
          }
        : {}),
    },
  }));
  changes.push({
    address: 'aws_sagemaker_model.m',
    after: {
      name: MODEL.name,
      execution_role_arn: ROLE_ARN,
      enable_network_isolation: MODEL.networkIsolation,
      primary_container: [{ image: IMAGE, model_package_name: null, model_data_url: null }],
      container: [],
      vpc_config: [{ subnets: [U], security_group_ids: [U] }],
      tags: {},
    },
    expressions: {
      name: { constant_value: MODEL.name },
      vpc_config: [
        {
          subnets: ref('aws_subnet.private.id'),
          security_group_ids: ref('aws_security_group.internal.id'),
        },
      ],
    },
  });
  for (const config of ENDPOINT_CONFIGS)
    changes.push({
      address: `aws_sagemaker_endpoint_configuration.${config.name}`,
      after: {
        name: config.configName,
        kms_key_arn: config.kms ? U : null,
        production_variants: [
          {
            variant_name: 'primary',
            model_name: U,
            instance_type: 'ml.m5.large',
            initial_instance_count: 2,
            serverless_config: [],
          },
        ],
        data_capture_config: [],
        tags: {},
      },
      expressions: {
        name: { constant_value: config.configName },
        ...(config.kms ? { kms_key_arn: ref('aws_kms_key.squad.arn') } : {}),
        production_variants: [{ model_name: ref('aws_sagemaker_model.m.name') }],
      },
    });
  return changes;
}

interface SeededNetwork {
  /** Deployed ARN → Terraform address, for the resources whose ids AWS makes up. */
  addresses: Map<string, string>;
  subnetIds: Map<string, string>;
  groupIds: Map<string, string>;
}

/** Seeds the same network into moto. */
async function seedNetwork(ec2: EC2Client): Promise<SeededNetwork> {
  const arnOf = (kind: string, id: string): string => `arn:aws:ec2:us-east-1:${MOTO_ACCOUNT}:${kind}/${id}`;
  const addresses = new Map<string, string>();
  const vpcIds = new Map<string, string>();
  for (const vpc of VPCS) {
    const id = (await ec2.send(new CreateVpcCommand({ CidrBlock: vpc.cidr }))).Vpc!.VpcId!;
    vpcIds.set(vpc.name, id);
    addresses.set(arnOf('vpc', id), `aws_vpc.${vpc.name}`);
    if (vpc.flowLogs)
      // A bare bucket ARN: moto reads a key prefix as part of the bucket name.
      await ec2.send(
        new CreateFlowLogsCommand({
          ResourceIds: [id],
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: `arn:aws:s3:::${FLOW_LOG_BUCKET}`,
        }),
      );
    if (vpc.internetGateway) {
      const gateway = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!
        .InternetGatewayId!;
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: id }));
    }
    if (vpc.closeDefaultGroup) {
      const answer = await ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [id] },
            { Name: 'group-name', Values: ['default'] },
          ],
        }),
      );
      const group = answer.SecurityGroups![0]!;
      addresses.set(arnOf('security-group', group.GroupId!), `aws_default_security_group.${vpc.name}`);
      if (group.IpPermissions?.length)
        await ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: group.GroupId,
            IpPermissions: group.IpPermissions,
          }),
        );
      if (group.IpPermissionsEgress?.length)
        await ec2.send(
          new RevokeSecurityGroupEgressCommand({
            GroupId: group.GroupId,
            IpPermissions: group.IpPermissionsEgress,
          }),
        );
    }
  }
  const subnetIds = new Map<string, string>();
  for (const subnet of SUBNETS) {
    const id = (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcIds.get(subnet.vpc)!,
          CidrBlock: subnet.cidr,
          AvailabilityZone: 'us-east-1a',
        }),
      )
    ).Subnet!.SubnetId!;
    subnetIds.set(subnet.name, id);
    addresses.set(arnOf('subnet', id), `aws_subnet.${subnet.name}`);
    if (subnet.publicIp)
      await ec2.send(
        new ModifySubnetAttributeCommand({ SubnetId: id, MapPublicIpOnLaunch: { Value: true } }),
      );
  }
  const groupIds = new Map<string, string>();
  for (const group of GROUPS) {
    const id = (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: group.groupName,
          Description: group.groupName,
          VpcId: vpcIds.get('squad')!,
        }),
      )
    ).GroupId!;
    groupIds.set(group.name, id);
    addresses.set(arnOf('security-group', id), `aws_security_group.${group.name}`);
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: id,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: group.cidr, Description: 'https' }],
          },
        ],
      }),
    );
    // Terraform's aws_security_group removes the default egress rule AWS adds when none is configured.
    const created = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] })))
      .SecurityGroups![0]!;
    if (created.IpPermissionsEgress?.length)
      await ec2.send(
        new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: created.IpPermissionsEgress }),
      );
  }
  await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
  return { addresses, subnetIds, groupIds };
}

/** Seeds the same SageMaker resources into moto. */
async function seedSageMaker(
  clients: ReturnType<typeof seedClients>,
  network: SeededNetwork,
  keyArn: string,
): Promise<void> {
  for (const notebook of NOTEBOOKS)
    await clients.sagemaker.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: notebook.notebookName,
        InstanceType: 'ml.t3.medium',
        RoleArn: ROLE_ARN,
        DirectInternetAccess: notebook.private ? 'Disabled' : 'Enabled',
        RootAccess: notebook.private ? 'Disabled' : 'Enabled',
        ...(notebook.private
          ? {
              SubnetId: network.subnetIds.get('private')!,
              SecurityGroupIds: [network.groupIds.get('internal')!],
              KmsKeyId: keyArn,
            }
          : {}),
      }),
    );
  await clients.sagemaker.send(
    new CreateModelCommand({
      ModelName: MODEL.name,
      ExecutionRoleArn: ROLE_ARN,
      PrimaryContainer: { Image: IMAGE },
      EnableNetworkIsolation: MODEL.networkIsolation,
      VpcConfig: {
        Subnets: [network.subnetIds.get('private')!],
        SecurityGroupIds: [network.groupIds.get('internal')!],
      },
    }),
  );
  for (const config of ENDPOINT_CONFIGS)
    await clients.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: config.configName,
        ProductionVariants: [
          {
            VariantName: 'primary',
            ModelName: MODEL.name,
            InitialInstanceCount: 2,
            InstanceType: 'ml.m5.large',
          },
        ],
        ...(config.kms ? { KmsKeyId: keyArn } : {}),
      }),
    );
}

const blueprint = planOf([
  {
    address: 'aws_kms_key.squad',
    after: {
      description: 'squad key',
      enable_key_rotation: true,
      is_enabled: true,
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      multi_region: false,
      tags: {},
    },
    expressions: {},
  },
  {
    address: 'aws_s3_account_public_access_block.this',
    after: {
      account_id: MOTO_ACCOUNT,
      block_public_acls: false,
      ignore_public_acls: false,
      block_public_policy: false,
      restrict_public_buckets: false,
    },
  },
  ...bucketChanges('eq-compliant', {
    pab: true,
    policy: tlsOnly('eq-compliant'),
    kms: true,
    versioning: true,
    ownership: 'BucketOwnerEnforced',
  }),
  ...bucketChanges('eq-loose', {
    pab: false,
    policy: null,
    kms: false,
    versioning: false,
    ownership: 'ObjectWriter',
  }),
  ...bucketChanges('eq-shared', {
    pab: true,
    policy: tlsOnly('eq-shared', [crossAccount]),
    kms: true,
    versioning: true,
    ownership: 'BucketOwnerEnforced',
  }),
  {
    address: 'aws_iam_role.app',
    after: { name: 'eq-app', path: '/', assume_role_policy: TRUST, permissions_boundary: null, tags: {} },
    expressions: { name: { constant_value: 'eq-app' } },
  },
  {
    address: 'aws_iam_role_policy.app',
    after: { role: U, name: 'wide', policy: WIDE },
    expressions: { role: ref('aws_iam_role.app.id') },
  },
  ...networkChanges(),
  ...sagemakerChanges(),
]);

/** (rule, resource) → statuses; `identify` names a resource the same way on both sides. */
function verdicts(
  evaluation: Evaluation,
  identify: (resource: Evaluation['findings'][number]['resource']) => string,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const finding of evaluation.findings) {
    if (!TYPES.has(finding.resource.type)) continue;
    const key = `${finding.ruleId} ${identify(finding.resource)}`;
    map.set(key, [...(map.get(key)?.split(',') ?? []), finding.status].sort().join(','));
  }
  return map;
}

describe('plan ≡ deployed: one blueprint, the same verdicts', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('gives the same verdict for every plan-capable rule on every blueprint resource', async () => {
    const clients = seedClients(moto.endpoint);
    const key = await clients.kms.send(new CreateKeyCommand({ Description: 'squad key' }));
    const keyArn = key.KeyMetadata!.Arn!;
    await clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyArn }));
    const control = new S3ControlClient({
      region: 'us-east-1',
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 1,
      endpointProvider: () => ({ url: new URL(moto.endpoint) }),
    });
    await control.send(
      new PutAccountPublicAccessBlockCommand({
        AccountId: MOTO_ACCOUNT,
        PublicAccessBlockConfiguration: noneBlocked,
      }),
    );
    await seedBucket(clients.s3, 'eq-compliant', keyArn, { logging: false });
    await seedBucket(clients.s3, 'eq-loose', keyArn, {
      publicAccessBlock: noneBlocked,
      tls: false,
      aclsEnabled: true,
      encryption: 'sse-s3',
      versioning: false,
      logging: false,
    });
    await seedBucket(clients.s3, 'eq-shared', keyArn, { statements: [crossAccount], logging: false });
    await clients.s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: 'eq-loose',
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    );
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'eq-app', AssumeRolePolicyDocument: TRUST }));
    await clients.iam.send(
      new PutRolePolicyCommand({ RoleName: 'eq-app', PolicyName: 'wide', PolicyDocument: WIDE }),
    );
    const network = await seedNetwork(clients.ec2);
    await seedSageMaker(clients, network, keyArn);

    const deployed = await scanMoto({
      endpoint: moto.endpoint,
      scanners: [s3Scanner, kmsScanner, iamScanner, ec2Scanner, sagemakerScanner],
      rules,
      target: { accountType: 'modeling' },
    });

    const { inventory } = planToInventory(blueprint, {
      accountId: MOTO_ACCOUNT,
      region: 'us-east-1',
      accountType: 'modeling',
    });
    const policy: ResolvedPolicy = {
      name: 'test',
      source: 'test',
      digest: 'test',
      rules: new Map(rules.map((rule) => [rule.id, { enabled: true, params: {} }])),
      customRules: [],
      exceptions: [],
    };
    const planned = evaluate(inventory, { policies: [policy], rules });

    // Ids AWS makes up (the KMS key, VPCs, subnets, security groups) are random in the account and fresh in
    // the plan: both sides name those resources by the blueprint's Terraform address.
    const addresses = new Map([...network.addresses, [keyArn, 'aws_kms_key.squad']]);
    const fromPlan = verdicts(planned, (resource) =>
      RANDOM_IDS.has(resource.type) ? (resource.terraformAddress ?? resource.arn) : resource.arn,
    );
    const fromAccount = verdicts(
      deployed.evaluation,
      (resource) => addresses.get(resource.arn) ?? resource.arn,
    );
    // Only the blueprint's resources (moto holds its own default VPC, subnets and groups).
    const blueprintKeys = [...fromPlan.keys()];
    expect(blueprintKeys.length).toBeGreaterThan(40);
    expect(Object.fromEntries(blueprintKeys.map((key) => [key, fromAccount.get(key)]))).toEqual(
      Object.fromEntries(fromPlan),
    );
    // And both see the blueprint's violations.
    expect(fromPlan.get('s3-bucket-public-access-blocked arn:aws:s3:::eq-loose')).toBe('fail');
    expect(fromPlan.get('s3-bucket-no-cross-account-access arn:aws:s3:::eq-shared')).toBe('fail');
    expect(fromPlan.get(`iam-no-unscoped-write arn:aws:iam::${MOTO_ACCOUNT}:role/eq-app`)).toBe('fail');
    expect(fromPlan.get('vpc-flow-logs-enabled aws_vpc.open')).toBe('fail');
    expect(fromPlan.get('vpc-flow-logs-enabled aws_vpc.squad')).toBe('pass');
    expect(fromPlan.get('vpc-no-internet-gateway aws_vpc.open')).toBe('fail');
    expect(fromPlan.get('vpc-subnet-no-public-ip-on-launch aws_subnet.public')).toBe('fail');
    expect(fromPlan.get('vpc-subnet-no-public-ip-on-launch aws_subnet.private')).toBe('pass');
    expect(fromPlan.get('ec2-security-group-no-ingress-from-internet aws_security_group.web')).toBe('fail');
    expect(fromPlan.get('ec2-security-group-no-ingress-from-internet aws_security_group.internal')).toBe(
      'pass',
    );
    expect(fromPlan.get('ec2-default-security-group-closed aws_default_security_group.squad')).toBe('pass');
    const sagemaker = `arn:aws:sagemaker:us-east-1:${MOTO_ACCOUNT}`;
    expect(
      fromPlan.get(`sagemaker-notebook-no-direct-internet ${sagemaker}:notebook-instance/eq-nb-open`),
    ).toBe('fail');
    expect(fromPlan.get(`sagemaker-notebook-in-vpc ${sagemaker}:notebook-instance/eq-nb-private`)).toBe(
      'pass',
    );
    expect(fromPlan.get(`sagemaker-model-in-vpc ${sagemaker}:model/eq-model`)).toBe('pass');
    expect(
      fromPlan.get(`sagemaker-endpoint-config-kms-encrypted ${sagemaker}:endpoint-config/eq-ec-kms`),
    ).toBe('pass');
    expect(
      fromPlan.get(`sagemaker-endpoint-config-kms-encrypted ${sagemaker}:endpoint-config/eq-ec-plain`),
    ).toBe('fail');
  }, 120_000);
});
