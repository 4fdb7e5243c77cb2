import {
  DescribeVpcBlockPublicAccessOptionsCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type EC2Client,
  type Instance,
  type IpPermission,
  type Route,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Volume,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { partitionOf } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type {
  Ec2FlowLog,
  Ec2InstanceData,
  Ec2RegionSettingsData,
  Ec2Route,
  Ec2RouteTable,
  Ec2SecurityGroupData,
  Ec2SecurityGroupPermission,
  Ec2SubnetData,
  Ec2VolumeData,
  Ec2VpcData,
  Ec2VpcEndpoint,
} from '../model/ec2.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import { readAttribute, tagRecord } from './attributes.js';
import { needs, type Scanner, type ScannerContext } from './scanner.js';
import { SCANNED_TYPES } from './resource-types.js';

const VPC = 'aws.ec2.vpc';
const SUBNET = 'aws.ec2.subnet';
const SECURITY_GROUP = 'aws.ec2.security-group';
const VOLUME = 'aws.ec2.volume';
const INSTANCE = 'aws.ec2.instance';
const SETTINGS = 'aws.ec2.region-settings';

/**
 * EC2/VPC is regional. Every resource attribute comes from a region-wide Describe list call (paginated),
 * made only when the plan needs the type or the attribute: no per-resource calls at all. The account and
 * region settings (EBS encryption by default, its KMS key, VPC Block Public Access) are one call each.
 * VPCs and subnets shared into the account by another (RAM) are left to the owner account's scan.
 */
export const ec2Scanner: Scanner = {
  service: 'ec2',
  resourceTypes: [...SCANNED_TYPES.ec2],
  // Written out until this scanner's reads are tables: the audit role is generated from it.
  operations: ['EC2.DescribeEgressOnlyInternetGateways', 'EC2.DescribeFlowLogs', 'EC2.DescribeInstances', 'EC2.DescribeInternetGateways', 'EC2.DescribeNatGateways', 'EC2.DescribeRouteTables', 'EC2.DescribeSecurityGroups', 'EC2.DescribeSubnets', 'EC2.DescribeVolumes', 'EC2.DescribeVpcBlockPublicAccessOptions', 'EC2.DescribeVpcEndpoints', 'EC2.DescribeVpcs', 'EC2.GetEbsDefaultKmsKeyId', 'EC2.GetEbsEncryptionByDefault'],
  scope: 'regional',
  async scan(context) {
    const ec2 = context.clients.client('EC2', context.region);
    await Promise.all([
      scanVpcs(context, ec2),
      scanSubnets(context, ec2),
      scanSecurityGroups(context, ec2),
      scanVolumes(context, ec2),
      scanInstances(context, ec2),
      scanRegionSettings(context, ec2),
    ]);
  },
};

/** Drains a paginator under the service's concurrency bound. */
async function drain<P, T>(context: ScannerContext, pages: () => AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  return context.limit(async () => {
    const items: T[] = [];
    for await (const page of pages()) items.push(...(pick(page) ?? []));
    return items;
  });
}

/** A list call whose failure hides a whole resource type: recorded as a scan error, not per attribute. */
async function listOrFail<T>(context: ScannerContext, type: string, operation: string, list: () => Promise<T[]>): Promise<T[] | undefined> {
  try {
    return await list();
  } catch (error) {
    context.fail({ region: context.region, service: 'ec2', resourceTypes: [type], ...toCollectionError(error, operation) });
    return undefined;
  }
}

type Listing<T> = { items: T[] } | { error: CollectionError };

/** A list call that feeds one attribute of another type's resources: its failure is that attribute's error. */
async function listAttribute<T>(operation: string, list: () => Promise<T[]>): Promise<Listing<T>> {
  try {
    return { items: await list() };
  } catch (error) {
    return { error: toCollectionError(error, operation) };
  }
}

function base(context: ScannerContext, type: string, arn: string, name: string, tags: Array<{ Key?: string; Value?: string }> | undefined): AnyResource {
  return { type, arn, accountId: context.target.accountId, region: context.region, name, tags: tagRecord(tags), data: {}, errors: {} };
}

function arnOf(context: ScannerContext, kind: string, id: string, owner = context.target.accountId): string {
  return `arn:${partitionOf(context.region)}:ec2:${context.region}:${owner}:${kind}/${id}`;
}

function nameOf(id: string, tags: Array<{ Key?: string; Value?: string }> | undefined): string {
  return tags?.find((tag) => tag.Key === 'Name')?.Value ?? id;
}

const owned = (context: ScannerContext, ownerId: string | undefined): boolean => ownerId === undefined || ownerId === context.target.accountId;

// ---- VPCs and what hangs off them -------------------------------------------------------------------------

async function scanVpcs(context: ScannerContext, ec2: EC2Client): Promise<void> {
  const { plan } = context;
  if (!plan.has(VPC)) return;
  const wanted = (attribute: string) => needs(plan, VPC, attribute);
  const [vpcs, igws, eigws, nats, routeTables, flowLogs, endpoints] = await Promise.all([
    listOrFail(context, VPC, 'EC2.DescribeVpcs', () => drain(context, () => paginateDescribeVpcs({ client: ec2, pageSize: 1000 }, {}), (p) => p.Vpcs)),
    wanted('internetGateways')
      ? listAttribute('EC2.DescribeInternetGateways', () => drain(context, () => paginateDescribeInternetGateways({ client: ec2, pageSize: 1000 }, {}), (p) => p.InternetGateways))
      : undefined,
    wanted('egressOnlyInternetGateways')
      ? listAttribute('EC2.DescribeEgressOnlyInternetGateways', () =>
          drain(context, () => paginateDescribeEgressOnlyInternetGateways({ client: ec2, pageSize: 255 }, {}), (p) => p.EgressOnlyInternetGateways))
      : undefined,
    wanted('natGateways')
      ? listAttribute('EC2.DescribeNatGateways', () => drain(context, () => paginateDescribeNatGateways({ client: ec2, pageSize: 1000 }, {}), (p) => p.NatGateways))
      : undefined,
    wanted('routeTables')
      ? listAttribute('EC2.DescribeRouteTables', () => drain(context, () => paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, {}), (p) => p.RouteTables))
      : undefined,
    wanted('flowLogs')
      ? listAttribute('EC2.DescribeFlowLogs', () => drain(context, () => paginateDescribeFlowLogs({ client: ec2, pageSize: 1000 }, {}), (p) => p.FlowLogs))
      : undefined,
    wanted('endpoints')
      ? listAttribute('EC2.DescribeVpcEndpoints', () => drain(context, () => paginateDescribeVpcEndpoints({ client: ec2, pageSize: 1000 }, {}), (p) => p.VpcEndpoints))
      : undefined,
  ]);
  if (!vpcs) return;

  const perVpc = <T>(attribute: keyof Ec2VpcData, listing: Listing<T> | undefined, vpcOf: (item: T) => string[], convert: (item: T) => unknown) => ({
    attribute,
    listing,
    byVpc: listing && 'items' in listing ? groupByVpc(listing.items, vpcOf, convert) : new Map<string, unknown[]>(),
  });
  const attachments = [
    perVpc('internetGateways', igws, (igw) => (igw.Attachments ?? []).map((a) => a.VpcId ?? ''), (igw) => ({
      internetGatewayId: igw.InternetGatewayId ?? '',
      state: igw.Attachments?.[0]?.State ?? 'unknown',
    })),
    perVpc('egressOnlyInternetGateways', eigws, (gw) => (gw.Attachments ?? []).map((a) => a.VpcId ?? ''), (gw) => ({
      egressOnlyInternetGatewayId: gw.EgressOnlyInternetGatewayId ?? '',
      state: gw.Attachments?.[0]?.State ?? 'unknown',
    })),
    perVpc('natGateways', nats, (nat) => [nat.VpcId ?? ''], (nat) => ({
      natGatewayId: nat.NatGatewayId ?? '',
      subnetId: nat.SubnetId ?? null,
      state: nat.State ?? 'unknown',
      connectivityType: nat.ConnectivityType ?? 'public',
    })),
    perVpc('routeTables', routeTables, (table) => [table.VpcId ?? ''], toRouteTable),
    perVpc('flowLogs', flowLogs, (log) => [log.ResourceId ?? ''], (log): Ec2FlowLog => ({
      flowLogId: log.FlowLogId ?? '',
      status: log.FlowLogStatus ?? 'unknown',
      trafficType: log.TrafficType ?? 'unknown',
      destinationType: log.LogDestinationType ?? 'cloud-watch-logs',
      destination: log.LogDestination ?? log.LogGroupName ?? null,
      deliverLogsStatus: log.DeliverLogsStatus ?? null,
    })),
  ];
  const endpointsByVpc = endpoints && 'items' in endpoints ? groupByVpc(endpoints.items, (e) => [e.VpcId ?? ''], (e) => e) : new Map<string, VpcEndpoint[]>();

  const skipped = vpcs.filter((vpc) => !owned(context, vpc.OwnerId)).length;
  if (skipped > 0) context.note(`EC2: VPCs and subnets shared from other accounts are judged in their owner account's scan (${context.target.accountId}/${context.region}: ${skipped} VPC(s))`);
  for (const vpc of vpcs) {
    if (!vpc.VpcId || !owned(context, vpc.OwnerId)) continue;
    const resource = toVpc(context, vpc);
    for (const { attribute, listing, byVpc } of attachments) {
      if (!listing) continue;
      if ('error' in listing) (resource.errors as Record<string, CollectionError>)[attribute] = listing.error;
      else resource.data[attribute] = byVpc.get(vpc.VpcId) ?? [];
    }
    if (endpoints) {
      if ('error' in endpoints) resource.errors.endpoints = endpoints.error;
      else {
        try {
          resource.data.endpoints = (endpointsByVpc.get(vpc.VpcId) ?? []).map(toEndpoint);
        } catch (error) {
          resource.errors.endpoints = toCollectionError(error, 'EC2.DescribeVpcEndpoints');
        }
      }
    }
    context.emit(resource);
  }
}

