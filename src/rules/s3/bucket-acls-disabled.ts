import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 's3-bucket-acls-disabled',
  title: 'S3 buckets disable ACLs (BucketOwnerEnforced)',
  severity: 'medium',
  resourceType: 'aws.s3.bucket',
  needs: ['ownershipControls'],
  description: 'Object Ownership is `BucketOwnerEnforced`, so ACLs are disabled and the bucket owner owns every object.',
  rationale: 'With ACLs disabled, access is governed by policies alone, which is what the platform reviews and scans.',
  remediation: 'Terraform: `aws_s3_bucket_ownership_controls` with `rule { object_ownership = "BucketOwnerEnforced" }`.',
  references: {
    fsbp: ['S3.12'],
    prowler: ['s3_bucket_acl_prohibited'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html'],
  },
  check(bucket) {
    const ownership = bucket.data.ownershipControls?.objectOwnership ?? null;
    if (ownership === 'BucketOwnerEnforced') return pass('ACLs are disabled (BucketOwnerEnforced)');
    return fail(ownership ? `Object Ownership is ${ownership}: ACLs are still in effect` : 'no ownership controls: ACLs are in effect', {
      path: 'data.ownershipControls',
      evidence: { objectOwnership: ownership },
    });
  },
});
