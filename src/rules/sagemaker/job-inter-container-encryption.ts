import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-job-inter-container-encryption',
  title: 'SageMaker training and processing jobs encrypt traffic between their containers',
  severity: 'medium',
  resourceType: 'aws.sagemaker.job',
  needs: ['kind', 'enableInterContainerTrafficEncryption'],
  optional: ['instanceCount'],
  notOnPlans: 'training and processing jobs are run-time objects, not Terraform resources',
  description:
    'Training and processing jobs (`aws.sagemaker.job`, either `kind`) have `EnableInterContainerTrafficEncryption = true`, so distributed jobs exchange gradients and data over encrypted links.',
  rationale:
    'Distributed jobs send model parameters and training data between instances in clear text unless the setting is on. The platform requires it on every job so a job that scales out later stays encrypted.',
  remediation:
    'Pass `encrypt_inter_container_traffic=True` to the SageMaker Python SDK Estimator/Processor (`EnableInterContainerTrafficEncryption` / `NetworkConfig.EnableInterContainerTrafficEncryption`). Enforce it in the Terraform-managed IAM policy of the launching role (`aws_iam_policy`) with a `Bool` condition `sagemaker:InterContainerTrafficEncryption = true`.',
  references: {
    prowler: ['sagemaker_training_jobs_intercontainer_encryption_enabled'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html'],
  },
  check(job) {
    const { kind, enableInterContainerTrafficEncryption, instanceCount } = job.data;
    const evidence = { kind, instanceCount: instanceCount ?? null };
    return enableInterContainerTrafficEncryption
      ? pass(`the ${kind} job encrypts inter-container traffic`, { evidence })
      : fail(`the ${kind} job does not encrypt traffic between its containers`, {
          path: 'data.enableInterContainerTrafficEncryption',
          evidence,
        });
  },
});
