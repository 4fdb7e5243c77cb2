import type { Rule } from '../rule.js';
import accessKeyRotated from './access-key-rotated.js';
import credentialsUnused from './credentials-unused.js';
import noAdminAccess from './no-admin-access.js';
import noDataExfiltrationOnAll from './no-data-exfiltration-on-all.js';
import noPrivilegeEscalation from './no-privilege-escalation.js';
import noServiceWildcard from './no-service-wildcard.js';
import noUnscopedWrite from './no-unscoped-write.js';
import passroleRestricted from './passrole-restricted.js';
import passwordPolicyStrong from './password-policy-strong.js';
import rolePermissionBoundaryRequired from './role-permission-boundary-required.js';
import roleTrustCrossAccountExternalId from './role-trust-cross-account-external-id.js';
import roleTrustNotPublic from './role-trust-not-public.js';
import roleTrustServiceConfusedDeputy from './role-trust-service-confused-deputy.js';
import rootMfaEnabled from './root-mfa-enabled.js';
import rootNoAccessKeys from './root-no-access-keys.js';
import userMfaEnabled from './user-mfa-enabled.js';
import userNoAccessKeys from './user-no-access-keys.js';
import userNoDirectPolicies from './user-no-direct-policies.js';

/** iam rules; each rule lives in its own file beside this one. */
export const iamRules: Rule[] = [
  // effective permissions of roles and users (with their groups)
  noAdminAccess,
  noUnscopedWrite,
  noPrivilegeEscalation,
  passroleRestricted,
  noDataExfiltrationOnAll,
  noServiceWildcard,
  // trust policies
  roleTrustNotPublic,
  roleTrustCrossAccountExternalId,
  roleTrustServiceConfusedDeputy,
  rolePermissionBoundaryRequired,
  // credentials
  userNoAccessKeys,
  accessKeyRotated,
  credentialsUnused,
  userMfaEnabled,
  userNoDirectPolicies,
  rootNoAccessKeys,
  rootMfaEnabled,
  passwordPolicyStrong,
];
