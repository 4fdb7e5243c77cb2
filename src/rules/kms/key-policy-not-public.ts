import { publicPolicyEvidence, publicStatements, statementNames } from '../../analysis/resource-policy.js';
import { defineRule, fail, notApplicable, pass } from '../rule.js';

export default defineRule({
  id: 'kms-key-policy-not-public',
  title: 'KMS key policies do not grant access to anyone',
  severity: 'critical',
  resourceType: 'aws.kms.key',
  needs: ['policy'],
  description:
    'No Allow statement of a customer-managed key\'s policy grants to `*` (or uses `NotPrincipal`) without a condition that pins the caller to an organization, account (`kms:CallerAccount`, `aws:PrincipalAccount`), service (`kms:ViaService`), VPC endpoint or principal.',
  rationale:
    'Whoever may use a key may decrypt everything it protects: a public key policy turns the encryption of training data and models into no protection at all.',
  remediation:
    'Name the principals in the statement, or add a condition such as `kms:CallerAccount` or `aws:PrincipalOrgID` (Terraform: `policy` of `aws_kms_key`, or `aws_kms_key_policy`).',
  references: {
    fsbp: ['KMS.5'],
    prowler: ['kms_key_not_publicly_accessible'],
    docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html'],
  },
  check(key) {
    const policy = key.data.policy;
    if (policy === null) return notApplicable('AWS-managed keys have policies owned by AWS');
    const open = publicStatements(policy);
    if (open.length === 0) return pass('no statement grants to anyone without a restricting condition');
    return fail(`the key policy grants to anyone: ${statementNames(open)}`, publicPolicyEvidence(open));
  },
});
