import { defineRule, fail, pass } from '../rule.js';
import { KMS_DEFAULTS, KMS_PARAMS_SCHEMA, keyProblem } from '../allowed-keys.js';

export default defineRule({
  id: 'sagemaker-domain-kms-encrypted',
  title: 'SageMaker Studio domains encrypt their storage with a customer KMS key',
  severity: 'medium',
  resourceType: 'aws.sagemaker.domain',
  needs: ['kmsKeyId'],
  description:
    'The domain has a `KmsKeyId`: the home EFS volume of its users (and its apps\' storage) is encrypted with a squad key; with `allowedKeyArns`, one of those keys.',
  rationale:
    'Studio home directories hold notebooks, datasets and cached credentials of every user. A customer key puts access to them under the key policy and CloudTrail.',
  remediation: 'Terraform: `aws_sagemaker_domain` with `kms_key_id` = the squad key ARN (set at creation; changing it replaces the domain).',
  references: {
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-studio.html'],
  },
  params: KMS_PARAMS_SCHEMA,
  defaults: KMS_DEFAULTS,
  check(domain, { params }) {
    const key = domain.data.kmsKeyId;
    if (key === null) return fail('the domain storage uses an AWS managed key, not a customer KMS key', { path: 'data.kmsKeyId' });
    const problem = keyProblem(key, params);
    if (problem) return fail(problem, { path: 'data.kmsKeyId', evidence: { kmsKeyId: key, allowedKeyArns: params.allowedKeyArns } });
    return pass(`the domain storage is encrypted with ${key}`, { evidence: { kmsKeyId: key } });
  },
});
