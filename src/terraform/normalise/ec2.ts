/**
 * Networks from a plan. A VPC gathers what hangs off it by `vpc_id` (internet and egress-only gateways,
 * route tables with their inline routes and `aws_route`s, flow logs, endpoints); security groups gather
 * their inline rules and the standalone rule resources by `security_group_id`; subnets and the account's
 * EBS defaults are direct. Ids of resources the plan creates are fresh (`igw-(aws_internet_gateway.gw)`),
 * so a route to a new internet gateway is recognised as one.
 */
import type {
  Ec2FlowLog,
  Ec2Route,
  Ec2RouteTable,
  Ec2SecurityGroupPermission,
  Ec2VpcEndpoint,
} from '../../model/ec2.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply, PlanShapeError, type Val } from '../values.js';
import {
  isCreated,
  newEc2Resource,
  ec2Arn,
  isProviderEcho,
  newResource,
  optionalIdentity,
  optionalComputed,
  ownId,
  referencedIdentity,
  setAttribute,
  setTags,
  type PlanContext,
  type PlanResource,
} from './context.js';
import { accountResource, existingValue } from './overlay.js';
import { policyAt } from './policy.js';
import { joinAll, type Joined } from './subresources.js';

const VPC_TYPES = ['aws_vpc', 'aws_default_vpc'];
const SG_TYPES = ['aws_security_group', 'aws_default_security_group'];
const SUBNET_TYPES = ['aws_subnet', 'aws_default_subnet'];

/** Ids of a parent: known or fresh, for joins by known id. */
const idOf = (context: PlanContext, parent: Instance): string[] => [ownId(context, parent)];

function joinedLive(joined: Joined, parent: Instance, attribute: string): Instance[] {
  const why = joined.unknown.get(parent);
  if (why) throw new KnownAfterApply(parent.address, attribute, `is undecidable: ${why}`);
  return (joined.byParent.get(parent) ?? []).filter(
    (sub) => sub.action !== 'delete' && sub.action !== 'forget',
  );
}

/** An existing parent may have children this plan does not manage: those come from the snapshot. */
function withExisting<T>(
  context: PlanContext,
  parent: Instance,
  type: string,
  arn: string,
  attribute: string,
  planned: T[],
): T[] {
  if (isCreated(parent)) return planned;
  const deployed = existingValue(context, parent, type, arn, attribute) as T[];
  return [...deployed, ...planned];
}

