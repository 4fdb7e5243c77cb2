import { defineRule, error, fail, pass } from '../rule.js';

export default defineRule({
  id: 'iam-user-mfa-enabled',
  title: 'IAM users with a console password have MFA',
  severity: 'high',
  resourceType: 'aws.iam.user',
  needs: ['mfaActive'],
  optional: ['credentials'],
  notOnPlans: 'MFA devices are enrolled by users at run time, not declared in Terraform',
  description: 'Every IAM user that can sign in to the console (has a password) has an MFA device. When the credential report is unavailable, MFA devices are listed per user; a user without MFA whose password state is unknown is an `error`, not a guess.',
  rationale: 'A console password alone is phished or reused; MFA stops most account takeovers.',
  remediation: 'Enable a virtual or hardware MFA device for the user, or remove the console password (`aws_iam_user_login_profile`); better, move the person to IAM Identity Center.',
  references: { fsbp: ['IAM.5'], cis: ['1.10'], prowler: ['iam_user_mfa_enabled_console_access'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5'] },
  check(user) {
    if (user.data.mfaActive) return pass('MFA is active');
    const readError = user.errors.credentials;
    if (readError) return error(`could not decide: no MFA device, and whether the user has a console password is unknown (${readError.operation}: ${readError.code})`);
    const row = user.data.credentials;
    if (row === undefined || row === null) return error('could not decide: no MFA device, and the user has no credential-report row');
    if (!row.passwordEnabled) return pass('MFA not needed: the user cannot sign in to the console (no password)');
    return fail('the user has a console password and no MFA device', { path: 'data.mfaActive' });
  },
});
