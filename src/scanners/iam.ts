import { sdkPackage } from '../aws/sdk-packages.js';

const {
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetServiceLastAccessedDetailsCommand,
  ListMFADevicesCommand,
  ListPolicyTagsCommand,
} = sdkPackage('@aws-sdk/client-iam');
/**
 * IAM is global: one scan per account. GetAccountAuthorizationDetails (paginated, up to 1000 items a page)
 * is the main source — users, groups, roles with inline and trust policies, boundaries, last use, tags,
 * and the managed policies with their default versions — so the cost is O(pages), never O(principals).
 * Around it, once per account and only when the plan needs them: the credential report, the account
 * summary, the password policy. Per-principal calls happen only where the account-wide source is missing:
 * ListMFADevices when the credential report is unavailable, managed policies referenced but absent from
 * the details (GetPolicy + GetPolicyVersion), and service-last-accessed data behind `--iam-last-accessed`.
 */
import type { AttachedPolicy, GetAccountAuthorizationDetailsCommandOutput, GroupDetail, ManagedPolicyDetail, PolicyDetail, RoleDetail, UserDetail } from '@aws-sdk/client-iam';
import { partitionOf } from '../aws/clients.js';
import { errorCode, toCollectionError } from '../aws/errors.js';
import type {
  AccessKeyReport,
  AttachedPolicyRef,
  CredentialReportRow,
  GroupMembership,
  IamPolicyData,
  InlinePolicy,
  ServiceLastAccessed,
} from '../model/iam.js';
import { parsePolicyDocument, type PolicyDocument } from '../model/policy-document.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import { iso, tagRecord } from './attributes.js';
import { homeRegion } from './home-region.js';
import { list, listOperation, listOrFail } from './list.js';
import { attempt, attributeOperations, call, readAttributes, table } from './reads.js';
import { newResource } from './resource.js';
import { defineScanner, needs, type ScannerContext, type TypeCosts } from './scanner.js';
import { operationOf, sender, type AnyCommandClass, type Sender } from './sdk.js';

const ROLE = 'aws.iam.role';
const USER = 'aws.iam.user';
const GROUP = 'aws.iam.group';
const POLICY = 'aws.iam.policy';
const ACCOUNT = 'aws.iam.account';
const ROOT = 'aws.iam.root';
const DETAIL_TYPES = [ROLE, USER, GROUP, POLICY];

export const ROOT_USER = '<root_account>';

/** Pauses between credential-report polls (ms); tests may shorten them. */
export const reportPolling = { delays: [500, 1000, 2000, 3000, 5000, 5000, 5000, 8000, 10000] };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const iam = (command: AnyCommandClass): string => operationOf('IAM', command);

/** Everything about the account's principals and managed policies, a page (up to 1000 items) at a time. */
const details = list('IAM', GetAccountAuthorizationDetailsCommand, {
  input: () => ({ MaxItems: 1000 }),
  inputToken: 'Marker',
  outputToken: 'Marker',
  items: (page): GetAccountAuthorizationDetailsCommandOutput[] => [page],
});

/** Customer-managed policies' tags (AWS-managed policies carry none). */
const policyReads = table<typeof POLICY, AnyResource>({
  type: POLICY,
  service: 'IAM',
  reads: {
    tags: call(ListPolicyTagsCommand, {
      input: (policy) => ({ PolicyArn: policy.arn }),
      map: (answer) => tagRecord(answer.Tags),
      applies: (policy) => !policy.data.awsManaged,
      notApplicable: {},
    }),
  },
});

