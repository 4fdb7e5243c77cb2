import { publicPolicyEvidence, publicStatements, statementNames } from '../../analysis/resource-policy.js';
import { defineRule, fail, pass } from '../rule.js';
import { effectiveSetting } from './public-access.js';

export default defineRule({
  id: 's3-bucket-policy-not-public',
  title: 'S3 bucket policies do not grant access to anyone',
  severity: 'critical',
  resourceType: 'aws.s3.bucket',
  needs: ['policy', 'publicAccessBlock', 'accountPublicAccessBlock'],
  description:
    'No Allow statement of the bucket policy grants to `*` (or uses `NotPrincipal`) without a condition that pins the caller to an organization, account, VPC, VPC endpoint, principal or address range.',
  rationale:
    'A public bucket policy exposes model artifacts and training data to the internet. When Block Public Access (RestrictPublicBuckets) is in effect, S3 ignores the public grant: the rule passes and says so.',
  remediation:
    'Remove the public statement, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceVpce` (Terraform: `aws_s3_bucket_policy`). Keep `restrict_public_buckets = true` in `aws_s3_bucket_public_access_block`.',
  references: {
    fsbp: ['S3.2', 'S3.3', 'S3.8'],
    prowler: ['s3_bucket_policy_public_write_access', 's3_bucket_public_access'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status'],
  },
  check(bucket) {
    const policy = bucket.data.policy;
    if (policy === null) return pass('not public by policy: the bucket has no policy');
    const open = publicStatements(policy);
    if (open.length === 0) return pass('no statement grants to anyone without a restricting condition');
    const { path, evidence } = publicPolicyEvidence(open);
    const restricted = effectiveSetting(
      'RestrictPublicBuckets',
      bucket.data.publicAccessBlock,
      bucket.data.accountPublicAccessBlock,
    );
    if (restricted.on) {
      return pass(
        `the policy is public (${statementNames(open)}) but RestrictPublicBuckets at ${restricted.level} level neutralises it`,
        { path, evidence: { ...evidence, neutralisedBy: `${restricted.level}:RestrictPublicBuckets` } },
      );
    }
    return fail(`the bucket policy grants to anyone: ${statementNames(open)}`, { path, evidence });
  },
});
