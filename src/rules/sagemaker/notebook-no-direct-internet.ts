import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-notebook-no-direct-internet',
  title: 'SageMaker notebook instances have no direct internet access',
  severity: 'high',
  resourceType: 'aws.sagemaker.notebook-instance',
  needs: ['directInternetAccess'],
  description: 'The notebook instance has `DirectInternetAccess = Disabled`: its traffic leaves only through the squad VPC.',
  rationale:
    'With direct internet access, SageMaker gives the notebook a network interface with internet access outside the squad VPC: data can leave without passing the VPC endpoints, firewalls and flow logs.',
  remediation:
    'Terraform: `aws_sagemaker_notebook_instance` with `direct_internet_access = "Disabled"` (needs `subnet_id` and `security_groups`). The setting cannot be changed in place: the instance is replaced.',
  references: {
    fsbp: ['SageMaker.1'],
    prowler: ['sagemaker_notebook_instance_without_direct_internet_access_configured'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html'],
  },
  check(notebook) {
    return notebook.data.directInternetAccess === 'Disabled'
      ? pass('direct internet access is disabled')
      : fail('direct internet access is enabled: the notebook reaches the internet outside the squad VPC', {
          path: 'data.directInternetAccess',
          evidence: { directInternetAccess: notebook.data.directInternetAccess },
        });
  },
});
