import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'iam-root-no-access-keys',
  title: 'The root user has no active access keys',
  severity: 'critical',
  resourceType: 'aws.iam.root',
  needs: ['credentials'],
  notOnPlans: "the root user's keys come from the credential report; Terraform does not manage them",
  description: 'The root user\'s credential-report row shows no active access key.',
  rationale: 'Root keys cannot be limited by any policy; a leaked root key is the whole account.',
  remediation: 'Sign in as root, delete the access keys (Security credentials page); with AWS Organizations, centralise root access (Terraform: `aws_iam_organizations_features` with `RootCredentialsManagement`) and remove member-account root credentials.',
  references: { fsbp: ['IAM.4'], cis: ['1.4'], prowler: ['iam_no_root_access_key'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4'] },
  check(root) {
    const active = root.data.credentials.accessKeys.filter((key) => key.active);
    if (active.length === 0) return pass('no active root access key');
    return fail(`${active.length} active root access key(s)`, { path: 'data.credentials.accessKeys', evidence: { accessKeys: active } });
  },
});
