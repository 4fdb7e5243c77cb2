import { grantsToAnyone, principalAccounts, restrictingConditions } from '../../analysis/resource-policy.js';
import { defineRule, fail, pass } from '../rule.js';

interface Params extends Record<string, unknown> {
  allowedAccounts: string[];
  trustScannedAccounts: boolean;
}

const DEFAULTS: Params = { allowedAccounts: [], trustScannedAccounts: true };

export default defineRule({
  id: 's3-bucket-no-cross-account-access',
  title: 'S3 bucket policies grant nothing to unknown accounts',
  severity: 'high',
  resourceType: 'aws.s3.bucket',
  needs: ['policy'],
  description:
    'Allow statements name only the bucket\'s own account, accounts in `allowedAccounts`, or (with `trustScannedAccounts`) accounts of the scanned organization. Statements narrowed by `aws:PrincipalAccount` are judged by those accounts.',
  rationale: 'A grant to an account outside the platform lets data leave the insurer\'s estate without any control of ours.',
  remediation:
    'Remove the foreign principal from the statement in `aws_s3_bucket_policy`, or list the account in the rule\'s `allowedAccounts` param with the reason in the policy file.',
  references: {
    fsbp: ['S3.6'],
    prowler: ['s3_bucket_cross_account_access'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowedAccounts: { type: 'array', items: { type: 'string', pattern: '^[0-9]{12}$' } },
      trustScannedAccounts: { type: 'boolean', description: 'Accounts in the scan\'s account directory count as allowed.' },
    },
  },
  defaults: DEFAULTS,
  check(bucket, { params, directory }) {
    const policy = bucket.data.policy;
    if (policy === null) return pass('no cross-account grant: the bucket has no policy');
    const foreign = new Map<string, number[]>();
    policy.Statement.forEach((statement, index) => {
      if (statement.Effect !== 'Allow') return;
      const accounts = [...principalAccounts(statement)];
      if (grantsToAnyone(statement)) {
        for (const condition of restrictingConditions(statement)) {
          if (/^aws:(principalaccount|sourceaccount)$/i.test(condition.key)) accounts.push(...condition.values);
        }
      }
      for (const account of accounts) {
        const known =
          account === bucket.accountId ||
          params.allowedAccounts.includes(account) ||
          (params.trustScannedAccounts && directory.get(account) !== undefined);
        if (!known) foreign.set(account, [...(foreign.get(account) ?? []), index]);
      }
    });
    if (foreign.size === 0) return pass('the policy grants only to known accounts');
    const accounts = [...foreign.keys()];
    return fail(`the bucket policy grants to account(s) outside the allowed list: ${accounts.join(', ')}`, {
      path: `data.policy.Statement[${[...foreign.values()][0]?.[0]}]`,
      evidence: { accounts: Object.fromEntries(foreign) },
    });
  },
});