export function vpcs(context: PlanContext): PlanResource[] {
  const parents = VPC_TYPES.flatMap((type) => context.index.planned(type));
  const join = (types: string[], path = ['vpc_id']): Joined =>
    joinAll(context, types, { parentTypes: VPC_TYPES, path, identityOf: idOf }, parents);
  const gateways = join(['aws_internet_gateway']);
  const attachments = join(['aws_internet_gateway_attachment']);
  const egressOnly = join(['aws_egress_only_internet_gateway']);
  const tables = join(['aws_route_table']);
  const defaultTables = join(['aws_default_route_table'], ['default_route_table_id']);
  const flowLogs = join(['aws_flow_log']);
  const endpoints = join(['aws_vpc_endpoint']);
  const allTables = [
    ...context.index.planned('aws_route_table'),
    ...context.index.planned('aws_default_route_table'),
  ];
  const routes = joinAll(
    context,
    ['aws_route'],
    {
      parentTypes: ['aws_route_table', 'aws_default_route_table'],
      path: ['route_table_id'],
      identityOf: idOf,
    },
    allTables,
  );
  const associations = joinAll(
    context,
    ['aws_route_table_association', 'aws_main_route_table_association'],
    {
      parentTypes: ['aws_route_table', 'aws_default_route_table'],
      path: ['route_table_id'],
      identityOf: idOf,
    },
    allTables,
  );
  const endpointPolicies = joinAll(
    context,
    ['aws_vpc_endpoint_policy'],
    { parentTypes: ['aws_vpc_endpoint'], path: ['vpc_endpoint_id'], identityOf: idOf },
    context.index.planned('aws_vpc_endpoint'),
  );

  return parents.map((vpc) => {
    const value = context.index.val(vpc);
    const { resource, id } = newEc2Resource(context, vpc, 'aws.ec2.vpc', 'vpc');
    const arn = resource.arn;
    setAttribute(resource, 'vpcId', () => id);
    setAttribute(resource, 'cidrBlock', () => value.get('cidr_block').str());
    setAttribute(resource, 'ipv6CidrBlocks', () => {
      const block = value.get('ipv6_cidr_block');
      if (isProviderEcho(context, vpc, block) && !value.get('assign_generated_ipv6_cidr_block').bool())
        return [];
      const cidr = block.str();
      return cidr ? [cidr] : [];
    });
    setAttribute(resource, 'isDefault', () => vpc.type === 'aws_default_vpc');
    setAttribute(resource, 'state', () => 'available');
    setAttribute(resource, 'internetGateways', () => {
      const planned = [
        ...joinedLive(gateways, vpc, 'internetGateways').map((gateway) => ({
          internetGatewayId: ownId(context, gateway),
          state: 'available',
        })),
        ...joinedLive(attachments, vpc, 'internetGateways').map((attachment) => ({
          internetGatewayId:
            referencedIdentity(
              context,
              attachment,
              context.index.val(attachment).get('internet_gateway_id'),
            ) ?? '',
          state: 'available',
        })),
      ];
      return withExisting(context, vpc, 'aws.ec2.vpc', arn, 'internetGateways', planned);
    });
    setAttribute(resource, 'egressOnlyInternetGateways', () =>
      withExisting(
        context,
        vpc,
        'aws.ec2.vpc',
        arn,
        'egressOnlyInternetGateways',
        joinedLive(egressOnly, vpc, 'egressOnlyInternetGateways').map((gateway) => ({
          egressOnlyInternetGatewayId: ownId(context, gateway),
          state: 'available',
        })),
      ),
    );
    setAttribute(resource, 'routeTables', () => {
      const own = [
        ...joinedLive(tables, vpc, 'routeTables'),
        ...joinedLive(defaultTables, vpc, 'routeTables'),
      ];
      const planned: Ec2RouteTable[] = own.map((table) => routeTable(context, table, routes, associations));
      if (isCreated(vpc) && !own.some((table) => table.type === 'aws_default_route_table')) {
        // A new VPC comes with a main route table holding only the local route.
        planned.push({
          routeTableId: `rtb-(main of ${vpc.address})`,
          main: true,
          subnetIds: [],
          routes: [
            {
              destination: value.get('cidr_block').str() ?? 'local',
              gatewayId: 'local',
              egressOnlyInternetGatewayId: null,
              natGatewayId: null,
              otherTarget: null,
              state: 'active',
            },
          ],
        });
      }
      return withExisting(context, vpc, 'aws.ec2.vpc', arn, 'routeTables', planned);
    });
    setAttribute(resource, 'flowLogs', () =>
      withExisting(
        context,
        vpc,
        'aws.ec2.vpc',
        arn,
        'flowLogs',
        joinedLive(flowLogs, vpc, 'flowLogs').map((log) => flowLog(context, log)),
      ),
    );
    setAttribute(resource, 'endpoints', () =>
      withExisting(
        context,
        vpc,
        'aws.ec2.vpc',
        arn,
        'endpoints',
        joinedLive(endpoints, vpc, 'endpoints').map((endpoint) =>
          vpcEndpoint(context, endpoint, endpointPolicies),
        ),
      ),
    );
    return resource;
  });
}

