import {
  AttachInternetGatewayCommand,
  CreateFlowLogsCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  EnableEbsEncryptionByDefaultCommand,
  ModifySubnetAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  AuthorizeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/engine/report.js';
import { validateInventory, validateReport } from '../../src/pipeline/schemas.js';
import type { ResolvedPolicy } from '../../src/policy/types.js';
import type { Finding } from '../../src/model/finding.js';
import type { Inventory } from '../../src/model/inventory.js';
import { defineRule, pass } from '../../src/rules/rule.js';
import { ec2Rules } from '../../src/rules/ec2/index.js';
import { ec2Scanner } from '../../src/scanners/ec2.js';
import { kmsScanner } from '../../src/scanners/kms.js';
import { MOTO_ACCOUNT, seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';
const INTERFACE_SERVICES = ['sagemaker.api', 'sagemaker.runtime', 'sts', 'kms', 'ecr.api', 'ecr.dkr'];

/** Tags a resource with a Name (the scanner's resource name) and any extra tags. */
async function nameIt(ec2: EC2Client, id: string, name: string, extra: Record<string, string> = {}): Promise<void> {
  const tags = [{ Key: 'Name', Value: name }, ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value }))];
  await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: tags }));
}

async function defaultGroupOf(ec2: EC2Client, vpcId: string) {
  const answer = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
  return answer.SecurityGroups?.[0];
}

interface Seeded {
  privateVpc: string;
  publicVpc: string;
  allowedVpc: string;
  privateSubnet: string;
  publicSubnet: string;
  keyArn: string;
}

/** The squad's private VPC (compliant), a public one (one violation per network rule), and an approved egress VPC. */
async function seedNetworks(endpoint: string): Promise<Seeded> {
  const { ec2, s3, kms } = seedClients(endpoint, REGION);
  const keyArn = (await kms.send(new CreateKeyCommand({ Description: 'ebs' }))).KeyMetadata?.Arn ?? '';
  await s3.send(new CreateBucketCommand({ Bucket: 'sg-flow-logs' }));

  // Private VPC: no gateway, a private subnet, flow logs, every endpoint, a closed default group.
  const privateVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
  await nameIt(ec2, privateVpc, 'sg-private');
  const privateSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: privateVpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet?.SubnetId ?? '';
  await nameIt(ec2, privateSubnet, 'sg-private-a');
  // A bare bucket ARN: moto reads a key prefix as part of the bucket name.
  await ec2.send(new CreateFlowLogsCommand({ ResourceIds: [privateVpc], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::sg-flow-logs' }));
  const routeTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: privateVpc }))).RouteTable?.RouteTableId ?? '';
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: privateVpc, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway', RouteTableIds: [routeTable] }));
  for (const service of INTERFACE_SERVICES) {
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: privateVpc, ServiceName: `com.amazonaws.${REGION}.${service}`, VpcEndpointType: 'Interface', SubnetIds: [privateSubnet], PrivateDnsEnabled: true }));
  }
  const closed = await defaultGroupOf(ec2, privateVpc);
  if (closed?.IpPermissions?.length) await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: closed.GroupId, IpPermissions: closed.IpPermissions }));
  if (closed?.IpPermissionsEgress?.length) await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: closed.GroupId, IpPermissions: closed.IpPermissionsEgress }));

  // Public VPC: an internet gateway with a default route, a public subnet, no flow logs, only the S3 endpoint.
  const publicVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc?.VpcId ?? '';
  await nameIt(ec2, publicVpc, 'sg-public');
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: publicVpc }));
  const publicRoutes = (await ec2.send(new CreateRouteTableCommand({ VpcId: publicVpc }))).RouteTable?.RouteTableId ?? '';
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRoutes, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: publicVpc, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway', RouteTableIds: [publicRoutes] }));
  const publicSubnet = (await ec2.send(new CreateSubnetCommand({ VpcId: publicVpc, CidrBlock: '10.1.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet?.SubnetId ?? '';
  await nameIt(ec2, publicSubnet, 'sg-public-a');
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }));

  // An approved egress VPC: gateway attached, allow tag set, otherwise compliant.
  const allowedVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }))).Vpc?.VpcId ?? '';
  await nameIt(ec2, allowedVpc, 'sg-egress', { 'squadguard:internet-access': 'allowed' });
  const egressIgw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: egressIgw, VpcId: allowedVpc }));

  // Security groups in the private VPC: SSH and HTTPS open to the internet, and an internal one.
  const group = async (name: string, permissions: IpPermission[]) => {
    const id = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: privateVpc }))).GroupId ?? '';
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: permissions }));
    return id;
  };
  await group('sg-ssh-open', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  await group('sg-https-open', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]);
  await group('sg-internal', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }]);

  // Volumes and instances.
  const encrypted = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 10, Encrypted: true, KmsKeyId: keyArn }))).VolumeId ?? '';
  await nameIt(ec2, encrypted, 'sg-vol-encrypted');
  const plain = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 10 }))).VolumeId ?? '';
  await nameIt(ec2, plain, 'sg-vol-plain');
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId ?? '';
  const run = async (name: string, subnet: string, tokens: 'required' | 'optional') => {
    const id = (await ec2.send(new RunInstancesCommand({
      ImageId: image,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      SubnetId: subnet,
      MetadataOptions: { HttpTokens: tokens, HttpEndpoint: 'enabled' },
    }))).Instances?.[0]?.InstanceId ?? '';
    await nameIt(ec2, id, name);
  };
  await run('sg-private-instance', privateSubnet, 'required');
  await run('sg-public-instance', publicSubnet, 'optional');

  await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
  return { privateVpc, publicVpc, allowedVpc, privateSubnet, publicSubnet, keyArn };
}

