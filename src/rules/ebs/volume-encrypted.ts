import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'ebs-volume-encrypted',
  title: 'EBS volumes are encrypted',
  severity: 'medium',
  resourceType: 'aws.ec2.volume',
  needs: ['encrypted'],
  optional: ['kmsKeyId', 'attachments'],
  description: 'Every EBS volume is encrypted at rest.',
  rationale: 'Volumes hold copies of training data, model artifacts and credentials; an unencrypted volume or its snapshots can be read by anyone who gets hold of them.',
  remediation:
    'Create an encrypted copy (snapshot → encrypted copy → new volume) and replace the volume; Terraform: `encrypted = true` and `kms_key_id` on `aws_ebs_volume` or the instance\'s `root_block_device` / `ebs_block_device`, and turn on `aws_ebs_encryption_by_default`.',
  references: {
    fsbp: ['EC2.3'],
    prowler: ['ec2_ebs_volume_encryption'],
    docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html'],
  },
  check(volume) {
    return volume.data.encrypted
      ? pass(`the volume is encrypted${volume.data.kmsKeyId ? ` with ${volume.data.kmsKeyId}` : ''}`)
      : fail('the volume is not encrypted', { path: 'data.encrypted', evidence: { attachments: volume.data.attachments } });
  },
});