const accountReads = table<typeof ACCOUNT, undefined>({
  type: ACCOUNT,
  service: 'IAM',
  reads: {
    passwordPolicy: call(GetAccountPasswordPolicyCommand, {
      input: () => ({}),
      map: ({ PasswordPolicy: policy }) =>
        policy
          ? {
              MinimumPasswordLength: policy.MinimumPasswordLength ?? 6,
              RequireSymbols: policy.RequireSymbols ?? false,
              RequireNumbers: policy.RequireNumbers ?? false,
              RequireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
              RequireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
              AllowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
              ExpirePasswords: policy.ExpirePasswords ?? false,
              MaxPasswordAge: policy.MaxPasswordAge ?? null,
              PasswordReusePrevention: policy.PasswordReusePrevention ?? null,
              HardExpiry: policy.HardExpiry ?? false,
            }
          : null,
      notConfigured: ['NoSuchEntity', 'NoSuchEntityException'],
    }),
    summary: call(GetAccountSummaryCommand, {
      input: () => ({}),
      map: ({ SummaryMap: map = {} }) =>
        Object.fromEntries(Object.entries(map).filter((entry): entry is [string, number] => typeof entry[1] === 'number')),
    }),
  },
});

/** MFA per user, when the credential report (which says it for every user at once) is unavailable. */
const mfaDevices = call(ListMFADevicesCommand, {
  input: (user: AnyResource) => ({ UserName: user.name }),
  map: (answer) => (answer.MFADevices ?? []).length > 0,
});

const REPORT = [iam(GenerateCredentialReportCommand), iam(GetCredentialReportCommand)];
const LAST_ACCESSED = [iam(GenerateServiceLastAccessedDetailsCommand), iam(GetServiceLastAccessedDetailsCommand)];
const DETAILS_OPERATION = listOperation(details);
const DETAILS = [DETAILS_OPERATION];
const costs: Record<string, TypeCosts> = {
  [ROLE]: { list: DETAILS, attributes: { serviceLastAccessed: LAST_ACCESSED } },
  [USER]: {
    list: DETAILS,
    attributes: { credentials: REPORT, mfaActive: [...REPORT, iam(ListMFADevicesCommand)], serviceLastAccessed: LAST_ACCESSED },
  },
  [GROUP]: { list: DETAILS, attributes: {} },
  // Policies referenced but missing from the details: GetPolicy and GetPolicyVersion each.
  [POLICY]: { list: [...DETAILS, iam(GetPolicyCommand), iam(GetPolicyVersionCommand)], attributes: attributeOperations(policyReads) },
  [ACCOUNT]: { list: [], attributes: attributeOperations(accountReads) },
  [ROOT]: { list: [], attributes: { credentials: REPORT } },
};

export const iamScanner = defineScanner({
  service: 'iam',
  scope: 'global',
  costs,
  async scan(context) {
    const { plan, target } = context;
    const region = homeRegion(target.regions);
    const client = sender(context.clients, 'IAM', region);
    const partition = partitionOf(region);

    // The credential report is generated first and read last: AWS builds it while the other reads run.
    const wantsReport =
      needs(plan, USER, 'credentials') || needs(plan, USER, 'mfaActive') || needs(plan, ROOT, 'credentials');
    const report = wantsReport ? readReport(client) : undefined;
    const wantsDetails = DETAIL_TYPES.some((type) => plan.has(type));
    const [details, account] = await Promise.all([
      wantsDetails ? readDetails(context, region) : undefined,
      plan.has(ACCOUNT) ? scanAccount(context, region, partition) : undefined,
    ]);
    if (account) context.emit(account);
    if (!details) {
      if (plan.has(ROOT)) context.emit(rootResource(context, partition, await report));
      return;
    }

    const policies = new Map<string, AnyResource>();
    for (const detail of details.policies) {
      const resource = policyResource(context, detail);
      if (resource) policies.set(resource.arn, resource);
    }
    const roles = details.roles.map((detail) => roleResource(context, detail));
    const groups = new Map(details.groups.map((detail) => [detail.GroupName ?? '', groupResource(context, detail)]));
    const users = details.users.map((detail) => userResource(context, detail, groups));

    if (plan.has(POLICY)) {
      await resolveMissingPolicies(context, client, [...roles, ...users, ...groups.values()], policies);
      await Promise.all([...policies.values()].map((policy) => readAttributes(context, policy, policyReads, policy, { region, limit: true })));
      for (const policy of policies.values()) context.emit(policy);
    }
    if (context.options.iamLastAccessed) await readLastAccessed(context, client, [...roles, ...users]);
    if (plan.has(ROLE)) for (const role of roles) context.emit(role);
    if (plan.has(GROUP)) for (const group of groups.values()) context.emit(group);
    const credentials = await report;
    if (plan.has(ROOT)) context.emit(rootResource(context, partition, credentials));
    if (credentials !== undefined && plan.has(USER)) await attachCredentials(context, region, users, credentials);
    if (plan.has(USER)) for (const user of users) context.emit(user);
  },
});