function routeTable(
  context: PlanContext,
  table: Instance,
  routes: Joined,
  associations: Joined,
): Ec2RouteTable {
  const value = context.index.val(table);
  const inline = optionalComputed(context, table, value, 'route');
  const list: Ec2Route[] = inline.list().map((route) => routeFrom(context, table, route, true));
  for (const route of joinedLive(routes, table, 'routeTables'))
    list.push(routeFrom(context, route, context.index.val(route), false));
  const subnetIds: string[] = [];
  let main = table.type === 'aws_default_route_table';
  for (const association of joinedLive(associations, table, 'routeTables')) {
    if (association.type === 'aws_main_route_table_association') main = true;
    else {
      const subnet = referencedIdentity(
        context,
        association,
        context.index.val(association).get('subnet_id'),
      );
      if (subnet) subnetIds.push(subnet);
    }
  }
  return { routeTableId: ownId(context, table), main, subnetIds, routes: list };
}

function routeFrom(context: PlanContext, instance: Instance, route: Val, inline: boolean): Ec2Route {
  const read = (field: string): string | null => optionalIdentity(context, instance, route.get(field));
  const destination =
    read(inline ? 'cidr_block' : 'destination_cidr_block') ??
    read(inline ? 'ipv6_cidr_block' : 'destination_ipv6_cidr_block') ??
    read(inline ? 'destination_prefix_list_id' : 'destination_prefix_list_id');
  if (!destination) throw new PlanShapeError(`${instance.address}: a route has no destination`);
  const other = [
    'transit_gateway_id',
    'vpc_peering_connection_id',
    'network_interface_id',
    'vpc_endpoint_id',
    'carrier_gateway_id',
    'local_gateway_id',
    'core_network_arn',
  ]
    .map((field) => [field, read(field)] as const)
    .find(([, id]) => id !== null);
  return {
    destination,
    gatewayId: read('gateway_id'),
    egressOnlyInternetGatewayId: read('egress_only_gateway_id'),
    natGatewayId: read('nat_gateway_id'),
    otherTarget: other ? `${other[0].replace(/_id$|_arn$/, '')}:${other[1]}` : null,
    state: 'active',
  };
}

function flowLog(context: PlanContext, log: Instance): Ec2FlowLog {
  const value = context.index.val(log);
  const destinationType = value.get('log_destination_type').str() ?? 'cloud-watch-logs';
  const destination =
    optionalIdentity(context, log, value.get('log_destination'), 'arn') ??
    optionalIdentity(context, log, value.get('log_group_name'), 'id');
  const trafficType = value.get('traffic_type').str();
  if (!trafficType) throw new PlanShapeError(`${log.address}: traffic_type is not set`);
  // A planned flow log is judged as it will be once applied: delivering.
  return {
    flowLogId: ownId(context, log),
    status: 'ACTIVE',
    trafficType,
    destinationType,
    destination,
    deliverLogsStatus: null,
  };
}

function vpcEndpoint(context: PlanContext, endpoint: Instance, policies: Joined): Ec2VpcEndpoint {
  const value = context.index.val(endpoint);
  const serviceName = referencedIdentity(context, endpoint, value.get('service_name'));
  if (!serviceName) throw new PlanShapeError(`${endpoint.address}: service_name is not set`);
  const type = value.get('vpc_endpoint_type').str() ?? 'Gateway';
  let policy;
  const separate = joinedLive(policies, endpoint, 'endpoints');
  if (separate.length > 1)
    throw new KnownAfterApply(
      endpoint.address,
      'policy',
      'is set by several aws_vpc_endpoint_policy resources',
    );
  if (separate.length === 1)
    policy = policyAt(context, separate[0]!, context.index.val(separate[0]!).get('policy'));
  else {
    const inline = optionalComputed(context, endpoint, value, 'policy');
    policy = inline.isNull() ? null : policyAt(context, endpoint, inline);
  }
  return {
    vpcEndpointId: ownId(context, endpoint),
    type,
    serviceName,
    state: 'available',
    privateDnsEnabled: value.get('private_dns_enabled').bool() ?? false,
    policy,
  };
}

