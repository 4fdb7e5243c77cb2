/** Reading role trust policies: which statements let someone assume the role. */
import { principalEntries } from '../../analysis/resource-policy.js';
import { toList, type PolicyDocument, type PolicyStatement } from '../../model/policy-document.js';

/** Allow statements that grant an `sts:AssumeRole*` action (with their index). */
export function assumeStatements(trust: PolicyDocument): Array<{ statement: PolicyStatement; index: number }> {
  return trust.Statement.map((statement, index) => ({ statement, index })).filter(({ statement }) => {
    if (statement.Effect !== 'Allow') return false;
    if (statement.NotAction !== undefined) return true;
    return toList(statement.Action).some((action) => /^(\*|sts:\*|sts:Assume\w*\*?)$/i.test(action));
  });
}

export function entriesOf(statement: PolicyStatement): Array<{ kind: string; value: string }> {
  return principalEntries(statement.Principal);
}
