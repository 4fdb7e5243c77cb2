import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'iam-user-no-direct-policies',
  title: 'IAM users get permissions only through groups',
  severity: 'low',
  resourceType: 'aws.iam.user',
  needs: ['inlinePolicies', 'attachedPolicies'],
  description: 'No inline or attached policy on an IAM user: permissions come from groups (or, better, SSO permission sets and roles).',
  rationale: 'Per-user policies drift and are hard to review; group membership is one place to audit.',
  remediation: 'Move the permissions to an `aws_iam_group_policy_attachment` and add the user with `aws_iam_user_group_membership`; remove `aws_iam_user_policy`/`aws_iam_user_policy_attachment`.',
  references: { fsbp: ['IAM.2'], cis: ['1.15'], prowler: ['iam_policy_attached_only_to_group_or_roles'], docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2'] },
  check(user) {
    const inline = user.data.inlinePolicies.map((policy) => policy.name);
    const attached = user.data.attachedPolicies.map((policy) => policy.arn);
    if (inline.length === 0 && attached.length === 0) return pass('no policy on the user itself');
    return fail(`policies on the user itself: ${[...inline.map((n) => `inline ${n}`), ...attached].join(', ')}`, {
      path: inline.length > 0 ? 'data.inlinePolicies' : 'data.attachedPolicies',
      evidence: { inlinePolicies: inline, attachedPolicies: attached },
    });
  },
});
