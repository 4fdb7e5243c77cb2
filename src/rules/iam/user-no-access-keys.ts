import { defineRule, error, fail, pass } from '../rule.js';
import { nameMatches } from './principal.js';
import { activeKeys, NO_ROW } from './credentials.js';

export default defineRule({
  id: 'iam-user-no-access-keys',
  title: 'IAM users have no active access keys',
  severity: 'medium',
  resourceType: 'aws.iam.user',
  needs: ['credentials'],
  description: 'Squads sign in through IAM Identity Center (SSO) and run workloads under roles: IAM users must not hold active access keys, except the users listed in `allowedUsers` (name globs).',
  rationale: 'Long-lived access keys leak (laptops, CI logs, notebooks) and never expire; role credentials do.',
  remediation: 'Delete the keys (`aws_iam_access_key`) and use SSO or a role; for a tool that needs keys, list the user in `allowedUsers` with a waiver-like justification.',
  references: { prowler: ['iam_user_no_setup_initial_access_key'], docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp'] },
  params: { type: 'object', properties: { allowedUsers: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
  defaults: { allowedUsers: [] as string[] },
  check(user, { params }) {
    const row = user.data.credentials;
    if (!row) return error(NO_ROW);
    const keys = activeKeys(row);
    if (keys.length === 0) return pass('no active access key');
    if (nameMatches(user.name, params.allowedUsers)) return pass(`exempt by the allowedUsers param (${keys.length} active access key(s))`);
    return fail(`${keys.length} active access key(s)`, { path: 'data.credentials.accessKeys', evidence: { accessKeys: keys } });
  },
});
