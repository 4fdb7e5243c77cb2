/**
 * IAM resources. IAM is global: every resource has region `global` and is collected once per account,
 * mostly from GetAccountAuthorizationDetails. Managed policy documents live once, on `aws.iam.policy`
 * resources; principals reference them by ARN (ReadOnlyAccess alone is ~100 kB: copying it onto every role
 * would bloat inventories).
 */
import type { PolicyDocument } from './policy-document.js';

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface AttachedPolicyRef {
  arn: string;
  name: string;
}

/** A group a user belongs to, with the group's own policies (they apply to the user). */
export interface GroupMembership {
  name: string;
  arn: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
}

/** One access key of a credential-report row. */
export interface AccessKeyReport {
  /** 1 or 2: the report's key slot. */
  slot: 1 | 2;
  active: boolean;
  lastRotated: string | null;
  lastUsed: string | null;
  lastUsedService: string | null;
}

/** One row of the credential report (dates ISO 8601; `N/A`, `no_information`, `not_supported` → null). */
export interface CredentialReportRow {
  user: string;
  arn: string;
  userCreationTime: string | null;
  passwordEnabled: boolean;
  passwordLastUsed: string | null;
  passwordLastChanged: string | null;
  mfaActive: boolean;
  /** Only the slots the report says exist (active or not, with a rotation date). */
  accessKeys: AccessKeyReport[];
}

/** Service-last-accessed data (GenerateServiceLastAccessedDetails), behind `--iam-last-accessed`. */
export interface ServiceLastAccessed {
  service: string;
  lastAuthenticated: string | null;
}

export interface IamRoleData {
  path: string;
  roleId: string;
  createDate: string | null;
  /** The trust (assume-role) policy; `null` only when IAM returned none. */
  trustPolicy: PolicyDocument | null;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
  /** ARN of the permissions boundary policy, `null` = none. */
  permissionsBoundary: string | null;
  /** `RoleLastUsed.LastUsedDate`; `null` = never used (or not tracked yet). */
  lastUsed: string | null;
  instanceProfiles: string[];
  serviceLastAccessed: ServiceLastAccessed[];
}

export interface IamUserData {
  path: string;
  userId: string;
  createDate: string | null;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
  permissionsBoundary: string | null;
  /** The user's groups with their policies resolved. */
  groups: GroupMembership[];
  /** The user's credential-report row; `null` = the report has no row for the user. */
  credentials: CredentialReportRow | null;
  /** From the credential report, or from ListMFADevices when the report was unavailable. */
  mfaActive: boolean;
  serviceLastAccessed: ServiceLastAccessed[];
}

export interface IamGroupData {
  path: string;
  groupId: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicyRef[];
}

export interface IamPolicyData {
  policyId: string;
  path: string;
  /** AWS managed (`arn:aws:iam::aws:policy/…`) or customer managed. */
  awsManaged: boolean;
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
  defaultVersionId: string | null;
  /** The default version's document. */
  document: PolicyDocument;
}

export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge: number | null;
  PasswordReusePrevention: number | null;
  HardExpiry: boolean;
}

export interface IamAccountData {
  /** `null` = no password policy set (IAM defaults apply). */
  passwordPolicy: PasswordPolicy | null;
  /** GetAccountSummary's SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, Users, Roles, …). */
  summary: Record<string, number>;
}

/** The root user, judged from its credential-report row. */
export interface IamRootData {
  credentials: CredentialReportRow;
}

declare module './resource.js' {
  interface ResourceDataByType {
    'aws.iam.role': IamRoleData;
    'aws.iam.user': IamUserData;
    'aws.iam.group': IamGroupData;
    'aws.iam.policy': IamPolicyData;
    'aws.iam.account': IamAccountData;
    'aws.iam.root': IamRootData;
  }
}
