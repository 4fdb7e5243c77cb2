import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-notebook-in-vpc',
  title: 'SageMaker notebook instances run in a VPC',
  severity: 'high',
  resourceType: 'aws.sagemaker.notebook-instance',
  needs: ['subnetId'],
  optional: ['securityGroups'],
  description: 'The notebook instance is attached to a subnet of the squad VPC (`SubnetId` is set).',
  rationale:
    'A notebook outside a VPC reaches data and AWS APIs over the SageMaker service network, beyond the reach of security groups, VPC endpoints and endpoint policies.',
  remediation:
    'Terraform: `aws_sagemaker_notebook_instance` with `subnet_id` = a private subnet of the squad VPC and `security_groups`. Changing it replaces the instance.',
  references: {
    fsbp: ['SageMaker.2'],
    prowler: ['sagemaker_notebook_instance_vpc_settings_configured'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html'],
  },
  check(notebook) {
    const { subnetId, securityGroups } = notebook.data;
    return subnetId
      ? pass(`the notebook runs in subnet ${subnetId}`, { evidence: { subnetId, securityGroups } })
      : fail('the notebook is not attached to a VPC subnet', { path: 'data.subnetId' });
  },
});
