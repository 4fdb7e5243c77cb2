import { defineRule, fail, pass } from '../rule.js';
import { KMS_DEFAULTS, KMS_PARAMS_SCHEMA, keyProblem } from '../allowed-keys.js';

export default defineRule({
  id: 'sagemaker-notebook-kms-encrypted',
  title: 'SageMaker notebook instances encrypt their storage with a customer KMS key',
  severity: 'medium',
  resourceType: 'aws.sagemaker.notebook-instance',
  needs: ['kmsKeyId'],
  description:
    'The ML storage volume of the notebook instance is encrypted with a KMS key the squad manages (`KmsKeyId` is set; with `allowedKeyArns`, one of those keys).',
  rationale:
    'Notebook volumes hold copies of training data and credentials in caches. With a customer key, reading a detached volume also needs `kms:Decrypt`, which the key policy controls and CloudTrail records.',
  remediation: 'Terraform: `aws_sagemaker_notebook_instance` with `kms_key_id` = the squad key ARN. Changing it replaces the instance.',
  references: {
    fsbp: ['SageMaker.21'],
    prowler: ['sagemaker_notebook_instance_encryption_enabled'],
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html'],
  },
  params: KMS_PARAMS_SCHEMA,
  defaults: KMS_DEFAULTS,
  check(notebook, { params }) {
    const key = notebook.data.kmsKeyId;
    if (key === null) return fail('the storage volume uses an AWS managed key, not a customer KMS key', { path: 'data.kmsKeyId' });
    const problem = keyProblem(key, params);
    if (problem) return fail(problem, { path: 'data.kmsKeyId', evidence: { kmsKeyId: key, allowedKeyArns: params.allowedKeyArns } });
    return pass(`the storage volume is encrypted with ${key}`, { evidence: { kmsKeyId: key } });
  },
});
