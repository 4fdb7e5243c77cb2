import type {
  CredentialReportRow,
  IamAccountData,
  IamPolicyData,
  IamRoleData,
  IamUserData,
  PasswordPolicy,
} from '../../../src/model/iam.js';
import type { PolicyDocument } from '../../../src/model/policy-document.js';
import type { AnyResource } from '../../../src/model/resource.js';
import { ACCOUNT, resource } from '../../support/fixtures.js';

export { ACCOUNT };

/** A policy document from statements (Allow by default). */
export function doc(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) } as PolicyDocument;
}

export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
export const deny = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

export const ROLE_TRUST = doc({ Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });

/** A role with the given inline policies (documents), attachments and overrides. */
export function role(
  inline: PolicyDocument[] = [],
  data: Partial<IamRoleData> = {},
  overrides: Partial<AnyResource> = {},
): AnyResource {
  const name = overrides.name ?? 'squad-a-training';
  const complete: IamRoleData = {
    path: '/',
    roleId: 'AROAEXAMPLE',
    createDate: '2026-01-01T00:00:00.000Z',
    trustPolicy: ROLE_TRUST,
    inlinePolicies: inline.map((document, index) => ({ name: `inline-${index}`, document })),
    attachedPolicies: [],
    permissionsBoundary: null,
    lastUsed: null,
    instanceProfiles: [],
    serviceLastAccessed: [],
    ...data,
  };
  return resource('aws.iam.role', complete as unknown as Record<string, unknown>, {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    region: 'global',
    ...overrides,
  });
}

export function credentials(row: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return {
    user: 'alice',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    userCreationTime: '2026-01-01T00:00:00.000Z',
    passwordEnabled: false,
    passwordLastUsed: null,
    passwordLastChanged: null,
    mfaActive: false,
    accessKeys: [],
    ...row,
  };
}

export function user(inline: PolicyDocument[] = [], data: Partial<IamUserData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const name = overrides.name ?? 'alice';
  const complete: IamUserData = {
    path: '/',
    userId: 'AIDAEXAMPLE',
    createDate: '2026-01-01T00:00:00.000Z',
    inlinePolicies: inline.map((document, index) => ({ name: `inline-${index}`, document })),
    attachedPolicies: [],
    permissionsBoundary: null,
    groups: [],
    credentials: credentials({ user: name, arn: `arn:aws:iam::${ACCOUNT}:user/${name}` }),
    mfaActive: false,
    serviceLastAccessed: [],
    ...data,
  };
  return resource('aws.iam.user', complete as unknown as Record<string, unknown>, {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    region: 'global',
    ...overrides,
  });
}

/** A managed policy resource (customer managed unless the ARN says aws). */
export function managed(name: string, document: PolicyDocument, data: Partial<IamPolicyData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const arn = overrides.arn ?? `arn:aws:iam::${ACCOUNT}:policy/${name}`;
  const complete: IamPolicyData = {
    policyId: 'ANPAEXAMPLE',
    path: '/',
    awsManaged: arn.includes(':iam::aws:'),
    attachmentCount: 1,
    permissionsBoundaryUsageCount: 0,
    defaultVersionId: 'v1',
    document,
    ...data,
  };
  return resource('aws.iam.policy', complete as unknown as Record<string, unknown>, { name, arn, region: 'global', ...overrides });
}

export const STRONG_PASSWORD_POLICY: PasswordPolicy = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: false,
  MaxPasswordAge: null,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};

export function account(data: Partial<IamAccountData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: IamAccountData = { passwordPolicy: STRONG_PASSWORD_POLICY, summary: { AccountMFAEnabled: 1 }, ...data };
  return resource('aws.iam.account', complete as unknown as Record<string, unknown>, {
    name: `IAM settings of ${ACCOUNT}`,
    arn: `arn:aws:iam::${ACCOUNT}:account`,
    region: 'global',
    ...overrides,
  });
}

export function root(row: Partial<CredentialReportRow> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  return resource(
    'aws.iam.root',
    { credentials: credentials({ user: '<root_account>', arn: `arn:aws:iam::${ACCOUNT}:root`, mfaActive: true, ...row }) },
    { name: 'root', arn: `arn:aws:iam::${ACCOUNT}:root`, region: 'global', ...overrides },
  );
}

export const attached = (policy: AnyResource) => ({ arn: policy.arn, name: policy.name });
