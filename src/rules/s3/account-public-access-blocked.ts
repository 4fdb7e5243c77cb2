import { defineRule, fail, pass } from '../rule.js';
import { pabSettingsOff } from './public-access.js';

export default defineRule({
  id: 's3-account-public-access-blocked',
  title: 'S3 Block Public Access is on for the whole account',
  severity: 'high',
  resourceType: 'aws.s3.account',
  needs: ['publicAccessBlock'],
  description: 'All four account-level S3 Block Public Access settings are enabled.',
  rationale:
    'The account-level setting protects every bucket, including ones created later by hand or by a blueprint that forgot the bucket-level block.',
  remediation:
    'Terraform: `aws_s3_account_public_access_block` with `block_public_acls`, `ignore_public_acls`, `block_public_policy` and `restrict_public_buckets` set to `true`.',
  references: {
    fsbp: ['S3.1'],
    prowler: ['s3_account_level_public_access_blocks'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html'],
  },
  check(account) {
    const off = pabSettingsOff(account.data.publicAccessBlock);
    if (off.length === 0) return pass('all four account-level Block Public Access settings are on');
    return fail(
      account.data.publicAccessBlock === null
        ? 'no account-level Block Public Access configuration'
        : `account-level Block Public Access settings off: ${off.join(', ')}`,
      { path: 'data.publicAccessBlock', evidence: { publicAccessBlock: account.data.publicAccessBlock } },
    );
  },
});
