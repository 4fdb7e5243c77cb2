import { defineRule, fail, pass } from '../rule.js';

interface Params extends Record<string, unknown> {
  allowTag: { key: string; value: string };
}

const DEFAULTS: Params = { allowTag: { key: 'squadguard:internet-access', value: 'allowed' } };

export default defineRule({
  id: 'vpc-no-internet-gateway',
  title: 'Squad VPCs have no direct internet access',
  severity: 'high',
  resourceType: 'aws.ec2.vpc',
  needs: ['internetGateways', 'egressOnlyInternetGateways', 'routeTables', 'tags'],
  description:
    'No internet gateway or egress-only internet gateway is attached to the VPC, and no active route targets one. A VPC tagged with `allowTag` (an exception the platform team grants, e.g. a shared egress VPC) passes and says so.',
  rationale:
    'Squad workloads reach AWS through VPC endpoints and the platform\'s controlled egress; a direct path to the internet lets data leave and lets attackers in without passing any platform control.',
  remediation:
    'Detach and delete the gateway (Terraform: remove `aws_internet_gateway` / `aws_egress_only_internet_gateway` and the `aws_route` entries with `gateway_id = igw-…`); reach AWS services through `aws_vpc_endpoint`. If the VPC is an approved egress VPC, tag it with the allow tag.',
  references: {
    prowler: ['vpc_subnet_separate_private_public'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowTag: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'value'],
        properties: { key: { type: 'string', minLength: 1 }, value: { type: 'string' } },
        description: 'A VPC carrying this tag may have internet access.',
      },
    },
  },
  defaults: DEFAULTS,
  check(vpc, { params }) {
    const gateways = vpc.data.internetGateways.map((gateway) => gateway.internetGatewayId);
    const egressOnly = vpc.data.egressOnlyInternetGateways.map((gateway) => gateway.egressOnlyInternetGatewayId);
    const routes = vpc.data.routeTables.flatMap((table) =>
      table.routes
        .filter((route) => route.state === 'active' && ((route.gatewayId ?? '').startsWith('igw-') || route.egressOnlyInternetGatewayId !== null))
        .map((route) => ({ routeTableId: table.routeTableId, destination: route.destination, target: route.gatewayId ?? route.egressOnlyInternetGatewayId })),
    );
    if (gateways.length === 0 && egressOnly.length === 0 && routes.length === 0) return pass('no internet gateway is attached and no route leads to one');
    const evidence = { internetGateways: gateways, egressOnlyInternetGateways: egressOnly, routesToInternet: routes };
    const what = [
      gateways.length > 0 ? `internet gateway ${gateways.join(', ')} attached` : '',
      egressOnly.length > 0 ? `egress-only internet gateway ${egressOnly.join(', ')} attached` : '',
      routes.length > 0 ? `${routes.length} route(s) to the internet (${routes.map((r) => `${r.routeTableId}: ${r.destination} → ${r.target}`).join('; ')})` : '',
    ].filter(Boolean).join('; ');
    if (vpc.tags[params.allowTag.key] === params.allowTag.value) {
      return pass(`internet access is allowed by the tag ${params.allowTag.key}=${params.allowTag.value}: ${what}`, { evidence });
    }
    const path = gateways.length > 0 ? 'data.internetGateways' : egressOnly.length > 0 ? 'data.egressOnlyInternetGateways' : 'data.routeTables';
    return fail(`the VPC has direct internet access: ${what}`, { path, evidence });
  },
});
