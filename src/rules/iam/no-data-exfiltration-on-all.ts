import { adminLevel, broadGrants, severityFor } from '../../analysis/iam/queries.js';
import { fail, notApplicable, pass } from '../rule.js';
import { principalRule, statementRefs } from './principal.js';

/** Actions that return data or secrets (Cloudsplaining's read-only exfiltration set, plus KMS decrypt). */
export const EXFILTRATION_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
];

export default principalRule<{ actions: string[] }>({
  id: 'iam-no-data-exfiltration-on-all',
  title: 'Roles and IAM users cannot read data or secrets on all resources',
  severity: 'high',
  description:
    'Actions that return data or secrets (`s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter*`, `kms:Decrypt` …) must not be allowed on every resource of their type.',
  rationale:
    'A squad principal that can read every object, secret, parameter or decrypt with every key reads other squads\' training data and the platform\'s credentials. Grants under a narrowing condition (e.g. `kms:ViaService`, `aws:ResourceAccount`) are one level lower.',
  remediation:
    'Name the buckets, secrets, parameters and keys in `Resource` (Terraform `aws_iam_policy_document` `resources`), or add `kms:ViaService` / `aws:ResourceTag` conditions.',
  references: {
    fsbp: ['KMS.1', 'KMS.2'],
    prowler: ['iam_policy_no_kms_decryption_actions', 'iam_inline_policy_no_kms_decryption_actions'],
    docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-1'],
  },
  params: {
    type: 'object',
    properties: { actions: { type: 'array', items: { type: 'string' }, description: 'Action patterns judged.' } },
    additionalProperties: false,
  },
  defaults: { actions: EXFILTRATION_ACTIONS },
  judge(_resource, access, { params }) {
    if (adminLevel(access) === 'unconditional') return notApplicable('full admin: reported by iam-no-admin-access');
    const grants = broadGrants(access, params.actions);
    if (grants.length === 0) return pass('no data-returning action is allowed on all resources');
    const level = grants.some((grant) => grant.level === 'unconditional') ? 'unconditional' : 'conditional';
    return fail(
      `allowed on all resources${level === 'conditional' ? ' under a condition' : ''}: ${grants.map((grant) => grant.action).join(', ')}`,
      {
        severity: severityFor('high', level),
        evidence: {
          actions: grants.map((grant) => ({ action: grant.action, level: grant.level, statements: statementRefs(grant.statements, 5) })),
        },
      },
    );
  },
});
