import type {
  Ec2InstanceData,
  Ec2LaunchTemplateData,
  Ec2RegionSettingsData,
  Ec2SecurityGroupData,
  Ec2SecurityGroupPermission,
  Ec2SubnetData,
  Ec2VolumeData,
  Ec2VpcData,
  Ec2VpcEndpoint,
} from '../../../src/model/ec2.js';
import type { AnyResource } from '../../../src/model/resource.js';
import { ACCOUNT, resource } from '../../support/fixtures.js';

const as = (data: object): Record<string, unknown> => data as Record<string, unknown>;

export function endpoint(service: string, type: 'Gateway' | 'Interface', state = 'available'): Ec2VpcEndpoint {
  return { vpcEndpointId: `vpce-${service}`, type, serviceName: `com.amazonaws.us-east-1.${service}`, state, privateDnsEnabled: type === 'Interface', policy: null };
}

export const ALL_ENDPOINTS: Ec2VpcEndpoint[] = [
  endpoint('s3', 'Gateway'),
  endpoint('sagemaker.api', 'Interface'),
  endpoint('sagemaker.runtime', 'Interface'),
  endpoint('sts', 'Interface'),
  endpoint('kms', 'Interface'),
  endpoint('ecr.api', 'Interface'),
  endpoint('ecr.dkr', 'Interface'),
];

/** A compliant squad VPC: private, flow-logged, with every required endpoint. */
export function vpc(data: Partial<Ec2VpcData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2VpcData = {
    vpcId: 'vpc-squad',
    cidrBlock: '10.0.0.0/16',
    ipv6CidrBlocks: [],
    isDefault: false,
    state: 'available',
    internetGateways: [],
    egressOnlyInternetGateways: [],
    natGateways: [],
    routeTables: [
      {
        routeTableId: 'rtb-main',
        main: true,
        subnetIds: [],
        routes: [
          { destination: '10.0.0.0/16', gatewayId: 'local', egressOnlyInternetGatewayId: null, natGatewayId: null, otherTarget: null, state: 'active' },
          { destination: 'pl-63a5400a', gatewayId: 'vpce-s3', egressOnlyInternetGatewayId: null, natGatewayId: null, otherTarget: null, state: 'active' },
        ],
      },
    ],
    flowLogs: [{ flowLogId: 'fl-1', status: 'ACTIVE', trafficType: 'ALL', destinationType: 's3', destination: 'arn:aws:s3:::flow-logs', deliverLogsStatus: 'SUCCESS' }],
    endpoints: ALL_ENDPOINTS,
    ...data,
  };
  return resource('aws.ec2.vpc', as(complete), { name: complete.vpcId, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/${complete.vpcId}`, ...overrides });
}

export function subnet(data: Partial<Ec2SubnetData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2SubnetData = {
    subnetId: 'subnet-a',
    vpcId: 'vpc-squad',
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
    mapPublicIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    defaultForAz: false,
    ...data,
  };
  return resource('aws.ec2.subnet', as(complete), { name: complete.subnetId, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${complete.subnetId}`, ...overrides });
}

export function permission(protocol: string, from: number | null, to: number | null, cidrs: string[] = ['0.0.0.0/0']): Ec2SecurityGroupPermission {
  return {
    ipProtocol: protocol,
    fromPort: from,
    toPort: to,
    ipv4Ranges: cidrs.filter((c) => !c.includes(':')).map((cidr) => ({ cidr, description: null })),
    ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((cidr) => ({ cidr, description: null })),
    prefixListIds: [],
    groupReferences: [],
  };
}

export function securityGroup(data: Partial<Ec2SecurityGroupData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2SecurityGroupData = {
    groupId: 'sg-app',
    groupName: 'app',
    vpcId: 'vpc-squad',
    description: 'app',
    isDefault: false,
    ingress: [permission('tcp', 443, 443, ['10.0.0.0/16'])],
    egress: [permission('-1', null, null)],
    ...data,
  };
  return resource('aws.ec2.security-group', as(complete), { name: complete.groupName, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${complete.groupId}`, ...overrides });
}

export function volume(data: Partial<Ec2VolumeData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2VolumeData = {
    volumeId: 'vol-1',
    encrypted: true,
    kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    state: 'in-use',
    sizeGiB: 100,
    volumeType: 'gp3',
    availabilityZone: 'us-east-1a',
    snapshotId: null,
    attachments: [],
    ...data,
  };
  return resource('aws.ec2.volume', as(complete), { name: complete.volumeId, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/${complete.volumeId}`, ...overrides });
}

export function instance(data: Partial<Ec2InstanceData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2InstanceData = {
    instanceId: 'i-1',
    state: 'running',
    instanceType: 'ml.t3.medium',
    imageId: 'ami-1',
    vpcId: 'vpc-squad',
    subnetId: 'subnet-a',
    publicIpAddress: null,
    privateIpAddress: '10.0.1.10',
    ipv6Addresses: [],
    securityGroupIds: ['sg-app'],
    iamInstanceProfileArn: null,
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    launchTime: '2026-11-01T00:00:00.000Z',
    ...data,
  };
  return resource('aws.ec2.instance', as(complete), { name: complete.instanceId, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${complete.instanceId}`, ...overrides });
}

export function regionSettings(data: Partial<Ec2RegionSettingsData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2RegionSettingsData = {
    ebsEncryptionByDefault: true,
    ebsDefaultKmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    vpcBlockPublicAccess: null,
    ...data,
  };
  return resource('aws.ec2.region-settings', as(complete), {
    name: `EC2 settings of ${ACCOUNT} in us-east-1`,
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:region-settings`,
    ...overrides,
  });
}

/** A launch template whose default version requires IMDSv2. */
export function launchTemplate(data: Partial<Ec2LaunchTemplateData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: Ec2LaunchTemplateData = {
    launchTemplateId: 'lt-0123456789abcdef0',
    defaultVersionNumber: 3,
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
    ...data,
  };
  return resource('aws.ec2.launch-template', as(complete), {
    name: 'training-nodes',
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:launch-template/${complete.launchTemplateId}`,
    ...overrides,
  });
}