export function subnets(context: PlanContext): PlanResource[] {
  return SUBNET_TYPES.flatMap((type) => context.index.planned(type)).map((subnet) => {
    const value = context.index.val(subnet);
    const { resource, id } = newEc2Resource(context, subnet, 'aws.ec2.subnet', 'subnet');
    setAttribute(resource, 'subnetId', () => id);
    setAttribute(resource, 'vpcId', () => referencedIdentity(context, subnet, value.get('vpc_id')) ?? '');
    setAttribute(resource, 'cidrBlock', () => value.get('cidr_block').str());
    setAttribute(resource, 'availabilityZone', () => value.get('availability_zone').str());
    setAttribute(
      resource,
      'mapPublicIpOnLaunch',
      () => value.get('map_public_ip_on_launch').bool() ?? subnet.type === 'aws_default_subnet',
    );
    setAttribute(
      resource,
      'assignIpv6AddressOnCreation',
      () => value.get('assign_ipv6_address_on_creation').bool() ?? false,
    );
    setAttribute(resource, 'defaultForAz', () => subnet.type === 'aws_default_subnet');
    return resource;
  });
}

const PROTOCOLS: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
  all: '-1',
  '-1': '-1',
};

function protocolOf(value: Val): string {
  const raw = value.str() ?? (value.num() !== null ? String(value.num()) : null);
  if (raw === null) throw new PlanShapeError(`${value.address}: protocol is not set`);
  const lower = raw.toLowerCase();
  return PROTOCOLS[lower] ?? lower;
}

function ports(
  protocol: string,
  from: number | null,
  to: number | null,
): { fromPort: number | null; toPort: number | null } {
  return protocol === '-1' ? { fromPort: null, toPort: null } : { fromPort: from, toPort: to };
}

function withDescription(
  cidrs: string[],
  description: string | null,
): Array<{ cidr: string; description: string | null }> {
  return cidrs.map((cidr) => ({ cidr, description }));
}

function strings(context: PlanContext, instance: Instance, value: Val): string[] {
  return value
    .list()
    .map((item) => referencedIdentity(context, instance, item) ?? '')
    .filter(Boolean);
}

function inlinePermission(
  context: PlanContext,
  instance: Instance,
  block: Val,
  ownGroupId: string,
): Ec2SecurityGroupPermission {
  const protocol = protocolOf(block.get('protocol'));
  const description = block.get('description').str();
  const groups = strings(context, instance, block.get('security_groups'));
  if (block.get('self').bool()) groups.push(ownGroupId);
  return {
    ipProtocol: protocol,
    ...ports(protocol, block.get('from_port').num(), block.get('to_port').num()),
    ipv4Ranges: withDescription(strings(context, instance, block.get('cidr_blocks')), description),
    ipv6Ranges: withDescription(strings(context, instance, block.get('ipv6_cidr_blocks')), description),
    prefixListIds: strings(context, instance, block.get('prefix_list_ids')),
    groupReferences: groups,
  };
}

function rulePermission(
  context: PlanContext,
  rule: Instance,
  ownGroupId: string,
): { direction: string; permission: Ec2SecurityGroupPermission } {
  const value = context.index.val(rule);
  if (rule.type === 'aws_security_group_rule') {
    const direction = value.get('type').str() ?? '';
    const permission = inlinePermission(context, rule, value, ownGroupId);
    const source = optionalIdentity(context, rule, value.get('source_security_group_id'));
    if (source) permission.groupReferences.push(source);
    return { direction, permission };
  }
  const protocol = protocolOf(value.get('ip_protocol'));
  const description = value.get('description').str();
  const read = (field: string): string | null => optionalIdentity(context, rule, value.get(field));
  const v4 = read('cidr_ipv4');
  const v6 = read('cidr_ipv6');
  const prefix = read('prefix_list_id');
  const group = read('referenced_security_group_id');
  return {
    direction: rule.type === 'aws_vpc_security_group_ingress_rule' ? 'ingress' : 'egress',
    permission: {
      ipProtocol: protocol,
      ...ports(protocol, value.get('from_port').num(), value.get('to_port').num()),
      ipv4Ranges: v4 ? [{ cidr: v4, description }] : [],
      ipv6Ranges: v6 ? [{ cidr: v6, description }] : [],
      prefixListIds: prefix ? [prefix] : [],
      groupReferences: group ? [group] : [],
    },
  };
}