interface Details {
  users: UserDetail[];
  groups: GroupDetail[];
  roles: RoleDetail[];
  policies: ManagedPolicyDetail[];
}

/** The authorization details, every page; a failure is a scan error for the types they carry. */
async function readDetails(context: ScannerContext, region: string): Promise<Details | undefined> {
  const pages = await listOrFail(context, details, DETAIL_TYPES, { region });
  if (!pages) return undefined;
  return {
    users: pages.flatMap((page) => page.UserDetailList ?? []),
    groups: pages.flatMap((page) => page.GroupDetailList ?? []),
    roles: pages.flatMap((page) => page.RoleDetailList ?? []),
    policies: pages.flatMap((page) => page.Policies ?? []),
  };
}

type ReportRead = { rows: CredentialReportRow[] } | { error: CollectionError };

/** Generates the credential report (polling until it is ready), then reads it. */
async function readReport(client: Sender): Promise<ReportRead> {
  let operation = iam(GenerateCredentialReportCommand);
  try {
    for (let attempt = 0; ; attempt++) {
      const state = (await client.send(GenerateCredentialReportCommand, {})).State;
      if (state === 'COMPLETE') break;
      const delay = reportPolling.delays[attempt];
      if (delay === undefined) {
        return { error: { code: 'ReportNotReady', message: 'the credential report was not ready in time', operation } };
      }
      await sleep(delay);
    }
    operation = iam(GetCredentialReportCommand);
    for (let attempt = 0; ; attempt++) {
      try {
        const content = (await client.send(GetCredentialReportCommand, {})).Content;
        const text = content === undefined ? '' : Buffer.from(content).toString('utf8');
        return { rows: parseCredentialReport(text) };
      } catch (error) {
        const delay = reportPolling.delays[attempt];
        if (errorCode(error) !== 'ReportInProgress' || delay === undefined) throw error;
        await sleep(delay);
      }
    }
  } catch (error) {
    return { error: toCollectionError(error, operation) };
  }
}

function reportDate(value: string | undefined): string | null {
  if (!value || value === 'N/A' || value === 'no_information' || value === 'not_supported') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Parses the credential report CSV (its fields are never quoted). */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines.shift()?.split(',') ?? [];
  return lines.map((line) => {
    const cells = line.split(',');
    const field = (name: string): string | undefined => cells[header.indexOf(name)];
    const accessKeys: AccessKeyReport[] = [];
    for (const slot of [1, 2] as const) {
      const active = field(`access_key_${slot}_active`) === 'true';
      const lastRotated = reportDate(field(`access_key_${slot}_last_rotated`));
      if (!active && lastRotated === null) continue;
      const service = field(`access_key_${slot}_last_used_service`);
      accessKeys.push({
        slot,
        active,
        lastRotated,
        lastUsed: reportDate(field(`access_key_${slot}_last_used_date`)),
        lastUsedService: service && service !== 'N/A' ? service : null,
      });
    }
    return {
      user: field('user') ?? '',
      arn: field('arn') ?? '',
      userCreationTime: reportDate(field('user_creation_time')),
      passwordEnabled: field('password_enabled') === 'true',
      passwordLastUsed: reportDate(field('password_last_used')),
      passwordLastChanged: reportDate(field('password_last_changed')),
      mfaActive: field('mfa_active') === 'true',
      accessKeys,
    };
  });
}

