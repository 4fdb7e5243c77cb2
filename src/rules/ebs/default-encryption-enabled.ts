import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'ebs-default-encryption-enabled',
  title: 'EBS encryption by default is enabled',
  severity: 'medium',
  resourceType: 'aws.ec2.region-settings',
  needs: ['ebsEncryptionByDefault'],
  description: 'EBS encryption by default is on in every scanned region, so every new volume and snapshot copy is encrypted.',
  rationale: 'Volumes of notebooks, training and processing instances hold copies of training data; default encryption makes an unencrypted one impossible to create by accident.',
  remediation: 'Terraform: `aws_ebs_encryption_by_default` with `enabled = true` in every region (and `aws_ebs_default_kms_key` with the squad key).',
  references: {
    fsbp: ['EC2.7'],
    prowler: ['ec2_ebs_default_encryption'],
    cis: ['2.2.1'],
    docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html'],
  },
  check(settings) {
    return settings.data.ebsEncryptionByDefault
      ? pass(`EBS encryption by default is enabled in ${settings.region}`)
      : fail(`EBS encryption by default is disabled in ${settings.region}`, { path: 'data.ebsEncryptionByDefault' });
  },
});
