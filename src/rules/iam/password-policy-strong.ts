import { defineRule, fail, pass } from '../rule.js';

interface Params extends Record<string, unknown> {
  minimumLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercase: boolean;
  requireLowercase: boolean;
  reusePrevention: number;
  /** 0 = expiry not required. */
  maxAgeDays: number;
}

const DEFAULTS: Params = { minimumLength: 14, requireSymbols: true, requireNumbers: true, requireUppercase: true, requireLowercase: true, reusePrevention: 24, maxAgeDays: 0 };

export default defineRule({
  id: 'iam-password-policy-strong',
  title: 'The account password policy is strong',
  severity: 'medium',
  resourceType: 'aws.iam.account',
  needs: ['passwordPolicy'],
  description: 'The IAM password policy exists and requires at least `minimumLength` characters (default 14), symbols, numbers, upper- and lower-case letters, and prevents reuse of the last `reusePrevention` (default 24) passwords; `maxAgeDays` > 0 also requires expiry.',
  rationale: 'IAM users should be rare in squad accounts, but any that exist must not have guessable passwords.',
  remediation: 'Set `aws_iam_account_password_policy` with `minimum_password_length = 14`, `require_symbols`, `require_numbers`, `require_uppercase_characters`, `require_lowercase_characters` and `password_reuse_prevention = 24`.',
  references: { fsbp: ['IAM.7'], cis: ['1.8', '1.9'], prowler: ['iam_password_policy_minimum_length_14', 'iam_password_policy_reuse_24'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7'] },
  params: {
    type: 'object',
    properties: {
      minimumLength: { type: 'integer', minimum: 6, maximum: 128 },
      requireSymbols: { type: 'boolean' },
      requireNumbers: { type: 'boolean' },
      requireUppercase: { type: 'boolean' },
      requireLowercase: { type: 'boolean' },
      reusePrevention: { type: 'integer', minimum: 0, maximum: 24 },
      maxAgeDays: { type: 'integer', minimum: 0, maximum: 1095 },
    },
    additionalProperties: false,
  },
  defaults: DEFAULTS,
  check(account, { params }) {
    const policy = account.data.passwordPolicy;
    if (!policy) return fail('no password policy is set (IAM defaults apply)', { path: 'data.passwordPolicy' });
    const gaps: string[] = [];
    if (policy.MinimumPasswordLength < params.minimumLength) gaps.push(`minimum length ${policy.MinimumPasswordLength} < ${params.minimumLength}`);
    if (params.requireSymbols && !policy.RequireSymbols) gaps.push('symbols not required');
    if (params.requireNumbers && !policy.RequireNumbers) gaps.push('numbers not required');
    if (params.requireUppercase && !policy.RequireUppercaseCharacters) gaps.push('upper-case not required');
    if (params.requireLowercase && !policy.RequireLowercaseCharacters) gaps.push('lower-case not required');
    if ((policy.PasswordReusePrevention ?? 0) < params.reusePrevention) gaps.push(`reuse prevention ${policy.PasswordReusePrevention ?? 0} < ${params.reusePrevention}`);
    if (params.maxAgeDays > 0 && (!policy.ExpirePasswords || (policy.MaxPasswordAge ?? Infinity) > params.maxAgeDays)) gaps.push(`passwords do not expire within ${params.maxAgeDays} days`);
    if (gaps.length === 0) return pass('the password policy meets every requirement');
    return fail(`weak password policy: ${gaps.join(', ')}`, { path: 'data.passwordPolicy', evidence: { gaps, passwordPolicy: policy } });
  },
});
