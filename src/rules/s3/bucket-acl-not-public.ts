import { defineRule, fail, pass } from '../rule.js';
import { effectiveSetting } from './public-access.js';

const PUBLIC_GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

export default defineRule({
  id: 's3-bucket-acl-not-public',
  title: 'S3 bucket ACLs grant nothing to AllUsers or AuthenticatedUsers',
  severity: 'critical',
  resourceType: 'aws.s3.bucket',
  needs: ['acl', 'publicAccessBlock', 'accountPublicAccessBlock'],
  description: 'The bucket ACL has no grant to the AllUsers or AuthenticatedUsers groups (anyone, or anyone with an AWS account).',
  rationale:
    'Public ACL grants expose the bucket regardless of its policy. IgnorePublicAcls makes S3 ignore them: the rule then passes and says so.',
  remediation:
    'Disable ACLs: Terraform `aws_s3_bucket_ownership_controls` with `object_ownership = "BucketOwnerEnforced"`, and `ignore_public_acls = true` in `aws_s3_bucket_public_access_block`.',
  references: {
    fsbp: ['S3.2', 'S3.3'],
    prowler: ['s3_bucket_public_access', 's3_bucket_public_list_acl', 's3_bucket_public_write_acl'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html'],
  },
  check(bucket) {
    const grants = bucket.data.acl.grants.filter((grant) => PUBLIC_GROUPS[grant.grantee] !== undefined);
    if (grants.length === 0) return pass('no ACL grant to AllUsers or AuthenticatedUsers');
    const described = grants.map((grant) => `${PUBLIC_GROUPS[grant.grantee]}:${grant.permission}`).join(', ');
    const ignored = effectiveSetting('IgnorePublicAcls', bucket.data.publicAccessBlock, bucket.data.accountPublicAccessBlock);
    if (ignored.on) {
      return pass(`not public: IgnorePublicAcls is on at ${ignored.level} level, so the ACL's grants (${described}) have no effect`, {
        path: 'data.acl.grants',
        evidence: { grants, neutralisedBy: `${ignored.level}:IgnorePublicAcls` },
      });
    }
    return fail(`the bucket ACL grants ${described}`, { path: 'data.acl.grants', evidence: { grants } });
  },
});