/** Resource name → the rules it must fail. Resources moto creates itself (default VPC …) are checked apart. */
const EXPECTED_FAILURES: Record<string, string[]> = {
  'sg-private': [],
  'sg-egress': ['vpc-flow-logs-enabled', 'vpc-required-endpoints'],
  'sg-public': ['vpc-no-internet-gateway', 'vpc-flow-logs-enabled', 'vpc-required-endpoints'],
  'sg-private-a': [],
  'sg-public-a': ['vpc-subnet-no-public-ip-on-launch'],
  'sg-ssh-open': ['ec2-security-group-no-ingress-from-internet'],
  'sg-https-open': ['ec2-security-group-no-ingress-from-internet'],
  'sg-internal': [],
  'sg-vol-encrypted': [],
  'sg-vol-plain': ['ebs-volume-encrypted'],
  'sg-private-instance': [],
  'sg-public-instance': ['ec2-instance-no-public-ip', 'ec2-instance-imdsv2-required'],
};

const GAP_RULE = 'ebs-default-kms-key-customer-managed';
const judgedRules = ec2Rules.filter((rule) => rule.id !== GAP_RULE);

describe('EC2/VPC scanner and rules against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  describe('one resource per violation, two regions', () => {
    let inventory: Inventory;
    let findings: Finding[];
    let evaluation: Evaluation;
    let seeded: Seeded;
    beforeAll(async () => {
      await moto.reset();
      seeded = await seedNetworks(moto.endpoint);
      ({ inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [ec2Scanner], rules: judgedRules, regions: [REGION, OTHER_REGION] }));
      findings = evaluation.findings;
    });

    it('writes a schema-valid inventory and report', () => {
      expect(validateInventory(JSON.parse(JSON.stringify(inventory)))).toEqual([]);
      const policy: ResolvedPolicy = { name: 'test', source: 'test', digest: 'test', rules: new Map(), customRules: [], exceptions: [] };
      const report = buildReport({ inventory, evaluation, policies: [policy], rules: judgedRules });
      expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    });

    it('reports each violation once, on the right resource', () => {
      const failures = new Map<string, string[]>();
      for (const finding of findings.filter((f) => f.status === 'fail')) {
        failures.set(finding.resource.name, [...(failures.get(finding.resource.name) ?? []), finding.ruleId]);
      }
      for (const [name, rules] of Object.entries(EXPECTED_FAILURES)) expect((failures.get(name) ?? []).sort(), name).toEqual([...rules].sort());
      expect(findings.filter((f) => f.status === 'error')).toEqual([]);
      expect(inventory.errors).toEqual([]);
    });

    it('passes every rule on the compliant resources', () => {
      const compliant = Object.entries(EXPECTED_FAILURES).filter(([, rules]) => rules.length === 0).map(([name]) => name);
      const theirs = findings.filter((f) => compliant.includes(f.resource.name));
      expect(theirs.length).toBeGreaterThan(compliant.length);
      expect(theirs.filter((f) => f.status !== 'pass')).toEqual([]);
      const privateVpc = theirs.filter((f) => f.resource.name === 'sg-private').map((f) => f.ruleId).sort();
      expect(privateVpc).toEqual(['vpc-flow-logs-enabled', 'vpc-no-internet-gateway', 'vpc-required-endpoints']);
    });

    it('rates SSH open to the internet critical and HTTPS high, one finding per permission', () => {
      const open = findings.filter((f) => f.ruleId === 'ec2-security-group-no-ingress-from-internet' && f.status === 'fail' && f.resource.name.startsWith('sg-'));
      expect(open.map((f) => [f.resource.name, f.severity]).sort()).toEqual([['sg-https-open', 'high'], ['sg-ssh-open', 'critical']]);
    });

    it('judges the default VPCs and groups moto creates, and both regions\' settings', () => {
      const vpcFailures = (region: string) =>
        findings.filter((f) => f.resource.type === 'aws.ec2.vpc' && f.status === 'fail' && f.resource.region === region && f.resource.name.startsWith('vpc-')).map((f) => f.ruleId).sort();
      // moto's default VPC has no flow logs and (unlike AWS's) no internet gateway; vpc-required-endpoints skips default VPCs.
      expect(vpcFailures(OTHER_REGION)).toEqual(['vpc-flow-logs-enabled']);
      const defaultGroups = findings.filter((f) => f.ruleId === 'ec2-default-security-group-closed');
      const closed = defaultGroups.find((f) => f.resource.arn.includes(`security-group/`) && f.status === 'pass');
      expect(closed).toBeDefined();
      // Every other default group keeps AWS's rules: the public VPC's, the egress VPC's and the default VPCs'.
      expect(defaultGroups.filter((f) => f.status === 'fail').length).toBeGreaterThanOrEqual(4);
      const ebs = findings.filter((f) => f.ruleId === 'ebs-default-encryption-enabled').map((f) => [f.resource.region, f.status]).sort();
      expect(ebs).toEqual([[OTHER_REGION, 'fail'], [REGION, 'pass']]);
      const settings = findings.find((f) => f.ruleId === 'ebs-default-encryption-enabled' && f.resource.region === REGION);
      expect(settings?.resource.arn).toBe(`arn:aws:ec2:${REGION}:${MOTO_ACCOUNT}:region-settings`);
    });

    it('models gateways, routes, endpoints and flow logs on the VPC', () => {
      const vpcOf = (id: string) => inventory.resources.find((r) => r.type === 'aws.ec2.vpc' && r.data.vpcId === id);
      const publicVpc = vpcOf(seeded.publicVpc);
      expect(publicVpc?.arn).toBe(`arn:aws:ec2:${REGION}:${MOTO_ACCOUNT}:vpc/${seeded.publicVpc}`);
      expect((publicVpc?.data.internetGateways as unknown[]).length).toBe(1);
      const routes = (publicVpc?.data.routeTables as Array<{ routes: Array<{ destination: string; gatewayId: string | null }> }>).flatMap((t) => t.routes);
      expect(routes).toContainEqual(expect.objectContaining({ destination: '0.0.0.0/0', gatewayId: expect.stringMatching(/^igw-/) }));
      const privateVpc = vpcOf(seeded.privateVpc);
      expect((privateVpc?.data.endpoints as unknown[]).length).toBe(7);
      expect(privateVpc?.data.flowLogs).toEqual([expect.objectContaining({ status: 'ACTIVE', trafficType: 'ALL', destinationType: 's3' })]);
      const volume = inventory.resources.find((r) => r.name === 'sg-vol-encrypted');
      expect(volume?.data).toMatchObject({ encrypted: true, kmsKeyId: seeded.keyArn });
    });

    it('makes only region-wide list calls: one per Describe per region, nothing per resource', () => {
      const calls = inventory.apiCalls;
      const lists = ['DescribeVpcs', 'DescribeInternetGateways', 'DescribeEgressOnlyInternetGateways', 'DescribeRouteTables', 'DescribeFlowLogs', 'DescribeVpcEndpoints', 'DescribeSubnets', 'DescribeSecurityGroups', 'DescribeVolumes', 'DescribeInstances', 'DescribeLaunchTemplateVersions', 'GetEbsEncryptionByDefault'];
      expect(Object.keys(calls).sort()).toEqual(lists.map((op) => `EC2.${op}`).sort());
      for (const operation of lists) expect(calls[`EC2.${operation}`], operation).toBe(2);
      const resources = inventory.resources.length;
      expect(resources).toBeGreaterThan(30);
      // NAT gateways, the EBS default key and VPC Block Public Access are not needed by these rules: not read.
      expect(calls['EC2.DescribeNatGateways']).toBeUndefined();
      expect(calls['EC2.GetEbsDefaultKmsKeyId']).toBeUndefined();
    });
  });

  describe('APIs moto lacks (HTTP 500) become collection errors and error results, never pass', () => {
    it('GetEbsDefaultKmsKeyId → error on ebs-default-kms-key-customer-managed', async () => {
      await moto.reset();
      const rule = ec2Rules.filter((r) => r.id === GAP_RULE);
      const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [ec2Scanner, kmsScanner], rules: rule });
      const settings = inventory.resources.filter((r) => r.type === 'aws.ec2.region-settings');
      expect(settings).toHaveLength(1);
      expect(settings[0]?.errors.ebsDefaultKmsKeyId).toMatchObject({ code: 'ServiceError', operation: 'EC2.GetEbsDefaultKmsKeyId', httpStatus: 500 });
      expect(evaluation.findings).toHaveLength(1);
      expect(evaluation.findings[0]).toMatchObject({ ruleId: GAP_RULE, status: 'error' });
      expect(evaluation.findings[0]?.message).toMatch(/EC2.GetEbsDefaultKmsKeyId: ServiceError/);
    });

    it('DescribeVpcBlockPublicAccessOptions → error for a rule that needs it', async () => {
      await moto.reset();
      const needsBpa = defineRule({
        id: 'test-vpc-block-public-access-on',
        title: 'test',
        severity: 'low',
        resourceType: 'aws.ec2.region-settings',
        needs: ['vpcBlockPublicAccess'],
        description: 'test',
        rationale: 'test',
        remediation: 'test',
        references: {},
        check: () => pass('would pass'),
      });
      const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [ec2Scanner], rules: [needsBpa] });
      expect(Object.keys(inventory.apiCalls)).toEqual(['EC2.DescribeVpcBlockPublicAccessOptions']);
      expect(inventory.resources[0]?.errors.vpcBlockPublicAccess).toMatchObject({ code: 'ServiceError', httpStatus: 500 });
      expect(evaluation.findings.map((f) => f.status)).toEqual(['error']);
    });
  });
});
