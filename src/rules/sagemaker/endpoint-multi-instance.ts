import { defineRule, error, fail, notApplicable, pass } from '../rule.js';

interface Params extends Record<string, unknown> {
  minInstances: number;
}

const DEFAULTS: Params = { minInstances: 2 };

export default defineRule({
  id: 'sagemaker-endpoint-multi-instance',
  title: 'Production SageMaker endpoints run more than one instance per variant',
  severity: 'medium',
  resourceType: 'aws.sagemaker.endpoint',
  needs: ['productionVariants'],
  optional: ['status'],
  notOnPlans: 'it judges the live instance count of a deployed endpoint',
  description:
    'Every instance-based production variant of the endpoint runs at least `minInstances` instances (desired count, else current count, as DescribeEndpoint reports). Serverless variants are not judged. Applies to serving-prod accounts by default.',
  rationale:
    'With two or more instances SageMaker spreads a variant over Availability Zones; a single instance is a single point of failure for the squad\'s production traffic.',
  remediation:
    'Terraform: `aws_sagemaker_endpoint_configuration` with `production_variants { initial_instance_count = 2 }` (or more), and an `aws_appautoscaling_target` with `min_capacity >= 2` for the variant.',
  references: {
    fsbp: ['SageMaker.4'],
    prowler: ['sagemaker_endpoint_config_prod_variant_instances'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/best-practice-endpoint-deployment.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: { minInstances: { type: 'integer', minimum: 1, description: 'Fewest instances a variant may run.' } },
  },
  defaults: DEFAULTS,
  appliesTo: { accountTypes: ['serving-prod'] },
  check(endpoint, { params }) {
    const variants = endpoint.data.productionVariants.filter((variant) => !variant.serverless);
    if (variants.length === 0) return notApplicable('the endpoint has no instance-based variant');
    const counts = variants.map((variant) => ({
      variant: variant.variantName,
      instances: variant.desiredInstanceCount ?? variant.currentInstanceCount,
    }));
    const short = counts.filter((count) => count.instances !== null && count.instances < params.minInstances);
    const evidence = { variants: counts, minInstances: params.minInstances };
    if (short.length > 0) {
      return fail(
        `variant(s) ${short.map((c) => `${c.variant} (${c.instances} instance${c.instances === 1 ? '' : 's'})`).join(', ')} run fewer than ${params.minInstances} instances`,
        { path: 'data.productionVariants', evidence },
      );
    }
    const unknown = counts.filter((count) => count.instances === null);
    if (unknown.length > 0) {
      return error(`the instance count of variant(s) ${unknown.map((c) => c.variant).join(', ')} is not reported (endpoint ${endpoint.data.status})`, { evidence });
    }
    return pass(`every variant runs at least ${params.minInstances} instances`, { evidence });
  },
});
