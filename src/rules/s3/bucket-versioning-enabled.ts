import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 's3-bucket-versioning-enabled',
  title: 'S3 buckets keep object versions',
  severity: 'medium',
  resourceType: 'aws.s3.bucket',
  needs: ['versioning'],
  description: 'The bucket\'s versioning status is `Enabled` (not `Suspended`, and not never enabled).',
  rationale: 'Versions let a squad recover training data and model artifacts that were overwritten or deleted, by mistake or by an attacker.',
  remediation: 'Terraform: `aws_s3_bucket_versioning` with `versioning_configuration { status = "Enabled" }`.',
  references: {
    prowler: ['s3_bucket_object_versioning'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html'],
  },
  check(bucket) {
    const status = bucket.data.versioning.status;
    if (status === 'Enabled') return pass('versioning is enabled');
    return fail(`versioning is ${status === 'Suspended' ? 'suspended' : 'not enabled'}`, {
      path: 'data.versioning.status',
      evidence: { versioning: bucket.data.versioning },
    });
  },
});
