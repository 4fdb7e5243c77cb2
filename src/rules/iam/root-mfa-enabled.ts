import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'iam-root-mfa-enabled',
  title: 'The root user has MFA',
  severity: 'critical',
  resourceType: 'aws.iam.root',
  needs: ['credentials'],
  notOnPlans: "the root user's MFA comes from the credential report; Terraform does not manage it",
  description: 'The root user\'s credential-report row shows MFA active.',
  rationale: 'The root user can do everything, including closing the account; its password alone must not be enough.',
  remediation: 'Enable a hardware or virtual MFA device for the root user (or remove member-account root credentials with centralised root access, Terraform: `aws_iam_organizations_features` with `RootCredentialsManagement`).',
  references: { fsbp: ['IAM.9'], cis: ['1.5'], prowler: ['iam_root_mfa_enabled'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9'] },
  check(root) {
    return root.data.credentials.mfaActive ? pass('MFA is active for root') : fail('the root user has no MFA', { path: 'data.credentials.mfaActive' });
  },
});
