import { actionIndex } from '../../analysis/iam/catalogue.js';
import { valuesFor } from '../../analysis/iam/conditions.js';
import { lowerSeverity, type Severity } from '../../model/finding.js';
import { adminLevel } from '../../analysis/iam/queries.js';
import { fail, notApplicable, pass } from '../rule.js';
import { principalRule, statementRefs } from './principal.js';

export default principalRule({
  id: 'iam-passrole-restricted',
  title: 'Roles and IAM users pass only named roles, to named services',
  severity: 'high',
  description:
    '`iam:PassRole` must name the roles that may be passed (not `*` or every role) and carry an `iam:PassedToService` condition naming the services they may be passed to.',
  rationale:
    'PassRole on every role lets a principal hand the most privileged role of the account to a service that runs its code. A grant on all roles is high; a grant on all roles limited by `iam:PassedToService`, or on named roles without it, is one level lower.',
  remediation:
    'Scope the statement: `resources = ["arn:aws:iam::<account>:role/squad-a-*"]` and a condition `test = "StringEquals", variable = "iam:PassedToService", values = ["sagemaker.amazonaws.com"]` in the `aws_iam_policy_document`.',
  references: {
    prowler: ['iam_policy_allows_passrole_without_condition'],
    docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  },
  judge(_resource, access) {
    if (adminLevel(access) === 'unconditional') return notApplicable('full admin: reported by iam-no-admin-access');
    const index = actionIndex('iam:PassRole')!;
    if (!access.unconditional.has(index) && !access.conditional.has(index) && !access.scoped.has(index)) {
      return pass('iam:PassRole is not allowed');
    }
    const offending = access.allows
      .filter((statement) => statement.actions.has(index))
      .map((statement) => {
        const onAll = statement.broad.has(index);
        const passedTo = valuesFor(statement.statement.Condition, 'iam:PassedToService');
        const problems = [...(onAll ? ['all roles'] : []), ...(passedTo ? [] : ['no iam:PassedToService'])];
        let severity: Severity = 'high';
        if (!onAll || passedTo) severity = lowerSeverity(severity);
        return { statement, problems, severity, passedTo };
      })
      .filter((entry) => entry.problems.length > 0);
    if (offending.length === 0) return pass('iam:PassRole names its roles and services');
    const worst = offending.some((entry) => entry.severity === 'high') ? 'high' : 'medium';
    return fail(
      `iam:PassRole is granted with ${[...new Set(offending.flatMap((entry) => entry.problems))].join(' and ')}`,
      {
        severity: worst,
        evidence: {
          statements: offending.slice(0, 10).map((entry) => ({
            ...statementRefs([entry.statement.source])[0],
            problems: entry.problems,
            resources: entry.statement.resources.slice(0, 10),
            ...(entry.passedTo ? { passedToService: entry.passedTo } : {}),
          })),
        },
      },
    );
  },
});
