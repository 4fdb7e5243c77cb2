import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-domain-vpc-only',
  title: 'SageMaker Studio domains send traffic through the squad VPC only',
  severity: 'high',
  resourceType: 'aws.sagemaker.domain',
  needs: ['appNetworkAccessType'],
  optional: ['vpcId', 'subnetIds'],
  description: 'The domain has `AppNetworkAccessType = VpcOnly`; the default, `PublicInternetOnly`, gives Studio apps direct internet access.',
  rationale:
    'In `PublicInternetOnly` mode, Studio apps reach the internet through a SageMaker-managed network: data can leave without passing the squad VPC, its endpoints and its flow logs.',
  remediation:
    'Terraform: `aws_sagemaker_domain` with `app_network_access_type = "VpcOnly"`, `vpc_id` and private `subnet_ids` that reach AWS through VPC endpoints.',
  references: {
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/studio-notebooks-and-internet-access.html'],
  },
  check(domain) {
    const { appNetworkAccessType, vpcId, subnetIds } = domain.data;
    return appNetworkAccessType === 'VpcOnly'
      ? pass(`the domain is VPC-only (${vpcId ?? 'VPC unknown'})`, { evidence: { vpcId, subnetIds } })
      : fail(`the domain's apps have direct internet access (AppNetworkAccessType ${appNetworkAccessType})`, {
          path: 'data.appNetworkAccessType',
          evidence: { appNetworkAccessType },
        });
  },
});