function groupByVpc<T, V>(items: T[], vpcOf: (item: T) => string[], convert: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    for (const vpcId of vpcOf(item)) {
      if (!vpcId) continue;
      groups.set(vpcId, [...(groups.get(vpcId) ?? []), convert(item)]);
    }
  }
  return groups;
}

function toVpc(context: ScannerContext, vpc: Vpc): AnyResource {
  const id = vpc.VpcId ?? '';
  const resource = base(context, VPC, arnOf(context, 'vpc', id, vpc.OwnerId), nameOf(id, vpc.Tags), vpc.Tags);
  const data: Pick<Ec2VpcData, 'vpcId' | 'cidrBlock' | 'ipv6CidrBlocks' | 'isDefault' | 'state'> = {
    vpcId: id,
    cidrBlock: vpc.CidrBlock ?? null,
    ipv6CidrBlocks: (vpc.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock ?? '').filter(Boolean),
    isDefault: vpc.IsDefault ?? false,
    state: vpc.State ?? 'unknown',
  };
  Object.assign(resource.data, data);
  return resource;
}

function toRoute(route: Route): Ec2Route {
  const other: Array<[string, string | undefined]> = [
    ['transit-gateway', route.TransitGatewayId],
    ['vpc-peering-connection', route.VpcPeeringConnectionId],
    ['network-interface', route.NetworkInterfaceId],
    ['instance', route.InstanceId],
    ['carrier-gateway', route.CarrierGatewayId],
    ['local-gateway', route.LocalGatewayId],
    ['core-network', route.CoreNetworkArn],
  ];
  const target = other.find(([, id]) => id);
  return {
    destination: route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? 'unknown',
    gatewayId: route.GatewayId ?? null,
    egressOnlyInternetGatewayId: route.EgressOnlyInternetGatewayId ?? null,
    natGatewayId: route.NatGatewayId ?? null,
    otherTarget: target ? `${target[0]}:${target[1]}` : null,
    state: route.State ?? 'active',
  };
}

