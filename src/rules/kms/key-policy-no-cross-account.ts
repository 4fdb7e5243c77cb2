import { grantedAccounts } from '../../analysis/resource-policy.js';
import { defineRule, fail, notApplicable, pass } from '../rule.js';

interface Params extends Record<string, unknown> {
  allowedAccounts: string[];
  allowedOrganizationIds: string[];
  trustScannedAccounts: boolean;
}

const DEFAULTS: Params = { allowedAccounts: [], allowedOrganizationIds: [], trustScannedAccounts: true };

export default defineRule({
  id: 'kms-key-policy-no-cross-account',
  title: 'KMS key policies grant nothing to unknown accounts',
  severity: 'high',
  resourceType: 'aws.kms.key',
  needs: ['policy'],
  description:
    'Allow statements of a customer-managed key\'s policy name only the key\'s own account, accounts in `allowedAccounts`, or (with `trustScannedAccounts`) accounts and the organization of the scan. Grants to anyone that a condition pins to accounts (`kms:CallerAccount`, `aws:PrincipalAccount`) or an organization (`aws:PrincipalOrgID`) are judged by those.',
  rationale:
    'A foreign account that may use a squad\'s key can decrypt the squad\'s data wherever a copy of it lands, outside any control of the platform.',
  remediation:
    'Remove the foreign principal from `aws_kms_key.policy` (or `aws_kms_key_policy`), or list the account in the rule\'s `allowedAccounts` param with the reason in the policy file.',
  references: {
    prowler: ['kms_key_not_publicly_accessible'],
    docs: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowedAccounts: { type: 'array', items: { type: 'string', pattern: '^[0-9]{12}$' } },
      allowedOrganizationIds: { type: 'array', items: { type: 'string', pattern: '^o-[a-z0-9]{10,32}$' } },
      trustScannedAccounts: { type: 'boolean', description: 'Accounts in the scan\'s account directory (and its organization) count as allowed.' },
    },
  },
  defaults: DEFAULTS,
  check(key, { params, directory }) {
    const policy = key.data.policy;
    if (policy === null) return notApplicable('AWS-managed keys have policies owned by AWS');
    const knownAccount = (account: string): boolean =>
      account === key.accountId ||
      params.allowedAccounts.includes(account) ||
      (params.trustScannedAccounts && directory.get(account) !== undefined);
    const knownOrganization = (organization: string): boolean =>
      params.allowedOrganizationIds.includes(organization) ||
      (params.trustScannedAccounts && directory.organizationId === organization);
    const foreign = new Map<string, number[]>();
    policy.Statement.forEach((statement, index) => {
      const { accounts, organizations } = grantedAccounts(statement);
      const unknown = [...accounts.filter((a) => !knownAccount(a)), ...organizations.filter((o) => !knownOrganization(o))];
      for (const grantee of unknown) foreign.set(grantee, [...(foreign.get(grantee) ?? []), index]);
    });
    if (foreign.size === 0) return pass('the key policy grants only to known accounts');
    return fail(`the key policy grants to account(s) or organization(s) outside the allowed list: ${[...foreign.keys()].join(', ')}`, {
      path: `data.policy.Statement[${[...foreign.values()][0]?.[0]}]`,
      evidence: { grantees: Object.fromEntries(foreign) },
    });
  },
});
