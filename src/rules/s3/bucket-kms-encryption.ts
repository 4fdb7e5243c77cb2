import { KMS_DEFAULTS, KMS_PARAMS_SCHEMA, keyProblem } from '../allowed-keys.js';
import { defineRule, fail, pass } from '../rule.js';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

export default defineRule({
  id: 's3-bucket-kms-encryption',
  title: 'S3 buckets encrypt data at rest with KMS keys',
  severity: 'high',
  resourceType: 'aws.s3.bucket',
  needs: ['encryption'],
  description:
    'Default encryption is SSE-KMS or DSSE-KMS; when `allowedKeyArns` is set, the key is one of those (the squad\'s customer-managed keys).',
  rationale:
    'The platform requires KMS encryption of all data: with a customer-managed key, access to the data also needs `kms:Decrypt`, which the key policy controls and CloudTrail records.',
  remediation:
    'Terraform: `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = "aws:kms"`, `kms_master_key_id` = the squad key ARN and `bucket_key_enabled = true`.',
  references: {
    fsbp: ['S3.17'],
    prowler: ['s3_bucket_kms_encryption', 's3_bucket_default_encryption'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html'],
  },
  params: KMS_PARAMS_SCHEMA,
  defaults: KMS_DEFAULTS,
  check(bucket, { params }) {
    const encryption = bucket.data.encryption;
    if (encryption === null) return fail('no default encryption is configured', { path: 'data.encryption' });
    if (!KMS_ALGORITHMS.includes(encryption.algorithm)) {
      return fail(`default encryption is ${encryption.algorithm} (S3-managed keys), not KMS`, {
        path: 'data.encryption.algorithm',
        evidence: { encryption },
      });
    }
    const key = encryption.kmsKeyId;
    if (params.allowedKeyArns.length > 0) {
      // No key id means the AWS managed key aws/s3, never on a list of the squad's keys.
      if (key === null || keyProblem(key, params) !== undefined) {
        return fail(`default encryption uses ${key ?? 'the AWS managed key aws/s3'}, which is not an allowed key`, {
          path: 'data.encryption.kmsKeyId',
          evidence: { encryption, allowedKeyArns: params.allowedKeyArns },
        });
      }
    }
    return pass(`default encryption uses ${encryption.algorithm} with ${key ?? 'the AWS managed key aws/s3'}`, {
      evidence: { encryption },
    });
  },
});