function toRouteTable(table: RouteTable): Ec2RouteTable {
  const associations = table.Associations ?? [];
  return {
    routeTableId: table.RouteTableId ?? '',
    main: associations.some((association) => association.Main === true),
    subnetIds: associations.map((association) => association.SubnetId ?? '').filter(Boolean),
    routes: (table.Routes ?? []).map(toRoute),
  };
}

function toEndpoint(endpoint: VpcEndpoint): Ec2VpcEndpoint {
  return {
    vpcEndpointId: endpoint.VpcEndpointId ?? '',
    type: endpoint.VpcEndpointType ?? 'Gateway',
    serviceName: endpoint.ServiceName ?? '',
    state: (endpoint.State ?? 'unknown').toLowerCase(),
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    policy: endpoint.PolicyDocument ? parsePolicyDocument(endpoint.PolicyDocument) : null,
  };
}

// ---- subnets, security groups, volumes, instances ----------------------------------------------------------

async function scanSubnets(context: ScannerContext, ec2: EC2Client): Promise<void> {
  if (!context.plan.has(SUBNET)) return;
  const subnets = await listOrFail(context, SUBNET, 'EC2.DescribeSubnets', () =>
    drain(context, () => paginateDescribeSubnets({ client: ec2, pageSize: 1000 }, {}), (p) => p.Subnets));
  for (const subnet of subnets ?? []) {
    if (subnet.SubnetId && owned(context, subnet.OwnerId)) context.emit(toSubnet(context, subnet));
  }
}

