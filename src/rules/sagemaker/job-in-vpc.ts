import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-job-in-vpc',
  title: 'SageMaker training and processing jobs run in the squad VPC',
  severity: 'high',
  resourceType: 'aws.sagemaker.job',
  needs: ['kind', 'vpcConfig'],
  notOnPlans: 'training and processing jobs are run-time objects, not Terraform resources',
  description:
    'Training and processing jobs (resource type `aws.sagemaker.job`, `kind` tells which) created within the lookback window have a VPC configuration (subnets and security groups).',
  rationale:
    'A job outside the VPC reads training data and writes model artifacts over the SageMaker service network, beyond security groups, VPC endpoint policies and flow logs.',
  remediation:
    'Jobs are launched by code, not Terraform: pass `subnets` and `security_group_ids` to the SageMaker Python SDK Estimator/Processor (`VpcConfig` / `NetworkConfig.VpcConfig` in the API). Enforce it in the Terraform-managed IAM policy of the launching role (`aws_iam_policy`) with a `Null` condition on `sagemaker:VpcSubnets` for `sagemaker:CreateTrainingJob` and `sagemaker:CreateProcessingJob`.',
  references: {
    prowler: ['sagemaker_training_jobs_vpc_settings_configured'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html', 'https://docs.aws.amazon.com/sagemaker/latest/dg/process-vpc.html'],
  },
  check(job) {
    const { kind, vpcConfig } = job.data;
    return vpcConfig
      ? pass(`the ${kind} job runs in subnets ${vpcConfig.subnets.join(', ')}`, { evidence: { vpcConfig } })
      : fail(`the ${kind} job has no VPC configuration`, { path: 'data.vpcConfig', evidence: { kind } });
  },
});
