import { restrictingConditions, statementLabel } from '../../analysis/resource-policy.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { defineRule, fail, notApplicable, pass } from '../rule.js';
import { assumeStatements, entriesOf } from './trust.js';
import { isServiceLinked } from './principal.js';

const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths'];

function pinsSource(statement: PolicyStatement): boolean {
  return restrictingConditions(statement).some((condition) => SOURCE_KEYS.includes(condition.key.toLowerCase())) ||
    Object.entries(statement.Condition ?? {}).some(([operator, keys]) =>
      /^StringEquals$/i.test(operator) && Object.keys(keys).some((key) => ['aws:sourceorgid', 'aws:sourceorgpaths'].includes(key.toLowerCase())),
    );
}

export default defineRule({
  id: 'iam-role-trust-service-confused-deputy',
  title: 'Roles trusted by AWS services pin the calling account or resource',
  severity: 'medium',
  resourceType: 'aws.iam.role',
  needs: ['trustPolicy', 'path'],
  description:
    'A trust statement for an AWS service principal (e.g. `sagemaker.amazonaws.com`) must carry an `aws:SourceAccount` or `aws:SourceArn` (or `aws:SourceOrgID`) condition, except for services that do not send them (`exemptServices`). Service-linked roles are not judged.',
  rationale:
    'Without a source condition, the service can be made to assume the role on behalf of a resource in another customer\'s account: the cross-service confused deputy.',
  remediation:
    'Add `condition { test = "StringEquals", variable = "aws:SourceAccount", values = [data.aws_caller_identity.current.account_id] }` (or `ArnLike aws:SourceArn`) to the `assume_role_policy` of the `aws_iam_role`.',
  references: {
    prowler: ['iam_role_cross_service_confused_deputy_prevention'],
    docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention'],
  },
  params: {
    type: 'object',
    properties: { exemptServices: { type: 'array', items: { type: 'string' }, description: 'Service principals that do not send source context.' } },
    additionalProperties: false,
  },
  // Services that assume roles without a source context to pin: EKS and Secrets Manager (Prowler's
  // exemptions) and EC2 instance profiles (Prowler #2810: the condition cannot be met). More per policy.
  defaults: { exemptServices: ['ec2.amazonaws.com', 'eks.amazonaws.com', 'secretsmanager.amazonaws.com'] },
  check(role, { params }) {
    if (isServiceLinked(role)) return notApplicable('service-linked role');
    const trust = role.data.trustPolicy;
    if (!trust) return pass('no service can assume the role: it has no trust policy');
    const open: Array<{ index: number; statement: PolicyStatement; services: string[] }> = [];
    for (const { statement, index } of assumeStatements(trust)) {
      const services = entriesOf(statement)
        .filter((entry) => entry.kind === 'Service' && /\.amazonaws\.com(\.cn)?$|\.amazon\.com$/.test(entry.value))
        .map((entry) => entry.value)
        .filter((service) => !params.exemptServices.includes(service));
      if (services.length > 0 && !pinsSource(statement)) open.push({ index, statement, services });
    }
    if (open.length === 0) return pass('service principals are pinned to this account or resource');
    const services = [...new Set(open.flatMap((entry) => entry.services))];
    return fail(`trusted without aws:SourceAccount/aws:SourceArn: ${services.join(', ')} (${open.map((e) => statementLabel(e.statement, e.index)).join(', ')})`, {
      path: `data.trustPolicy.Statement[${open[0]!.index}]`,
      evidence: { services, statements: open.map((entry) => ({ index: entry.index, statement: entry.statement })) },
    });
  },
});
