import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 's3-bucket-access-logging-enabled',
  title: 'S3 buckets write server access logs',
  severity: 'low',
  resourceType: 'aws.s3.bucket',
  needs: ['logging'],
  description: 'Server access logging is enabled, to a target bucket.',
  rationale: 'Access logs are the record of who read which object, needed for incident response on training data.',
  remediation: 'Terraform: `aws_s3_bucket_logging` with `target_bucket` = the account\'s log bucket and a `target_prefix`.',
  references: {
    fsbp: ['S3.9'],
    prowler: ['s3_bucket_server_access_logging_enabled'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html'],
  },
  check(bucket) {
    const logging = bucket.data.logging;
    if (logging) return pass(`server access logs go to s3://${logging.targetBucket}/${logging.targetPrefix}`);
    return fail('server access logging is disabled', { path: 'data.logging' });
  },
});