function toSubnet(context: ScannerContext, subnet: Subnet): AnyResource {
  const id = subnet.SubnetId ?? '';
  const resource = base(context, SUBNET, subnet.SubnetArn ?? arnOf(context, 'subnet', id, subnet.OwnerId), nameOf(id, subnet.Tags), subnet.Tags);
  const data: Ec2SubnetData = {
    subnetId: id,
    vpcId: subnet.VpcId ?? '',
    cidrBlock: subnet.CidrBlock ?? null,
    availabilityZone: subnet.AvailabilityZone ?? null,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    assignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation ?? false,
    defaultForAz: subnet.DefaultForAz ?? false,
  };
  Object.assign(resource.data, data);
  return resource;
}

async function scanSecurityGroups(context: ScannerContext, ec2: EC2Client): Promise<void> {
  if (!context.plan.has(SECURITY_GROUP)) return;
  const groups = await listOrFail(context, SECURITY_GROUP, 'EC2.DescribeSecurityGroups', () =>
    drain(context, () => paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {}), (p) => p.SecurityGroups));
  for (const group of groups ?? []) {
    if (group.GroupId && owned(context, group.OwnerId)) context.emit(toSecurityGroup(context, group));
  }
}

export function toPermission(permission: IpPermission): Ec2SecurityGroupPermission {
  const protocol = permission.IpProtocol ?? '-1';
  const all = protocol === '-1';
  return {
    ipProtocol: protocol,
    fromPort: all ? null : (permission.FromPort ?? null),
    toPort: all ? null : (permission.ToPort ?? null),
    ipv4Ranges: (permission.IpRanges ?? []).map((range) => ({ cidr: range.CidrIp ?? '', description: range.Description ?? null })),
    ipv6Ranges: (permission.Ipv6Ranges ?? []).map((range) => ({ cidr: range.CidrIpv6 ?? '', description: range.Description ?? null })),
    prefixListIds: (permission.PrefixListIds ?? []).map((list) => list.PrefixListId ?? '').filter(Boolean),
    groupReferences: (permission.UserIdGroupPairs ?? []).map((pair) => {
      const group = pair.GroupId ?? pair.GroupName ?? '';
      return pair.UserId ? `${pair.UserId}/${group}` : group;
    }),
  };
}

function toSecurityGroup(context: ScannerContext, group: SecurityGroup): AnyResource {
  const id = group.GroupId ?? '';
  const resource = base(context, SECURITY_GROUP, group.SecurityGroupArn ?? arnOf(context, 'security-group', id, group.OwnerId), group.GroupName ?? id, group.Tags);
  const data: Ec2SecurityGroupData = {
    groupId: id,
    groupName: group.GroupName ?? '',
    vpcId: group.VpcId ?? null,
    description: group.Description ?? '',
    isDefault: group.GroupName === 'default',
    ingress: (group.IpPermissions ?? []).map(toPermission),
    egress: (group.IpPermissionsEgress ?? []).map(toPermission),
  };
  Object.assign(resource.data, data);
  return resource;
}

async function scanVolumes(context: ScannerContext, ec2: EC2Client): Promise<void> {
  if (!context.plan.has(VOLUME)) return;
  const volumes = await listOrFail(context, VOLUME, 'EC2.DescribeVolumes', () =>
    drain(context, () => paginateDescribeVolumes({ client: ec2, pageSize: 500 }, {}), (p) => p.Volumes));
  for (const volume of volumes ?? []) if (volume.VolumeId) context.emit(toVolume(context, volume));
}

function toVolume(context: ScannerContext, volume: Volume): AnyResource {
  const id = volume.VolumeId ?? '';
  const resource = base(context, VOLUME, arnOf(context, 'volume', id), nameOf(id, volume.Tags), volume.Tags);
  const data: Ec2VolumeData = {
    volumeId: id,
    encrypted: volume.Encrypted ?? false,
    kmsKeyId: volume.Encrypted ? (volume.KmsKeyId ?? null) : null,
    state: volume.State ?? 'unknown',
    sizeGiB: volume.Size ?? null,
    volumeType: volume.VolumeType ?? null,
    availabilityZone: volume.AvailabilityZone ?? null,
    snapshotId: volume.SnapshotId || null,
    attachments: (volume.Attachments ?? []).map((attachment) => ({
      instanceId: attachment.InstanceId ?? '',
      device: attachment.Device ?? null,
      state: attachment.State ?? 'unknown',
    })),
  };
  Object.assign(resource.data, data);
  return resource;
}

