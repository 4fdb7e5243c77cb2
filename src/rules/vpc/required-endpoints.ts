import { defineRule, fail, notApplicable, pass } from '../rule.js';

interface RequiredEndpoint {
  /** Service name; `{region}` is replaced by the VPC's region. */
  serviceName: string;
  /** Gateway | Interface; omitted = either. */
  type?: string;
}

interface Params extends Record<string, unknown> {
  requiredEndpoints: RequiredEndpoint[];
  includeDefaultVpcs: boolean;
}

const DEFAULTS: Params = {
  requiredEndpoints: [
    { serviceName: 'com.amazonaws.{region}.s3', type: 'Gateway' },
    { serviceName: 'com.amazonaws.{region}.sagemaker.api', type: 'Interface' },
    { serviceName: 'com.amazonaws.{region}.sagemaker.runtime', type: 'Interface' },
    { serviceName: 'com.amazonaws.{region}.sts', type: 'Interface' },
    { serviceName: 'com.amazonaws.{region}.kms', type: 'Interface' },
    { serviceName: 'com.amazonaws.{region}.ecr.api', type: 'Interface' },
    { serviceName: 'com.amazonaws.{region}.ecr.dkr', type: 'Interface' },
  ],
  includeDefaultVpcs: false,
};

export default defineRule({
  id: 'vpc-required-endpoints',
  title: 'Squad VPCs reach AWS services through VPC endpoints',
  severity: 'medium',
  resourceType: 'aws.ec2.vpc',
  needs: ['endpoints', 'isDefault'],
  description:
    'Every VPC has an available endpoint for each service in `requiredEndpoints` (by default the S3 gateway endpoint and interface endpoints for the SageMaker API and runtime, STS, KMS and ECR). `{region}` in a service name stands for the VPC\'s region. Default VPCs are skipped unless `includeDefaultVpcs` (they fail `vpc-no-internet-gateway` anyway).',
  rationale:
    'Without internet access, workloads reach AWS only through endpoints: a missing one breaks training and serving, or tempts a squad to open a path to the internet.',
  remediation:
    'Terraform: one `aws_vpc_endpoint` per service, `vpc_endpoint_type = "Gateway"` with `route_table_ids` for S3, `"Interface"` with `private_dns_enabled = true`, the squad subnets and an endpoint security group for the others (the platform\'s network module creates them all).',
  references: {
    docs: [
      'https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html',
    ],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      requiredEndpoints: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['serviceName'],
          properties: {
            serviceName: { type: 'string', minLength: 1 },
            type: { enum: ['Gateway', 'Interface'] },
          },
        },
      },
      includeDefaultVpcs: { type: 'boolean' },
    },
  },
  defaults: DEFAULTS,
  check(vpc, { params }) {
    if (vpc.data.isDefault && !params.includeDefaultVpcs) return notApplicable('default VPCs are not squad VPCs');
    const endpoints = vpc.data.endpoints;
    const missing: Array<{ serviceName: string; type?: string; found?: string }> = [];
    for (const required of params.requiredEndpoints) {
      const serviceName = required.serviceName.replaceAll('{region}', vpc.region);
      const candidates = endpoints.filter((e) => e.serviceName === serviceName && (!required.type || e.type === required.type));
      if (candidates.some((e) => e.state === 'available')) continue;
      const entry: { serviceName: string; type?: string; found?: string } = { serviceName };
      if (required.type) entry.type = required.type;
      if (candidates[0]) entry.found = `${candidates[0].vpcEndpointId} is ${candidates[0].state}`;
      missing.push(entry);
    }
    const present = endpoints.map((e) => ({ id: e.vpcEndpointId, serviceName: e.serviceName, type: e.type, state: e.state }));
    if (missing.length === 0) return pass(`all ${params.requiredEndpoints.length} required endpoints are available`, { evidence: { endpoints: present } });
    return fail(`missing VPC endpoint(s): ${missing.map((m) => `${m.serviceName}${m.type ? ` (${m.type})` : ''}${m.found ? ` [${m.found}]` : ''}`).join(', ')}`, {
      path: 'data.endpoints',
      evidence: { missing, endpoints: present },
    });
  },
});
