import { accountOfPrincipal, restrictingConditions, statementLabel } from '../../analysis/resource-policy.js';
import { conditionEntries } from '../../analysis/iam/conditions.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { defineRule, fail, notApplicable, pass } from '../rule.js';
import { assumeStatements, entriesOf } from './trust.js';
import { isServiceLinked } from './principal.js';

function hasExternalId(statement: PolicyStatement): boolean {
  return conditionEntries(statement.Condition).some(
    (entry) => entry.key.toLowerCase() === 'sts:externalid' && /^StringEquals$|^StringLike$/i.test(entry.operator) && entry.values.every((v) => v !== '*' && v !== ''),
  );
}

function pinnedToOrganization(statement: PolicyStatement, organizationId: string | undefined): boolean {
  return restrictingConditions(statement).some(
    (condition) =>
      condition.key.toLowerCase() === 'aws:principalorgid' && (organizationId === undefined || condition.values.every((value) => value === organizationId)),
  );
}

export default defineRule({
  id: 'iam-role-trust-cross-account-external-id',
  title: 'Roles trusted by third-party accounts require an external id',
  severity: 'high',
  resourceType: 'aws.iam.role',
  needs: ['trustPolicy', 'path'],
  description:
    'A trust statement that lets principals of another account assume the role must require `sts:ExternalId`, unless that account is in the scan\'s account directory (the organization), pinned by `aws:PrincipalOrgID`, or listed in `allowedAccounts`.',
  rationale:
    'Without an external id, a third party (a vendor\'s SaaS) can be tricked into using its access to this role on behalf of another of its customers (the confused-deputy problem).',
  remediation:
    'Add `condition { test = "StringEquals", variable = "sts:ExternalId", values = [var.external_id] }` to the `assume_role_policy` of the `aws_iam_role` (Terraform), or list the account in the rule\'s `allowedAccounts`.',
  references: {
    prowler: ['iam_role_cross_account_readonlyaccess_policy'],
    docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html'],
  },
  params: {
    type: 'object',
    properties: { allowedAccounts: { type: 'array', items: { type: 'string', pattern: '^\\d{12}$' } } },
    additionalProperties: false,
  },
  defaults: { allowedAccounts: [] as string[] },
  check(role, { params, target, directory }) {
    if (isServiceLinked(role)) return notApplicable('service-linked role');
    const trust = role.data.trustPolicy;
    if (!trust) return pass('nobody can assume the role: it has no trust policy');
    const findings: Array<{ index: number; statement: PolicyStatement; accounts: string[] }> = [];
    for (const { statement, index } of assumeStatements(trust)) {
      const foreign = [
        ...new Set(
          entriesOf(statement)
            .filter((entry) => entry.kind === 'AWS')
            .map((entry) => accountOfPrincipal(entry.value))
            .filter((account): account is string => account !== undefined),
        ),
      ].filter((account) => account !== target.accountId && !params.allowedAccounts.includes(account) && directory.get(account) === undefined);
      if (foreign.length === 0) continue;
      if (hasExternalId(statement) || pinnedToOrganization(statement, directory.organizationId)) continue;
      findings.push({ index, statement, accounts: foreign });
    }
    if (findings.length === 0) return pass('no third-party account can assume the role without an external id');
    const accounts = [...new Set(findings.flatMap((finding) => finding.accounts))];
    return fail(
      `account(s) ${accounts.join(', ')} can assume the role without sts:ExternalId (${findings.map((f) => statementLabel(f.statement, f.index)).join(', ')})`,
      {
        path: `data.trustPolicy.Statement[${findings[0]!.index}]`,
        evidence: { accounts, statements: findings.map((finding) => ({ index: finding.index, statement: finding.statement })) },
      },
    );
  },
});