async function scanInstances(context: ScannerContext, ec2: EC2Client): Promise<void> {
  if (!context.plan.has(INSTANCE)) return;
  const reservations = await listOrFail(context, INSTANCE, 'EC2.DescribeInstances', () =>
    drain(context, () => paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {}), (p) => p.Reservations));
  for (const reservation of reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      if (instance.InstanceId) context.emit(toInstance(context, instance, reservation.OwnerId));
    }
  }
}

function toInstance(context: ScannerContext, instance: Instance, ownerId: string | undefined): AnyResource {
  const id = instance.InstanceId ?? '';
  const resource = base(context, INSTANCE, arnOf(context, 'instance', id, ownerId), nameOf(id, instance.Tags), instance.Tags);
  const metadata = instance.MetadataOptions;
  const data: Ec2InstanceData = {
    instanceId: id,
    state: instance.State?.Name ?? 'unknown',
    instanceType: instance.InstanceType ?? null,
    imageId: instance.ImageId ?? null,
    vpcId: instance.VpcId ?? null,
    subnetId: instance.SubnetId ?? null,
    publicIpAddress: instance.PublicIpAddress || null,
    privateIpAddress: instance.PrivateIpAddress ?? null,
    ipv6Addresses: (instance.NetworkInterfaces ?? []).flatMap((eni) => (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address ?? '')).filter(Boolean),
    securityGroupIds: (instance.SecurityGroups ?? []).map((group) => group.GroupId ?? '').filter(Boolean),
    iamInstanceProfileArn: instance.IamInstanceProfile?.Arn ?? null,
    // The API omits MetadataOptions for instances it cannot describe them for (e.g. terminated): unknown, not "optional".
    metadataOptions: metadata
      ? {
          httpTokens: metadata.HttpTokens ?? 'optional',
          httpEndpoint: metadata.HttpEndpoint ?? 'enabled',
          httpPutResponseHopLimit: metadata.HttpPutResponseHopLimit ?? null,
        }
      : null,
    launchTime: instance.LaunchTime?.toISOString() ?? null,
  };
  Object.assign(resource.data, data);
  return resource;
}

// ---- account + region settings -------------------------------------------------------------------------------

/** The ARN of the settings resource: not an AWS ARN (the settings have none), but stable and ARN-shaped. */
export function regionSettingsArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:region-settings`;
}

async function scanRegionSettings(context: ScannerContext, ec2: EC2Client): Promise<void> {
  const { plan, region, target } = context;
  if (!plan.has(SETTINGS)) return;
  const resource: AnyResource = {
    type: SETTINGS,
    arn: regionSettingsArn(region, target.accountId),
    accountId: target.accountId,
    region,
    name: `EC2 settings of ${target.accountId} in ${region}`,
    tags: {},
    data: {},
    errors: {},
  };
  await Promise.all([
    readAttribute<Ec2RegionSettingsData['ebsEncryptionByDefault']>(resource, 'ebsEncryptionByDefault', plan, {
      operation: 'EC2.GetEbsEncryptionByDefault',
      read: () => context.limit(async () => (await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault ?? false),
    }),
    readAttribute<Ec2RegionSettingsData['ebsDefaultKmsKeyId']>(resource, 'ebsDefaultKmsKeyId', plan, {
      operation: 'EC2.GetEbsDefaultKmsKeyId',
      read: () => context.limit(async () => (await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId ?? null),
    }),
    readAttribute<Ec2RegionSettingsData['vpcBlockPublicAccess']>(resource, 'vpcBlockPublicAccess', plan, {
      operation: 'EC2.DescribeVpcBlockPublicAccessOptions',
      // Regions that do not offer the feature answer UnsupportedOperation: not configured there.
      notConfiguredCodes: ['UnsupportedOperation'],
      read: () =>
        context.limit(async () => {
          const options = (await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}))).VpcBlockPublicAccessOptions;
          return options
            ? { internetGatewayBlockMode: options.InternetGatewayBlockMode ?? 'off', state: options.State ?? null, exclusionsAllowed: options.ExclusionsAllowed ?? null }
            : null;
        }),
    }),
  ]);
  context.emit(resource);
}
