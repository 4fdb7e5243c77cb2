import { compilePolicy } from '../../analysis/iam/policy.js';
import { wholeServices } from '../../analysis/iam/queries.js';
import { catalogue } from '../../analysis/iam/catalogue.js';
import { lowerSeverity } from '../../model/finding.js';
import { defineRule, fail, notApplicable, pass } from '../rule.js';

export default defineRule({
  id: 'iam-no-service-wildcard',
  title: 'Customer managed policies do not grant whole services',
  severity: 'medium',
  resourceType: 'aws.iam.policy',
  needs: ['document', 'awsManaged'],
  description:
    'No Allow statement of a customer managed policy grants every action of a service — `s3:*`, `*`, or a `NotAction` that leaves services whole. Judged on the expanded action set, so `s3:Get*` is not a wildcard and `NotAction: ["iam:*"]` is.',
  rationale:
    'A service wildcard grants today\'s and tomorrow\'s actions of the service, including its permission-management ones. A statement under a narrowing condition is reported one level lower.',
  remediation:
    'List the actions the workload calls (IAM Access Analyzer policy generation helps) in the `actions` of the `aws_iam_policy_document` behind the `aws_iam_policy`.',
  references: {
    fsbp: ['IAM.21'],
    prowler: ['iam_policy_no_full_access_to_cloudtrail', 'iam_policy_no_full_access_to_kms'],
    docs: ['https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21'],
  },
  check(policy) {
    if (policy.data.awsManaged) return notApplicable('AWS managed policy');
    const statements = compilePolicy({ kind: 'managed', policy: policy.arn, document: policy.data.document });
    const offending = statements
      .map((statement) => ({ statement, services: wholeServices(statement) }))
      .filter((entry) => entry.services.length > 0);
    if (offending.length === 0) return pass('no statement grants every action of a service');
    const total = catalogue().services.size;
    const describe = (services: string[]): string =>
      services.length === total ? 'every service' : services.length > 6 ? `${services.length} services` : services.map((s) => `${s}:*`).join(', ');
    const unconditional = offending.some((entry) => !entry.statement.conditional);
    return fail(
      offending
        .map(({ statement, services }) => `statement ${statement.source.sid ? `"${statement.source.sid}"` : `#${statement.source.index}`} grants ${describe(services)}${statement.conditional ? ' (under a condition)' : ''}`)
        .join('; '),
      {
        path: `data.document.Statement[${offending[0]!.statement.source.index}]`,
        severity: unconditional ? 'medium' : lowerSeverity('medium'),
        evidence: {
          statements: offending.map(({ statement, services }) => ({
            index: statement.source.index,
            ...(statement.source.sid ? { sid: statement.source.sid } : {}),
            services: services.length === total ? ['*'] : services.slice(0, 50),
            conditional: statement.conditional,
          })),
        },
      },
    );
  },
});
