import { defineIsolationRule } from './judge-edges.js';

export default defineIsolationRule({
  id: 'isolation-no-external-access',
  title: 'Resource and trust policies grant nothing outside the organization',
  severity: 'critical',
  description:
    'Every cross-account grant of a bucket policy, key policy, role trust policy or model package group policy goes to an account of the account directory (the organization), or to a partner listed in `partners` with a reason. Grants to anyone (`*` without an account- or organization-narrowing condition) and to accounts outside the directory of the organization fail; an account missing from a directory that does not list the whole organization (a single-account scan without `--directory`) cannot be judged (`error`).',
  rationale:
    'Squad data and models leave the organization only along contracts the platform knows about; a grant to an unknown account is an exfiltration path that no other guardrail sees.',
  remediation:
    'Terraform: remove the principal from the `aws_s3_bucket_policy` / `aws_kms_key` `policy` / `aws_iam_role` `assume_role_policy` statement, or narrow `*` with `aws:PrincipalOrgID`; for a real partner, add it to this rule\'s `partners` param with the contract reference.',
  references: { prowler: ['s3_bucket_cross_account_access', 'kms_key_not_publicly_accessible'] },
  passes: (edgeClass) => (edgeClass.kind === 'partner' ? 'an allowed partner' : 'inside the organization'),
  judge: (_edge, edgeClass) =>
    edgeClass.kind === 'external' ? edgeClass.reason : edgeClass.kind === 'unknown' ? { undecided: edgeClass.reason } : undefined,
});
