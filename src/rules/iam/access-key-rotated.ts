import { defineRule, error, fail, pass } from '../rule.js';
import { activeKeys, daysSince, NO_ROW } from './credentials.js';

export default defineRule({
  id: 'iam-access-key-rotated',
  title: 'Active access keys are rotated',
  severity: 'medium',
  resourceType: 'aws.iam.user',
  needs: ['credentials'],
  notOnPlans: 'key rotation dates come from the credential report of deployed users',
  description: 'Every active access key was created (rotated) within `maxAgeDays` (default 90).',
  rationale: 'An old key has had more time to leak; rotation bounds the exposure of a leaked key.',
  remediation: 'Create a new key, switch the consumer, deactivate and delete the old one (`aws_iam_access_key`); better, replace the user with a role.',
  references: { fsbp: ['IAM.3'], cis: ['1.14'], prowler: ['iam_rotate_access_key_90_days'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3'] },
  params: { type: 'object', properties: { maxAgeDays: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  defaults: { maxAgeDays: 90 },
  check(user, { params, now }) {
    const row = user.data.credentials;
    if (!row) return error(NO_ROW);
    const keys = activeKeys(row);
    if (keys.length === 0) return pass('no active access key');
    const old = keys
      .map((key) => ({ slot: key.slot, lastRotated: key.lastRotated, ageDays: daysSince(key.lastRotated, now) }))
      .filter((key) => key.ageDays === undefined || key.ageDays > params.maxAgeDays);
    if (old.length === 0) return pass(`every active key is at most ${params.maxAgeDays} days old`);
    return fail(`active key(s) older than ${params.maxAgeDays} days: ${old.map((key) => `key ${key.slot} (${key.ageDays ?? 'unknown'} days)`).join(', ')}`, {
      path: 'data.credentials.accessKeys',
      evidence: { keys: old },
    });
  },
});
