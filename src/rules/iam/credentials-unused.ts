import { defineRule, error, fail, pass } from '../rule.js';
import { activeKeys, daysSince, NO_ROW } from './credentials.js';

export default defineRule({
  id: 'iam-credentials-unused',
  title: 'Unused IAM user credentials are removed',
  severity: 'medium',
  resourceType: 'aws.iam.user',
  needs: ['credentials'],
  notOnPlans: 'last use of credentials comes from the credential report of deployed users',
  description: 'A console password or an active access key not used for `maxUnusedDays` (default 45) — or never used and older than that — must be removed.',
  rationale: 'Credentials nobody uses are credentials nobody watches; removing them shrinks what can leak.',
  remediation: 'Delete the login profile (`aws_iam_user_login_profile`) or the access key (`aws_iam_access_key`), or the user.',
  references: { fsbp: ['IAM.8', 'IAM.22'], cis: ['1.12'], prowler: ['iam_user_accesskey_unused', 'iam_user_console_access_unused'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-22'] },
  params: { type: 'object', properties: { maxUnusedDays: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  defaults: { maxUnusedDays: 45 },
  check(user, { params, now }) {
    const row = user.data.credentials;
    if (!row) return error(NO_ROW);
    const limit = params.maxUnusedDays;
    const stale: Array<{ credential: string; lastUsed: string | null; idleDays: number | undefined }> = [];
    if (row.passwordEnabled) {
      const idle = daysSince(row.passwordLastUsed ?? row.passwordLastChanged ?? row.userCreationTime, now);
      if (idle === undefined || idle > limit) stale.push({ credential: 'password', lastUsed: row.passwordLastUsed, idleDays: idle });
    }
    for (const key of activeKeys(row)) {
      const idle = daysSince(key.lastUsed ?? key.lastRotated, now);
      if (idle === undefined || idle > limit) stale.push({ credential: `access key ${key.slot}`, lastUsed: key.lastUsed, idleDays: idle });
    }
    if (stale.length === 0) return pass(`every enabled credential was used within ${limit} days`);
    return fail(
      `unused for more than ${limit} days: ${stale.map((s) => `${s.credential} (${s.lastUsed ? `last used ${s.idleDays} days ago` : 'never used'})`).join(', ')}`,
      { path: 'data.credentials', evidence: { credentials: stale } },
    );
  },
});
