import { defineRule, fail, notApplicable, pass } from '../rule.js';

export default defineRule({
  id: 'kms-key-rotation-enabled',
  title: 'Customer-managed KMS keys rotate their key material automatically',
  severity: 'medium',
  resourceType: 'aws.kms.key',
  needs: ['rotation'],
  description:
    'Automatic rotation is enabled on every symmetric customer-managed key with KMS-generated key material, with a rotation period of at most `maxRotationPeriodDays`. AWS-managed keys (rotated by AWS), asymmetric and HMAC keys, imported material and keys pending deletion are not judged.',
  rationale:
    'Rotation limits how much data one key version protects and is required by the platform\'s encryption standard; old versions stay available, so rotation never breaks decryption.',
  remediation:
    'Terraform: `enable_key_rotation = true` (and `rotation_period_in_days` ≤ the allowed period) on `aws_kms_key`.',
  references: {
    fsbp: ['KMS.4'],
    prowler: ['kms_cmk_rotation_enabled'],
    cis: ['3.6'],
    docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxRotationPeriodDays: { type: 'integer', minimum: 90, maximum: 2560, description: 'Longest accepted rotation period.' },
    },
  },
  defaults: { maxRotationPeriodDays: 365 },
  check(key, { params }) {
    const rotation = key.data.rotation;
    if (rotation === null) return notApplicable('automatic rotation does not apply to this key');
    if (!rotation.enabled) return fail('automatic key rotation is disabled', { path: 'data.rotation.enabled', evidence: { rotation } });
    const period = rotation.rotationPeriodInDays;
    if (period !== null && period > params.maxRotationPeriodDays) {
      return fail(`key material rotates every ${period} days, more than the allowed ${params.maxRotationPeriodDays}`, {
        path: 'data.rotation.rotationPeriodInDays',
        evidence: { rotation, maxRotationPeriodDays: params.maxRotationPeriodDays },
      });
    }
    return pass(`automatic rotation is enabled${period !== null ? ` (every ${period} days)` : ''}`, { evidence: { rotation } });
  },
});
