import { defineRule, fail, pass } from '../rule.js';
import { KMS_DEFAULTS, KMS_PARAMS_SCHEMA, keyProblem } from '../allowed-keys.js';

export default defineRule({
  id: 'sagemaker-job-kms-encrypted',
  title: 'SageMaker training and processing jobs encrypt volumes and output with customer KMS keys',
  severity: 'high',
  resourceType: 'aws.sagemaker.job',
  needs: ['kind', 'volumeKmsKeyId', 'outputKmsKeyId'],
  notOnPlans: 'training and processing jobs are run-time objects, not Terraform resources',
  description:
    'Training and processing jobs (`aws.sagemaker.job`, either `kind`) set a KMS key for the ML storage volumes (`VolumeKmsKeyId`) and for the output written to S3 (`KmsKeyId` of the output config); with `allowedKeyArns`, keys from that list.',
  rationale:
    'Job volumes hold the training data and checkpoints; the output holds the model artifacts. Customer keys put both under the squad\'s key policy and CloudTrail, whatever the bucket\'s default encryption.',
  remediation:
    'Pass `volume_kms_key` and `output_kms_key` to the SageMaker Python SDK Estimator/Processor (`ResourceConfig.VolumeKmsKeyId`/`ProcessingResources.ClusterConfig.VolumeKmsKeyId` and `OutputDataConfig.KmsKeyId`/`ProcessingOutputConfig.KmsKeyId`). Enforce it in the Terraform-managed IAM policy of the launching role (`aws_iam_policy`) with `Null` conditions on `sagemaker:VolumeKmsKey` and `sagemaker:OutputKmsKey`. Instance types with local NVMe storage reject a volume key (their storage is hardware-encrypted): waive those jobs.',
  references: {
    prowler: ['sagemaker_training_jobs_volume_and_output_encryption_enabled'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest.html'],
  },
  params: KMS_PARAMS_SCHEMA,
  defaults: KMS_DEFAULTS,
  check(job, { params }) {
    const { kind, volumeKmsKeyId, outputKmsKeyId } = job.data;
    const problems: Array<{ path: string; message: string }> = [];
    for (const [what, key, path] of [
      ['storage volumes', volumeKmsKeyId, 'data.volumeKmsKeyId'],
      ['output', outputKmsKeyId, 'data.outputKmsKeyId'],
    ] as const) {
      if (key === null) problems.push({ path, message: `no customer KMS key for the ${what}` });
      else {
        const problem = keyProblem(key, params);
        if (problem) problems.push({ path, message: `the key of the ${what}, ${problem}` });
      }
    }
    const evidence = { kind, volumeKmsKeyId, outputKmsKeyId };
    if (problems.length === 0) return pass(`the ${kind} job encrypts volumes with ${volumeKmsKeyId} and output with ${outputKmsKeyId}`, { evidence });
    return fail(`${kind} job: ${problems.map((p) => p.message).join('; ')}`, {
      path: problems[0]?.path,
      evidence: params.allowedKeyArns.length > 0 ? { ...evidence, allowedKeyArns: params.allowedKeyArns } : evidence,
    });
  },
});
