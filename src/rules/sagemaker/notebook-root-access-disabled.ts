import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-notebook-root-access-disabled',
  title: 'SageMaker notebook instances do not give users root access',
  severity: 'high',
  resourceType: 'aws.sagemaker.notebook-instance',
  needs: ['rootAccess'],
  description: 'The notebook instance has `RootAccess = Disabled` (the API default is `Enabled`).',
  rationale:
    'A user with root on the notebook can change its network and software configuration, read other users\' files and tamper with lifecycle scripts; lifecycle configurations still run as root when it is disabled.',
  remediation: 'Terraform: `aws_sagemaker_notebook_instance` with `root_access = "Disabled"`.',
  references: {
    fsbp: ['SageMaker.3'],
    prowler: ['sagemaker_notebook_instance_root_access_disabled'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-root-access.html'],
  },
  check(notebook) {
    return notebook.data.rootAccess === 'Disabled'
      ? pass('root access is disabled')
      : fail('users of the notebook have root access', { path: 'data.rootAccess', evidence: { rootAccess: notebook.data.rootAccess } });
  },
});
