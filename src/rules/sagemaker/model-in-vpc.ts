import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-model-in-vpc',
  title: 'SageMaker models run in the squad VPC',
  severity: 'high',
  resourceType: 'aws.sagemaker.model',
  needs: ['vpcConfig'],
  description: 'The model has a VPC configuration: its containers (endpoints, batch transform) run with network interfaces in the squad VPC.',
  rationale:
    'Without a VPC configuration, inference containers download model artifacts and call AWS services over the SageMaker service network, beyond security groups and VPC endpoint policies.',
  remediation: 'Terraform: `aws_sagemaker_model` with a `vpc_config { subnets = [...], security_group_ids = [...] }` block (private subnets of the squad VPC).',
  references: {
    prowler: ['sagemaker_models_vpc_settings_configured'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/host-vpc.html'],
  },
  check(model) {
    const vpcConfig = model.data.vpcConfig;
    return vpcConfig
      ? pass(`the model runs in subnets ${vpcConfig.subnets.join(', ')}`, { evidence: { vpcConfig } })
      : fail('the model has no VPC configuration', { path: 'data.vpcConfig' });
  },
});
