import { grantsToAnyone, restrictingConditions, statementLabel } from '../../analysis/resource-policy.js';
import { conditionEntries } from '../../analysis/iam/conditions.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { defineRule, fail, notApplicable, pass } from '../rule.js';
import { assumeStatements, entriesOf } from './trust.js';
import { isServiceLinked } from './principal.js';

/** Web-identity providers that any account on the internet can obtain tokens from, and the key that pins them. */
const OPEN_FEDERATION: Array<{ provider: RegExp; key: string }> = [
  { provider: /^token\.actions\.githubusercontent\.com$|oidc-provider\/token\.actions\.githubusercontent\.com$/, key: 'token.actions.githubusercontent.com:sub' },
  { provider: /^cognito-identity\.amazonaws\.com$/, key: 'cognito-identity.amazonaws.com:aud' },
  { provider: /^accounts\.google\.com$/, key: 'accounts.google.com:aud' },
];

function pinned(statement: PolicyStatement, key: string): boolean {
  return conditionEntries(statement.Condition).some(
    (entry) =>
      entry.key.toLowerCase() === key.toLowerCase() &&
      !/Not|IfExists/i.test(entry.operator) &&
      entry.values.length > 0 &&
      entry.values.every((value) => value !== '*' && !/^repo:\*/.test(value)),
  );
}

/** Why a trust statement lets anyone assume the role, or undefined. */
function publicReason(statement: PolicyStatement): string | undefined {
  if (grantsToAnyone(statement) && restrictingConditions(statement).length === 0) {
    return statement.NotPrincipal !== undefined ? 'NotPrincipal' : 'any AWS principal';
  }
  if (statement.Effect !== 'Allow') return undefined;
  for (const entry of entriesOf(statement)) {
    if (entry.kind !== 'Federated') continue;
    const open = OPEN_FEDERATION.find((provider) => provider.provider.test(entry.value));
    if (open && !pinned(statement, open.key)) return `${entry.value} without a ${open.key} condition`;
  }
  return undefined;
}

export default defineRule({
  id: 'iam-role-trust-not-public',
  title: 'Role trust policies do not let anyone assume the role',
  severity: 'critical',
  resourceType: 'aws.iam.role',
  needs: ['trustPolicy', 'path'],
  description:
    'No trust-policy statement allows `*`, `arn:aws:iam::*:root` or `NotPrincipal` to assume the role without a condition that pins the caller (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount` …), and no open web-identity provider (GitHub Actions, Cognito, Google) is trusted without its subject/audience condition.',
  rationale:
    'A publicly assumable role hands its permissions to anyone with an AWS account (or any GitHub repository). Conditions with wildcard values and `IfExists` operators do not pin anything.',
  remediation:
    'Name the trusted principals in `assume_role_policy` (`aws_iam_role`), or add a `aws:PrincipalOrgID` condition; for GitHub OIDC add `StringLike token.actions.githubusercontent.com:sub = repo:<org>/<repo>:*`.',
  references: {
    prowler: ['iam_role_github_oidc_trust_subject_restricted'],
    docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub'],
  },
  check(role) {
    if (isServiceLinked(role)) return notApplicable('service-linked role');
    const trust = role.data.trustPolicy;
    if (!trust) return pass('nobody can assume the role: it has no trust policy');
    const open = assumeStatements(trust)
      .map(({ statement, index }) => ({ statement, index, reason: publicReason(statement) }))
      .filter((entry): entry is { statement: PolicyStatement; index: number; reason: string } => entry.reason !== undefined);
    if (open.length === 0) return pass('every trust statement names its principals or pins them with a condition');
    return fail(`the role can be assumed by anyone: ${open.map((entry) => `${statementLabel(entry.statement, entry.index)} (${entry.reason})`).join(', ')}`, {
      path: `data.trustPolicy.Statement[${open[0]!.index}]`,
      evidence: { statements: open.map((entry) => ({ index: entry.index, reason: entry.reason, statement: entry.statement })) },
    });
  },
});