function parseError(error: unknown, operation: string): CollectionError {
  return { code: 'PolicyParseError', message: (error as Error).message, operation };
}

/** Inline policies; a document that does not parse makes the whole attribute unreadable. */
function inlinePolicies(list: PolicyDetail[] | undefined): InlinePolicy[] {
  return (list ?? []).map((policy) => ({
    name: policy.PolicyName ?? '',
    document: parsePolicyDocument(policy.PolicyDocument ?? ''),
  }));
}

function attachedRefs(list: AttachedPolicy[] | undefined): AttachedPolicyRef[] {
  return (list ?? []).map((policy) => ({ arn: policy.PolicyArn ?? '', name: policy.PolicyName ?? '' }));
}

function base(context: ScannerContext, type: string, arn: string, name: string, tags: Record<string, string>): AnyResource {
  return newResource(context, type, { arn, name, tags, region: 'global' });
}

function setInline(resource: AnyResource, list: PolicyDetail[] | undefined): void {
  try {
    resource.data.inlinePolicies = inlinePolicies(list);
  } catch (error) {
    resource.errors.inlinePolicies = parseError(error, DETAILS_OPERATION);
  }
}

function roleResource(context: ScannerContext, detail: RoleDetail): AnyResource {
  const resource = base(context, ROLE, detail.Arn ?? '', detail.RoleName ?? '', tagRecord(detail.Tags));
  Object.assign(resource.data, {
    path: detail.Path ?? '/',
    roleId: detail.RoleId ?? '',
    createDate: iso(detail.CreateDate),
    attachedPolicies: attachedRefs(detail.AttachedManagedPolicies),
    permissionsBoundary: detail.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    lastUsed: iso(detail.RoleLastUsed?.LastUsedDate),
    instanceProfiles: (detail.InstanceProfileList ?? []).map((profile) => profile.Arn ?? ''),
  });
  try {
    resource.data.trustPolicy = detail.AssumeRolePolicyDocument ? parsePolicyDocument(detail.AssumeRolePolicyDocument) : null;
  } catch (error) {
    resource.errors.trustPolicy = parseError(error, DETAILS_OPERATION);
  }
  setInline(resource, detail.RolePolicyList);
  return resource;
}

function groupResource(context: ScannerContext, detail: GroupDetail): AnyResource {
  // Groups cannot be tagged.
  const resource = base(context, GROUP, detail.Arn ?? '', detail.GroupName ?? '', {});
  Object.assign(resource.data, {
    path: detail.Path ?? '/',
    groupId: detail.GroupId ?? '',
    attachedPolicies: attachedRefs(detail.AttachedManagedPolicies),
  });
  setInline(resource, detail.GroupPolicyList);
  return resource;
}

function userResource(context: ScannerContext, detail: UserDetail, groups: Map<string, AnyResource>): AnyResource {
  const resource = base(context, USER, detail.Arn ?? '', detail.UserName ?? '', tagRecord(detail.Tags));
  Object.assign(resource.data, {
    path: detail.Path ?? '/',
    userId: detail.UserId ?? '',
    createDate: iso(detail.CreateDate),
    attachedPolicies: attachedRefs(detail.AttachedManagedPolicies),
    permissionsBoundary: detail.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  });
  setInline(resource, detail.UserPolicyList);
  const memberships: GroupMembership[] = [];
  for (const name of detail.GroupList ?? []) {
    const group = groups.get(name);
    const groupError = group?.errors.inlinePolicies;
    if (!group || groupError) {
      resource.errors.groups = groupError ?? {
        code: 'GroupNotFound',
        message: `group ${name} is not in the authorization details`,
        operation: DETAILS_OPERATION,
      };
      break;
    }
    memberships.push({
      name,
      arn: group.arn,
      inlinePolicies: group.data.inlinePolicies as InlinePolicy[],
      attachedPolicies: group.data.attachedPolicies as AttachedPolicyRef[],
    });
  }
  if (!resource.errors.groups) resource.data.groups = memberships;
  return resource;
}

