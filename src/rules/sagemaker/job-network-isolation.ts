import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-job-network-isolation',
  title: 'SageMaker training and processing jobs run with network isolation',
  severity: 'medium',
  resourceType: 'aws.sagemaker.job',
  needs: ['kind', 'enableNetworkIsolation'],
  notOnPlans: 'training and processing jobs are run-time objects, not Terraform resources',
  description:
    'Training and processing jobs (`aws.sagemaker.job`, either `kind`) have `EnableNetworkIsolation = true`: the job containers can make no outbound network calls, not even to other AWS services.',
  rationale:
    'Third-party training code and dependencies run inside the job with the execution role\'s data access. Network isolation stops that code from sending data anywhere; SageMaker still moves inputs and outputs itself.',
  remediation:
    'Pass `enable_network_isolation=True` to the SageMaker Python SDK Estimator/Processor (`EnableNetworkIsolation` / `NetworkConfig.EnableNetworkIsolation`). Enforce it in the Terraform-managed IAM policy of the launching role (`aws_iam_policy`) with a `Bool` condition `sagemaker:NetworkIsolation = true`.',
  references: {
    prowler: ['sagemaker_training_jobs_network_isolation_enabled'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html'],
  },
  check(job) {
    const { kind, enableNetworkIsolation } = job.data;
    return enableNetworkIsolation
      ? pass(`the ${kind} job runs with network isolation`)
      : fail(`the ${kind} job's containers can make outbound network calls (network isolation is off)`, {
          path: 'data.enableNetworkIsolation',
          evidence: { kind, enableNetworkIsolation },
        });
  },
});