export function securityGroups(context: PlanContext): PlanResource[] {
  const groups = SG_TYPES.flatMap((type) => context.index.planned(type));
  const rules = joinAll(
    context,
    ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
    { parentTypes: SG_TYPES, path: ['security_group_id'], identityOf: idOf },
    groups,
  );
  return groups.map((group) => {
    const value = context.index.val(group);
    const id = ownId(context, group);
    const arn = ec2Arn(context, 'security-group', id);
    const name = value.get('name').hasUnknown()
      ? group.address
      : (value.get('name').str() ??
        (group.type === 'aws_default_security_group' ? 'default' : group.address));
    const resource = newResource(
      'aws.ec2.security-group',
      group,
      arn,
      name,
      context.region,
      context.accountId,
    );
    setTags(resource, value);
    setAttribute(resource, 'groupId', () => id);
    setAttribute(resource, 'groupName', () => name);
    setAttribute(resource, 'vpcId', () => optionalIdentity(context, group, value.get('vpc_id')));
    setAttribute(resource, 'description', () => value.get('description').str() ?? '');
    setAttribute(
      resource,
      'isDefault',
      () => group.type === 'aws_default_security_group' || name === 'default',
    );
    for (const direction of ['ingress', 'egress'] as const) {
      setAttribute(resource, direction, () => {
        const inline = optionalComputed(context, group, value, direction);
        const permissions = inline.list().map((block) => inlinePermission(context, group, block, id));
        for (const rule of joinedLive(rules, group, direction)) {
          const planned = rulePermission(context, rule, id);
          if (planned.direction === direction) permissions.push(planned.permission);
        }
        // An existing group whose rules the plan does not list keeps its deployed ones (snapshot).
        if (!isCreated(group) && inline.isNull()) {
          permissions.unshift(
            ...(existingValue(
              context,
              group,
              'aws.ec2.security-group',
              arn,
              direction,
            ) as Ec2SecurityGroupPermission[]),
          );
        }
        // On update the group's own value already lists its standalone rules: keep each once.
        const seen = new Set<string>();
        return permissions.filter((permission) => {
          const key = JSON.stringify(permission);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      });
    }
    return resource;
  });
}

/** EBS defaults of the account and region, when the plan manages them. */
export function regionSettings(context: PlanContext): PlanResource[] {
  const encryption = context.index.planned('aws_ebs_encryption_by_default');
  const defaultKey = context.index.planned('aws_ebs_default_kms_key');
  const anchor = encryption[0] ?? defaultKey[0];
  if (!anchor) return [];
  const arn = `arn:${context.partition}:ec2:${context.region}:${context.accountId}:region-settings`;
  const resource = newResource(
    'aws.ec2.region-settings',
    anchor,
    arn,
    `EC2 settings of ${context.accountId} in ${context.region}`,
    context.region,
    context.accountId,
  );
  const deployed = accountResource(context, 'aws.ec2.region-settings');
  const fallback = (attribute: string): unknown => {
    if (deployed && attribute in deployed.data && !(deployed.errors as Record<string, unknown>)[attribute])
      return deployed.data[attribute];
    throw new KnownAfterApply(
      anchor.address,
      attribute,
      'is not managed by this plan: pass --inventory with a collect snapshot',
    );
  };
  setAttribute(resource, 'ebsEncryptionByDefault', () => {
    if (encryption.length > 1)
      throw new KnownAfterApply(anchor.address, 'enabled', 'is set by several resources');
    return encryption[0]
      ? (context.index.val(encryption[0]).get('enabled').bool() ?? true)
      : fallback('ebsEncryptionByDefault');
  });
  setAttribute(resource, 'ebsDefaultKmsKeyId', () => {
    if (defaultKey.length > 1)
      throw new KnownAfterApply(anchor.address, 'key_arn', 'is set by several resources');
    return defaultKey[0]
      ? referencedIdentity(context, defaultKey[0], context.index.val(defaultKey[0]).get('key_arn'), 'arn')
      : fallback('ebsDefaultKmsKeyId');
  });
  return [resource];
}