function policyResource(context: ScannerContext, detail: ManagedPolicyDetail): AnyResource | undefined {
  if (!detail.Arn) return undefined;
  // moto 5.2 leaves PolicyName out of the details: the ARN's last segment is the name.
  const resource = base(context, POLICY, detail.Arn, detail.PolicyName || (detail.Arn.split('/').pop() ?? detail.Arn), {});
  Object.assign(resource.data, {
    policyId: detail.PolicyId ?? '',
    path: detail.Path ?? '/',
    awsManaged: /^arn:[^:]+:iam::aws:policy\//.test(detail.Arn),
    attachmentCount: detail.AttachmentCount ?? 0,
    permissionsBoundaryUsageCount: detail.PermissionsBoundaryUsageCount ?? 0,
    defaultVersionId: detail.DefaultVersionId ?? null,
  } satisfies Omit<IamPolicyData, 'document'>);
  const version =
    detail.PolicyVersionList?.find((candidate) => candidate.IsDefaultVersion) ??
    detail.PolicyVersionList?.find((candidate) => candidate.VersionId === detail.DefaultVersionId);
  setDocument(resource, version?.Document, DETAILS_OPERATION);
  return resource;
}

function setDocument(resource: AnyResource, text: string | undefined, operation: string): void {
  if (!text) {
    resource.errors.document = { code: 'NoDefaultVersion', message: 'no default policy version was returned', operation };
    return;
  }
  try {
    resource.data.document = parsePolicyDocument(text) satisfies PolicyDocument;
  } catch (error) {
    resource.errors.document = parseError(error, operation);
  }
}

/**
 * Managed policies a principal references (attached or as boundary) that the details did not include:
 * two calls each, usually none (AWS managed boundaries attached nowhere else are the typical case).
 */
async function resolveMissingPolicies(
  context: ScannerContext,
  client: Sender,
  principals: AnyResource[],
  policies: Map<string, AnyResource>,
): Promise<void> {
  const referenced = new Set<string>();
  for (const principal of principals) {
    for (const ref of (principal.data.attachedPolicies as AttachedPolicyRef[] | undefined) ?? []) referenced.add(ref.arn);
    const boundary = principal.data.permissionsBoundary as string | null | undefined;
    if (boundary) referenced.add(boundary);
  }
  const missing = [...referenced].filter((arn) => arn && !policies.has(arn));
  await Promise.all(
    missing.map((arn) =>
      context.limit(async () => {
        const resource = base(context, POLICY, arn, arn.split('/').pop() ?? arn, {});
        resource.data.awsManaged = /^arn:[^:]+:iam::aws:policy\//.test(arn);
        try {
          const policy = (await client.send(GetPolicyCommand, { PolicyArn: arn })).Policy;
          Object.assign(resource.data, {
            policyId: policy?.PolicyId ?? '',
            path: policy?.Path ?? '/',
            attachmentCount: policy?.AttachmentCount ?? 0,
            permissionsBoundaryUsageCount: policy?.PermissionsBoundaryUsageCount ?? 0,
            defaultVersionId: policy?.DefaultVersionId ?? null,
          });
          const version = await client.send(GetPolicyVersionCommand, { PolicyArn: arn, VersionId: policy?.DefaultVersionId });
          setDocument(resource, version.PolicyVersion?.Document, iam(GetPolicyVersionCommand));
        } catch (error) {
          resource.errors.document = toCollectionError(error, iam(GetPolicyCommand));
        }
        policies.set(arn, resource);
      }),
    ),
  );
}

