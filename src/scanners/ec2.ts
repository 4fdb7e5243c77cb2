import type { Instance, IpPermission, LaunchTemplateVersion, Route, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import { partitionOf } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type {
  Ec2FlowLog,
  Ec2InstanceData,
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
import { tagRecord } from './attributes.js';
import { declared, family, type DeclaredFamily } from './family.js';
import { list, listOperation, listOrFail } from './list.js';
import {
  attributeOperations,
  call,
  paged,
  readAttributes,
  readShared,
  settle,
  shared,
  sharedOperation,
  table,
  type Outcome,
  type SharedRead,
} from './reads.js';
import { newResource } from './resource.js';
import { defineScanner, needs, type ScannerContext, type TypeCosts } from './scanner.js';
import type { AnyCommandClass, InputOf, OutputOf, Pagination } from './sdk.js';
import { sdkPackage } from '../aws/sdk-packages.js';

const {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
} = sdkPackage('@aws-sdk/client-ec2');

const VPC = 'aws.ec2.vpc';
const SUBNET = 'aws.ec2.subnet';
const SECURITY_GROUP = 'aws.ec2.security-group';
const VOLUME = 'aws.ec2.volume';
const INSTANCE = 'aws.ec2.instance';
const LAUNCH_TEMPLATE = 'aws.ec2.launch-template';
const SETTINGS = 'aws.ec2.region-settings';

type Tags = Array<{ Key?: string; Value?: string }> | undefined;

function arnOf(context: ScannerContext, kind: string, id: string, owner = context.target.accountId): string {
  return `arn:${partitionOf(context.region)}:ec2:${context.region}:${owner}:${kind}/${id}`;
}

function nameOf(id: string, tags: Tags): string {
  return tags?.find((tag) => tag.Key === 'Name')?.Value ?? id;
}

const owned = (context: ScannerContext, ownerId: string | undefined): boolean => ownerId === undefined || ownerId === context.target.accountId;

/** An EC2 Describe list: every page at the given size (the default page is far smaller). */
function describeList<C extends AnyCommandClass, T>(command: C, pageSize: number, items: (page: OutputOf<C>) => T[] | undefined) {
  return list('EC2', command, { ...tokens<C>(), input: () => ({ MaxResults: pageSize }) as InputOf<C>, items });
}

/** EC2's Describe calls all page with NextToken in and out. */
function tokens<C extends AnyCommandClass>(): Pagination<C> {
  return { inputToken: 'NextToken', outputToken: 'NextToken' } as Pagination<C>;
}

// ---- VPCs and what hangs off them -------------------------------------------------------------------------

/**
 * A region-wide list feeding one attribute of every VPC: read once when the plan needs the attribute, its
 * items grouped by the VPCs they belong to; a failure is that attribute's error on every VPC.
 */
interface PerVpc<V> {
  readonly read: SharedRead<Map<string, unknown[]>>;
  /** This VPC's items in the model's shape (throwing makes it this VPC's error). */
  readonly convert: (items: unknown[]) => V;
}

function perVpc<C extends AnyCommandClass, T, V>(
  command: C,
  spec: { pageSize: number; items: (page: OutputOf<C>) => T[] | undefined; vpcsOf: (item: T) => string[]; convert: (item: T) => V },
): PerVpc<V[]> {
  return {
    read: shared(
      'EC2',
      paged(command, {
        ...tokens<C>(),
        input: () => ({ MaxResults: spec.pageSize }) as InputOf<C>,
        items: spec.items,
        map: (items) => groupByVpc(items, spec.vpcsOf),
      }),
    ),
    convert: (items) => (items as T[]).map(spec.convert),
  };
}

function groupByVpc<T>(items: T[], vpcsOf: (item: T) => string[]): Map<string, unknown[]> {
  const groups = new Map<string, unknown[]>();
  for (const item of items) {
    for (const vpcId of vpcsOf(item)) {
      if (!vpcId) continue;
      groups.set(vpcId, [...(groups.get(vpcId) ?? []), item]);
    }
  }
  return groups;
}

const vpcList = describeList(DescribeVpcsCommand, 1000, (page) => page.Vpcs);

/** The VPC attributes that region-wide lists answer, keyed by the model: one entry per list. */
const VPC_LISTS: { readonly [A in keyof Ec2VpcData]?: PerVpc<Ec2VpcData[A]> } = {
  internetGateways: perVpc(DescribeInternetGatewaysCommand, {
    pageSize: 1000,
    items: (page) => page.InternetGateways,
    vpcsOf: (igw) => (igw.Attachments ?? []).map((a) => a.VpcId ?? ''),
    convert: (igw) => ({ internetGatewayId: igw.InternetGatewayId ?? '', state: igw.Attachments?.[0]?.State ?? 'unknown' }),
  }),
  egressOnlyInternetGateways: perVpc(DescribeEgressOnlyInternetGatewaysCommand, {
    pageSize: 255,
    items: (page) => page.EgressOnlyInternetGateways,
    vpcsOf: (gw) => (gw.Attachments ?? []).map((a) => a.VpcId ?? ''),
    convert: (gw) => ({ egressOnlyInternetGatewayId: gw.EgressOnlyInternetGatewayId ?? '', state: gw.Attachments?.[0]?.State ?? 'unknown' }),
  }),
  natGateways: perVpc(DescribeNatGatewaysCommand, {
    pageSize: 1000,
    items: (page) => page.NatGateways,
    vpcsOf: (nat) => [nat.VpcId ?? ''],
    convert: (nat) => ({
      natGatewayId: nat.NatGatewayId ?? '',
      subnetId: nat.SubnetId ?? null,
      state: nat.State ?? 'unknown',
      connectivityType: nat.ConnectivityType ?? 'public',
    }),
  }),
  routeTables: perVpc(DescribeRouteTablesCommand, { pageSize: 100, items: (page) => page.RouteTables, vpcsOf: (t) => [t.VpcId ?? ''], convert: toRouteTable }),
  flowLogs: perVpc(DescribeFlowLogsCommand, {
    pageSize: 1000,
    items: (page) => page.FlowLogs,
    vpcsOf: (log) => [log.ResourceId ?? ''],
    convert: (log): Ec2FlowLog => ({
      flowLogId: log.FlowLogId ?? '',
      status: log.FlowLogStatus ?? 'unknown',
      trafficType: log.TrafficType ?? 'unknown',
      destinationType: log.LogDestinationType ?? 'cloud-watch-logs',
      destination: log.LogDestination ?? log.LogGroupName ?? null,
      deliverLogsStatus: log.DeliverLogsStatus ?? null,
    }),
  }),
  // An endpoint policy that does not parse is that VPC's error, not every VPC's.
  endpoints: perVpc(DescribeVpcEndpointsCommand, { pageSize: 1000, items: (page) => page.VpcEndpoints, vpcsOf: (e) => [e.VpcId ?? ''], convert: toEndpoint }),
};

const vpcLists = Object.entries(VPC_LISTS) as Array<[string, PerVpc<unknown>]>;

async function scanVpcs(context: ScannerContext): Promise<void> {
  if (!context.plan.has(VPC)) return;
  const wanted = vpcLists.filter(([attribute]) => needs(context.plan, VPC, attribute));
  const [vpcs, ...listed] = await Promise.all([
    listOrFail(context, vpcList, [VPC], { limit: true }),
    ...wanted.map(([, spec]) => context.limit(() => readShared(context, spec.read, context.region))),
  ]);
  if (!vpcs) return;
  const outcomes = wanted.map(([attribute, spec], index) => ({ attribute, spec, outcome: listed[index] as Outcome<Map<string, unknown[]>> }));

  const skipped = vpcs.filter((vpc) => !owned(context, vpc.OwnerId)).length;
  if (skipped > 0) context.note(`EC2: VPCs and subnets shared from other accounts are judged in their owner account's scan (${context.target.accountId}/${context.region}: ${skipped} VPC(s))`);
  for (const vpc of vpcs) {
    if (!vpc.VpcId || !owned(context, vpc.OwnerId)) continue;
    const id = vpc.VpcId;
    const resource = newResource(context, VPC, {
      arn: arnOf(context, 'vpc', id, vpc.OwnerId),
      name: nameOf(id, vpc.Tags),
      tags: tagRecord(vpc.Tags),
      data: {
        vpcId: id,
        cidrBlock: vpc.CidrBlock ?? null,
        ipv6CidrBlocks: (vpc.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock ?? '').filter(Boolean),
        isDefault: vpc.IsDefault ?? false,
        state: vpc.State ?? 'unknown',
      } satisfies Pick<Ec2VpcData, 'vpcId' | 'cidrBlock' | 'ipv6CidrBlocks' | 'isDefault' | 'state'>,
    });
    for (const { attribute, spec, outcome } of outcomes) {
      if ('gone' in outcome) continue;
      if ('error' in outcome) settle(resource, attribute, outcome);
      else {
        try {
          settle(resource, attribute, { value: spec.convert(outcome.value.get(id) ?? []) });
        } catch (error) {
          settle(resource, attribute, { error: toCollectionError(error, sharedOperation(spec.read)) });
        }
      }
    }
    context.emit(resource);
  }
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


// ---- subnets, security groups, volumes, instances ----------------------------------------------------------

const subnets = family({
  type: SUBNET,
  list: describeList(DescribeSubnetsCommand, 1000, (page) => page.Subnets),
  listUnderLimit: true,
  identity: (subnet, context) => {
    if (!subnet.SubnetId || !owned(context, subnet.OwnerId)) return undefined;
    const id = subnet.SubnetId;
    return { arn: subnet.SubnetArn ?? arnOf(context, 'subnet', id, subnet.OwnerId), name: nameOf(id, subnet.Tags), tags: tagRecord(subnet.Tags) };
  },
  summary: (subnet) => ({
    subnetId: subnet.SubnetId ?? '',
    vpcId: subnet.VpcId ?? '',
    cidrBlock: subnet.CidrBlock ?? null,
    availabilityZone: subnet.AvailabilityZone ?? null,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    assignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation ?? false,
    defaultForAz: subnet.DefaultForAz ?? false,
  }) satisfies Ec2SubnetData,
});

const securityGroups = family({
  type: SECURITY_GROUP,
  list: describeList(DescribeSecurityGroupsCommand, 1000, (page) => page.SecurityGroups),
  listUnderLimit: true,
  identity: (group, context) => {
    if (!group.GroupId || !owned(context, group.OwnerId)) return undefined;
    const id = group.GroupId;
    return { arn: group.SecurityGroupArn ?? arnOf(context, 'security-group', id, group.OwnerId), name: group.GroupName ?? id, tags: tagRecord(group.Tags) };
  },
  summary: (group) => ({
    groupId: group.GroupId ?? '',
    groupName: group.GroupName ?? '',
    vpcId: group.VpcId ?? null,
    description: group.Description ?? '',
    isDefault: group.GroupName === 'default',
    ingress: (group.IpPermissions ?? []).map(toPermission),
    egress: (group.IpPermissionsEgress ?? []).map(toPermission),
  }) satisfies Ec2SecurityGroupData,
});

const volumes = family({
  type: VOLUME,
  list: describeList(DescribeVolumesCommand, 500, (page) => page.Volumes),
  listUnderLimit: true,
  identity: (volume, context) =>
    volume.VolumeId ? { arn: arnOf(context, 'volume', volume.VolumeId), name: nameOf(volume.VolumeId, volume.Tags), tags: tagRecord(volume.Tags) } : undefined,
  summary: (volume) => ({
    volumeId: volume.VolumeId ?? '',
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
  }) satisfies Ec2VolumeData,
});

/** Instances come in reservations; the reservation names the owner. */
const instances = family({
  type: INSTANCE,
  list: describeList(DescribeInstancesCommand, 1000, (page) =>
    page.Reservations?.flatMap((reservation) => (reservation.Instances ?? []).map((instance) => ({ instance, ownerId: reservation.OwnerId }))),
  ),
  listUnderLimit: true,
  identity: ({ instance, ownerId }, context) =>
    instance.InstanceId
      ? { arn: arnOf(context, 'instance', instance.InstanceId, ownerId), name: nameOf(instance.InstanceId, instance.Tags), tags: tagRecord(instance.Tags) }
      : undefined,
  summary: ({ instance }) => instanceData(instance),
});

function instanceData(instance: Instance): Ec2InstanceData {
  const metadata = instance.MetadataOptions;
  return {
    instanceId: instance.InstanceId ?? '',
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
}

/**
 * Launch templates, as their default versions configure instances: one region-wide DescribeLaunchTemplateVersions
 * for `$Default` lists every template with its launch data, no per-template call. Its answer lacks the
 * template's tags: one DescribeLaunchTemplates per template, only when the plan needs them.
 */
const launchTemplates = family({
  type: LAUNCH_TEMPLATE,
  list: list('EC2', DescribeLaunchTemplateVersionsCommand, {
    ...tokens<typeof DescribeLaunchTemplateVersionsCommand>(),
    input: () => ({ Versions: ['$Default'], MaxResults: 200 }),
    items: (page) => page.LaunchTemplateVersions,
  }),
  listUnderLimit: true,
  identity: (version, context) =>
    version.LaunchTemplateId
      ? { arn: arnOf(context, 'launch-template', version.LaunchTemplateId), name: version.LaunchTemplateName ?? version.LaunchTemplateId }
      : undefined,
  summary: ({ LaunchTemplateId: id, VersionNumber: number, LaunchTemplateData: data }) => ({
    launchTemplateId: id ?? '',
    defaultVersionNumber: number ?? null,
    metadataOptions: data?.MetadataOptions
      ? {
          httpTokens: data.MetadataOptions.HttpTokens ?? null,
          httpEndpoint: data.MetadataOptions.HttpEndpoint ?? null,
          httpPutResponseHopLimit: data.MetadataOptions.HttpPutResponseHopLimit ?? null,
        }
      : null,
  }),
  reads: table<typeof LAUNCH_TEMPLATE, LaunchTemplateVersion>({
    type: LAUNCH_TEMPLATE,
    service: 'EC2',
    gone: ['InvalidLaunchTemplateId.NotFound'],
    reads: {
      tags: call(DescribeLaunchTemplatesCommand, {
        input: (version: LaunchTemplateVersion) => ({ LaunchTemplateIds: [version.LaunchTemplateId ?? ''] }),
        map: (answer) => tagRecord(answer.LaunchTemplates?.[0]?.Tags),
      }),
    },
  }),
});

// ---- account + region settings -------------------------------------------------------------------------------

/** The ARN of the settings resource: not an AWS ARN (the settings have none), but stable and ARN-shaped. */
export function regionSettingsArn(region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:region-settings`;
}

/** One call per setting, each only when the plan needs it. */
const settingsReads = table<typeof SETTINGS, ScannerContext>({
  type: SETTINGS,
  service: 'EC2',
  reads: {
    ebsEncryptionByDefault: call(GetEbsEncryptionByDefaultCommand, { input: () => ({}), map: (answer) => answer.EbsEncryptionByDefault ?? false }),
    ebsDefaultKmsKeyId: call(GetEbsDefaultKmsKeyIdCommand, { input: () => ({}), map: (answer) => answer.KmsKeyId ?? null }),
    vpcBlockPublicAccess: call(DescribeVpcBlockPublicAccessOptionsCommand, {
      input: () => ({}),
      map: ({ VpcBlockPublicAccessOptions: options }) =>
        options
          ? { internetGatewayBlockMode: options.InternetGatewayBlockMode ?? 'off', state: options.State ?? null, exclusionsAllowed: options.ExclusionsAllowed ?? null }
          : null,
      // Regions that do not offer the feature answer UnsupportedOperation: not configured there.
      notConfigured: ['UnsupportedOperation'],
    }),
  },
});

async function scanRegionSettings(context: ScannerContext): Promise<void> {
  const { region, target } = context;
  if (!context.plan.has(SETTINGS)) return;
  const resource = newResource(context, SETTINGS, { arn: regionSettingsArn(region, target.accountId), name: `EC2 settings of ${target.accountId} in ${region}` });
  await readAttributes(context, resource, settingsReads, context, { limit: true });
  context.emit(resource);
}

// ---- the scanner ------------------------------------------------------------------------------------------------

const families: DeclaredFamily[] = [declared(subnets), declared(securityGroups), declared(volumes), declared(instances), declared(launchTemplates)];

const costs: Record<string, TypeCosts> = {
  [VPC]: {
    list: [listOperation(vpcList)],
    attributes: Object.fromEntries(vpcLists.map(([attribute, spec]) => [attribute, [sharedOperation(spec.read)]])),
  },
  ...Object.fromEntries(families.map((spec) => [spec.type, spec.costs])),
  [SETTINGS]: { list: [], attributes: attributeOperations(settingsReads) },
};

/**
 * EC2/VPC is regional. Every resource attribute comes from a region-wide Describe list call (paginated),
 * made only when the plan needs the type or the attribute: no per-resource calls at all. The account and
 * region settings (EBS encryption by default, its KMS key, VPC Block Public Access) are one call each.
 * VPCs and subnets shared into the account by another (RAM) are left to the owner account's scan.
 */
export const ec2Scanner = defineScanner({
  service: 'ec2',
  scope: 'regional',
  costs,
  async scan(context) {
    await Promise.all([scanVpcs(context), ...families.map((spec) => spec.scan(context)), scanRegionSettings(context)]);
  },
});
