import { defineRule, fail, pass } from '../rule.js';
import { PAB_SETTINGS, effectiveSetting } from './public-access.js';

export default defineRule({
  id: 's3-bucket-public-access-blocked',
  title: 'S3 buckets have all four Block Public Access settings in effect',
  severity: 'high',
  resourceType: 'aws.s3.bucket',
  needs: ['publicAccessBlock', 'accountPublicAccessBlock'],
  description:
    'Each of BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets is on, at bucket level or at account level.',
  rationale: 'Block Public Access overrides any public ACL or policy, so a mistake elsewhere cannot expose the data.',
  remediation:
    'Terraform: `aws_s3_bucket_public_access_block` for the bucket with all four settings `true` (or `aws_s3_account_public_access_block` for the account).',
  references: {
    fsbp: ['S3.8'],
    prowler: ['s3_bucket_level_public_access_block'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  },
  check(bucket) {
    const { publicAccessBlock, accountPublicAccessBlock } = bucket.data;
    const off = PAB_SETTINGS.filter((setting) => !effectiveSetting(setting, publicAccessBlock, accountPublicAccessBlock).on);
    const evidence = { bucketLevel: publicAccessBlock, accountLevel: accountPublicAccessBlock };
    if (off.length === 0) return pass('all four Block Public Access settings are in effect', { evidence });
    return fail(`Block Public Access settings off at bucket and account level: ${off.join(', ')}`, {
      path: 'data.publicAccessBlock',
      evidence,
    });
  },
});
