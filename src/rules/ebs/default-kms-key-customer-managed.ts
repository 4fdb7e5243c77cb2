import { referencesKey } from '../../analysis/kms-references.js';
import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'ebs-default-kms-key-customer-managed',
  title: 'EBS default encryption uses a customer-managed KMS key',
  severity: 'medium',
  resourceType: 'aws.ec2.region-settings',
  needs: ['ebsDefaultKmsKeyId'],
  related: { 'aws.kms.key': ['keyId', 'keyManager', 'aliases'] },
  description:
    'The KMS key EBS uses by default is a customer-managed key, not the AWS-managed `aws/ebs` key. A key of another account (not in the inventory) is accepted; its policy is that account\'s concern.',
  rationale:
    'Only a customer-managed key lets the squad control who may decrypt volume snapshots shared or copied elsewhere, and revoke that access; `aws/ebs` cannot be shared or restricted.',
  remediation: 'Terraform: `aws_ebs_default_kms_key` with `key_arn` = the squad\'s customer-managed key.',
  references: {
    prowler: ['ec2_ebs_default_encryption'],
    docs: ['https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html'],
  },
  check(settings, { account }) {
    const reference = settings.data.ebsDefaultKmsKeyId;
    if (reference === null || /(^|:)alias\/aws\//.test(reference)) {
      return fail(`EBS default encryption in ${settings.region} uses the AWS-managed key aws/ebs`, {
        path: 'data.ebsDefaultKmsKeyId',
        evidence: { ebsDefaultKmsKeyId: reference },
      });
    }
    const key = account
      .ofType('aws.kms.key')
      .find((candidate) => referencesKey(reference, { arn: candidate.arn, keyId: candidate.data.keyId, region: candidate.region, aliases: candidate.data.aliases ?? [] }, settings.region));
    if (key?.data.keyManager === 'AWS') {
      return fail(`EBS default encryption in ${settings.region} uses the AWS-managed key ${key.arn}`, {
        path: 'data.ebsDefaultKmsKeyId',
        evidence: { ebsDefaultKmsKeyId: reference, keyManager: 'AWS' },
      });
    }
    return pass(`EBS default encryption uses ${key ? `the customer-managed key ${key.arn}` : `${reference} (not in this account's inventory)`}`, {
      evidence: { ebsDefaultKmsKeyId: reference },
    });
  },
});
