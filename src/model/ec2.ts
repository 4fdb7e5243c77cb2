/**
 * Networks and compute (EC2/VPC). Every per-resource attribute comes from a region-wide Describe list
 * call; the VPC carries what hangs off it (gateways, route tables, flow logs, endpoints) so network
 * guardrails judge one resource. Account+region settings (EBS encryption by default, VPC Block Public
 * Access) form one `aws.ec2.region-settings` resource per account and region.
 */
import type { PolicyDocument } from './policy-document.js';

export interface Ec2Route {
  destination: string;
  /** `igw-…`, `vgw-…`, `local`, or `null` when the route targets something else. */
  gatewayId: string | null;
  egressOnlyInternetGatewayId: string | null;
  natGatewayId: string | null;
  /** Any other target (transit gateway, peering, ENI, instance, VPC endpoint), as `kind:id`. */
  otherTarget: string | null;
  /** active | blackhole */
  state: string;
}

export interface Ec2RouteTable {
  routeTableId: string;
  /** Whether this is the VPC's main route table (used by subnets without an explicit association). */
  main: boolean;
  subnetIds: string[];
  routes: Ec2Route[];
}

export interface Ec2FlowLog {
  flowLogId: string;
  /** ACTIVE when logs are being delivered to the destination. */
  status: string;
  /** ACCEPT | REJECT | ALL */
  trafficType: string;
  destinationType: string;
  destination: string | null;
  deliverLogsStatus: string | null;
}

export interface Ec2VpcEndpoint {
  vpcEndpointId: string;
  /** Gateway | Interface | GatewayLoadBalancer | Resource | ServiceNetwork */
  type: string;
  serviceName: string;
  /** available, pending, … (the API answers lower case) */
  state: string;
  privateDnsEnabled: boolean;
  /** `null` = no policy (full access), or a policy the endpoint type does not support. */
  policy: PolicyDocument | null;
}

export interface Ec2VpcData {
  vpcId: string;
  cidrBlock: string | null;
  ipv6CidrBlocks: string[];
  isDefault: boolean;
  state: string;
  /** Internet gateways attached to the VPC. */
  internetGateways: Array<{ internetGatewayId: string; state: string }>;
  /** Egress-only internet gateways (IPv6 outbound) attached to the VPC. */
  egressOnlyInternetGateways: Array<{ egressOnlyInternetGatewayId: string; state: string }>;
  natGateways: Array<{ natGatewayId: string; subnetId: string | null; state: string; connectivityType: string }>;
  routeTables: Ec2RouteTable[];
  flowLogs: Ec2FlowLog[];
  endpoints: Ec2VpcEndpoint[];
}

export interface Ec2SubnetData {
  subnetId: string;
  vpcId: string;
  cidrBlock: string | null;
  availabilityZone: string | null;
  mapPublicIpOnLaunch: boolean;
  assignIpv6AddressOnCreation: boolean;
  defaultForAz: boolean;
}

/** One ingress or egress permission of a security group, as the API groups it (protocol + port range). */
export interface Ec2SecurityGroupPermission {
  /** `-1` = all protocols; otherwise `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number. */
  ipProtocol: string;
  /** `null` for all protocols/ports. For ICMP these are type and code. */
  fromPort: number | null;
  toPort: number | null;
  ipv4Ranges: Array<{ cidr: string; description: string | null }>;
  ipv6Ranges: Array<{ cidr: string; description: string | null }>;
  prefixListIds: string[];
  /** Referenced security groups as `account/sg-…` (`sg-…` when the API names no account). */
  groupReferences: string[];
}

export interface Ec2SecurityGroupData {
  groupId: string;
  groupName: string;
  vpcId: string | null;
  description: string;
  /** The VPC's default group (named `default`, which cannot be deleted). */
  isDefault: boolean;
  ingress: Ec2SecurityGroupPermission[];
  egress: Ec2SecurityGroupPermission[];
}

export interface Ec2VolumeData {
  volumeId: string;
  encrypted: boolean;
  /** `null` = not encrypted. */
  kmsKeyId: string | null;
  state: string;
  sizeGiB: number | null;
  volumeType: string | null;
  availabilityZone: string | null;
  snapshotId: string | null;
  attachments: Array<{ instanceId: string; device: string | null; state: string }>;
}

export interface Ec2InstanceData {
  instanceId: string;
  /** pending | running | shutting-down | terminated | stopping | stopped */
  state: string;
  instanceType: string | null;
  imageId: string | null;
  vpcId: string | null;
  subnetId: string | null;
  /** The public IPv4 address (auto-assigned or Elastic IP); `null` = none. */
  publicIpAddress: string | null;
  privateIpAddress: string | null;
  /** IPv6 addresses of the instance's network interfaces. */
  ipv6Addresses: string[];
  securityGroupIds: string[];
  iamInstanceProfileArn: string | null;
  /** Instance metadata service options; `httpTokens: required` = IMDSv2 only. */
  metadataOptions: { httpTokens: string; httpEndpoint: string; httpPutResponseHopLimit: number | null } | null;
  launchTime: string | null;
}

/** The instance metadata options a launch template version sets; a field it leaves out is `null`. */
export interface Ec2LaunchTemplateMetadataOptions {
  /** `required` = IMDSv2 only; `optional`; `null` = not set (the AMI's or the account's default applies). */
  httpTokens: string | null;
  /** `enabled` | `disabled`; `null` = not set (enabled). */
  httpEndpoint: string | null;
  httpPutResponseHopLimit: number | null;
}

/** A launch template, as its default version (what a launch naming no version uses) configures instances. */
export interface Ec2LaunchTemplateData {
  launchTemplateId: string;
  defaultVersionNumber: number | null;
  /** The default version's metadata options; `null` = the version sets none. */
  metadataOptions: Ec2LaunchTemplateMetadataOptions | null;
}

export interface Ec2VpcBlockPublicAccess {
  /** off | block-bidirectional | block-ingress */
  internetGatewayBlockMode: string;
  state: string | null;
  exclusionsAllowed: string | null;
}

export interface Ec2RegionSettingsData {
  /** GetEbsEncryptionByDefault. */
  ebsEncryptionByDefault: boolean;
  /** GetEbsDefaultKmsKeyId: the key new encrypted volumes use (`alias/aws/ebs` unless changed). */
  ebsDefaultKmsKeyId: string | null;
  /** DescribeVpcBlockPublicAccessOptions; `null` where the region does not offer it. */
  vpcBlockPublicAccess: Ec2VpcBlockPublicAccess | null;
}

declare module './resource.js' {
  interface ResourceDataByType {
    'aws.ec2.vpc': Ec2VpcData;
    'aws.ec2.subnet': Ec2SubnetData;
    'aws.ec2.security-group': Ec2SecurityGroupData;
    'aws.ec2.volume': Ec2VolumeData;
    'aws.ec2.instance': Ec2InstanceData;
    'aws.ec2.launch-template': Ec2LaunchTemplateData;
    'aws.ec2.region-settings': Ec2RegionSettingsData;
  }
}