/** Credential-report rows onto users; without a report, MFA from ListMFADevices (one call per user). */
async function attachCredentials(context: ScannerContext, region: string, users: AnyResource[], report: ReportRead): Promise<void> {
  if ('rows' in report) {
    const byArn = new Map(report.rows.map((row) => [row.arn, row]));
    for (const user of users) {
      const row = byArn.get(user.arn) ?? null;
      user.data.credentials = row;
      if (row) user.data.mfaActive = row.mfaActive;
      else if (needs(context.plan, USER, 'mfaActive')) {
        user.errors.mfaActive = {
          code: 'NotInCredentialReport',
          message: 'the user has no row in the credential report',
          operation: iam(GetCredentialReportCommand),
        };
      }
    }
    return;
  }
  for (const user of users) user.errors.credentials = report.error;
  if (!needs(context.plan, USER, 'mfaActive')) return;
  const client = sender(context.clients, 'IAM', region);
  await Promise.all(
    users.map(async (user) => {
      const outcome = await context.limit(() => attempt(client, mfaDevices, user));
      if ('gone' in outcome) return;
      if ('error' in outcome) user.errors.mfaActive = outcome.error;
      else user.data.mfaActive = outcome.value;
    }),
  );
}

/**
 * Service-last-accessed data: a job per principal (slow, hence the flag). When the first job cannot be
 * started (an endpoint that does not implement it), every principal gets that error without more calls.
 */
async function readLastAccessed(context: ScannerContext, client: Sender, principals: AnyResource[]): Promise<void> {
  let failure: CollectionError | undefined;
  const readOne = async (principal: AnyResource): Promise<void> => {
    if (failure) {
      principal.errors.serviceLastAccessed = failure;
      return;
    }
    const generate = iam(GenerateServiceLastAccessedDetailsCommand);
    let operation = generate;
    try {
      const jobId = (await client.send(GenerateServiceLastAccessedDetailsCommand, { Arn: principal.arn })).JobId;
      operation = iam(GetServiceLastAccessedDetailsCommand);
      for (const delay of [0, ...reportPolling.delays]) {
        if (delay) await sleep(delay);
        const answer = await client.send(GetServiceLastAccessedDetailsCommand, { JobId: jobId });
        if (answer.JobStatus === 'IN_PROGRESS') continue;
        if (answer.JobStatus === 'FAILED') throw Object.assign(new Error(answer.Error?.Message ?? 'job failed'), { name: 'JobFailed' });
        principal.data.serviceLastAccessed = (answer.ServicesLastAccessed ?? []).map(
          (entry): ServiceLastAccessed => ({ service: entry.ServiceNamespace ?? '', lastAuthenticated: iso(entry.LastAuthenticated) }),
        );
        return;
      }
      principal.errors.serviceLastAccessed = { code: 'JobNotReady', message: 'the last-accessed job did not finish in time', operation };
    } catch (error) {
      const collectionError = toCollectionError(error, operation);
      principal.errors.serviceLastAccessed = collectionError;
      if (operation === generate) failure = collectionError;
    }
  };
  // The first job alone, so an unimplemented API costs one call, not one per principal.
  const [first, ...rest] = principals;
  if (first) await readOne(first);
  await Promise.all(rest.map((principal) => context.limit(() => readOne(principal))));
}

async function scanAccount(context: ScannerContext, region: string, partition: string): Promise<AnyResource> {
  const account = base(context, ACCOUNT, `arn:${partition}:iam::${context.target.accountId}:account`, `IAM settings of ${context.target.accountId}`, {});
  await readAttributes(context, account, accountReads, undefined, { region });
  return account;
}

function rootResource(context: ScannerContext, partition: string, report: ReportRead | undefined): AnyResource {
  const root = base(context, ROOT, `arn:${partition}:iam::${context.target.accountId}:root`, 'root', {});
  if (report === undefined) return root;
  if ('error' in report) {
    root.errors.credentials = report.error;
    return root;
  }
  const row = report.rows.find((candidate) => candidate.user === ROOT_USER);
  if (row) root.data.credentials = row;
  else {
    // Never a pass by absence: a report without the root row says nothing about root's keys or MFA.
    root.errors.credentials = {
      code: 'RootRowMissing',
      message: `the credential report has no ${ROOT_USER} row`,
      operation: iam(GetCredentialReportCommand),
    };
  }
  return root;
}
