import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MiddlewareStack } from '@smithy/types';
import { httpHandlerOptions, partitionOf } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import { isThrottlingError } from '../aws/meter.js';
import { operationOf } from '../aws/operations.js';
import {
  ACCOUNT_FIELD,
  NOTE_AUTHOR,
  REGION_FIELD,
  TOOL_FIELD,
  asffProblems,
  productArn,
  toAsff,
  waiverNote,
  type AsffContext,
  type WorkflowStatus,
} from '../integrations/asff.js';
import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';


/** Every call the sink makes, named from the command classes it sends: its IAM policy is generated from these. */
export const SECURITY_HUB_SINK_OPERATIONS: readonly string[] = [
  operationOf('STS', GetCallerIdentityCommand),
  operationOf('SecurityHub', BatchImportFindingsCommand),
  operationOf('SecurityHub', BatchUpdateFindingsCommand),
  operationOf('SecurityHub', GetFindingsCommand),
];

/**
 * The Security Hub sink: the only write squadguard makes, opt-in, into the one hub account named for it
 * (the credentials or `--security-hub-role-arn` given for the sink, never a scanned account's audit role).
 *
 * 1. GetFindings: squadguard's ACTIVE findings already in the hub (product ARN + tool marker).
 * 2. BatchImportFindings (≤ 100 findings and ≤ 6 MB per request): every failing, waived and undecided
 *    finding; a pass only when the hub holds that finding (so a fix updates it to PASSED); a finding the hub
 *    holds for an account and region this scan fully saw but that the scan no longer produced (the resource
 *    is gone) re-imported with RecordState ARCHIVED — AWS's own handling of deleted resources.
 * 3. BatchUpdateFindings (the customer-side API: Workflow and Note cannot be changed by a re-import): a
 *    fixed finding → Workflow RESOLVED with a note; a waived one → SUPPRESSED with the waiver's owner and
 *    reason as the note; one squadguard had resolved or suppressed that fails again → NEW.
 *    A suppression an analyst set in the console (their note's author is not squadguard) is left alone,
 *    and only squadguard's own RESOLVED/SUPPRESSED states are ever reopened.
 * Every finding Security Hub rejects (FailedFindings, UnprocessedFindings, a failed request) is listed.
 */

const MAX_BATCH = 100;
/** BatchImportFindings accepts 6 MB per request; keep room for the envelope. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024 - 64 * 1024;
/** Bound on GetFindings pages (100 findings each): 5 million findings, then the lookup stops and says so. */
const MAX_PAGES = 50_000;
/** Errors after which further requests cannot succeed: stop instead of repeating the failure per batch. */
const FATAL_CODES = /AccessDenied|InvalidAccess|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|CredentialsProviderError|ResourceNotFound|InvalidSignature|UnreadableResponse/;

export interface SecurityHubSinkOptions {
  /** Region of the hub the findings go to. */
  region: string;
  /** Role to assume for the import (the hub/delegated administrator account); default: the base credentials. */
  roleArn?: string;
  externalId?: string;
  /** Shared-config profile of the base credentials (default: the SDK credential chain). */
  profile?: string;
  /** Endpoint override (emulators); AWS_ENDPOINT_URL(_SECURITYHUB/_STS) are honoured without it. */
  endpoint?: string;
  maxAttempts?: number;
  /** Per-attempt timeouts (defaults 10 s and 60 s, as for the scan's calls: docs/limits.md). */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  now?: Date;
  /** Base credentials (library use); default: `profile` or the SDK credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Pre-built clients and account (library use and tests). */
  client?: SecurityHubClient;
  accountId?: string;
}

export interface SinkProblem {
  id: string;
  ruleId?: string;
  resource?: string;
  code: string;
  message: string;
}

export interface SinkResult {
  region: string;
  accountId: string;
  productArn: string;
  /** Findings accepted by BatchImportFindings (archive records included). */
  imported: number;
  /** Of those: not in the hub before. */
  created: number;
  resolved: number;
  suppressed: number;
  reopened: number;
  archived: number;
  /** Passing checks never imported before: nothing to resolve, not sent. */
  passesNotSent: number;
  /** Findings Security Hub (or the local ASFF check) rejected, or that were not sent after a fatal error. */
  rejected: SinkProblem[];
  /** Workflow/note updates that did not happen. */
  lifecycleFailures: SinkProblem[];
  /** Calls per operation (`SecurityHub.BatchImportFindings` …), retries not included; throttled attempts. */
  apiCalls: Record<string, number>;
  throttles: Record<string, number>;
  /** A failure that stopped the sink (no credentials, hub not enabled, access denied …). */
  fatal?: string;
}

/** What the sink keeps of a finding already in the hub. */
interface HeldFinding {
  id: string;
  compliance?: string;
  workflow?: string;
  noteText?: string;
  noteBy?: string;
  account?: string;
  region?: string;
  record: AwsSecurityFinding;
}

interface PlannedUpdate {
  workflow: WorkflowStatus;
  note: string;
  ids: string[];
  kind: 'resolved' | 'suppressed' | 'reopened';
}

class SinkMeter {
  readonly calls: Record<string, number> = {};
  readonly throttles: Record<string, number> = {};

  instrument(client: { middlewareStack: unknown }, service: string): void {
    const stack = client.middlewareStack as MiddlewareStack<object, object>;
    const name = (context: { commandName?: string }): string => `${service}.${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
    stack.add(
      (next, context) => async (args) => {
        const operation = name(context);
        this.calls[operation] = (this.calls[operation] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: 'squadguardSinkMeter', override: true },
    );
    stack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (isThrottlingError(error)) {
            const operation = name(context);
            this.throttles[operation] = (this.throttles[operation] ?? 0) + 1;
          }
          throw error;
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: 'squadguardSinkThrottleMeter', override: true },
    );
  }
}

function credentialsFor(options: SecurityHubSinkOptions): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
  const clientConfig = { requestHandler: httpHandlerOptions(options) };
  const base = options.credentials ?? (options.profile ? fromIni({ profile: options.profile, clientConfig }) : undefined);
  if (!options.roleArn) return base;
  return fromTemporaryCredentials({
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: 'squadguard-security-hub',
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    ...(base ? { masterCredentials: base } : {}),
    clientConfig: { ...clientConfig, region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) },
  });
}

/** Sends a report's findings to Security Hub with lifecycle; never throws for AWS answers (see `fatal`). */
export async function sendToSecurityHub(report: Report, options: SecurityHubSinkOptions): Promise<SinkResult> {
  const meter = new SinkMeter();
  const partition = partitionOf(options.region);
  const result: SinkResult = {
    region: options.region,
    accountId: options.accountId ?? '',
    productArn: '',
    imported: 0,
    created: 0,
    resolved: 0,
    suppressed: 0,
    reopened: 0,
    archived: 0,
    passesNotSent: 0,
    rejected: [],
    lifecycleFailures: [],
    apiCalls: meter.calls,
    throttles: meter.throttles,
  };
  const credentials = credentialsFor(options);
  const common = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 8,
    retryMode: 'adaptive',
    requestHandler: httpHandlerOptions(options), // no call waits forever
    ...(credentials ? { credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  const client = options.client ?? new SecurityHubClient(common);
  meter.instrument(client, 'SecurityHub');

  if (!result.accountId) {
    const sts = new STSClient(common);
    meter.instrument(sts, 'STS');
    try {
      result.accountId = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
    } catch (error) {
      const problem = toCollectionError(error, 'STS.GetCallerIdentity');
      result.fatal = `cannot tell which account the Security Hub credentials belong to (${problem.code}): ${problem.message}`;
    }
    if (!result.fatal && !/^\d{12}$/.test(result.accountId)) result.fatal = 'STS.GetCallerIdentity returned no account id';
  }
  const context: AsffContext = {
    region: options.region,
    accountId: result.accountId,
    partition,
    now: (options.now ?? new Date()).toISOString(),
    toolVersion: report.tool.version,
  };
  result.productArn = productArn(context);
  if (result.fatal) {
    result.rejected = notSent(report.findings.filter((f) => f.status !== 'pass'), result.fatal);
    return result;
  }

  let held: Map<string, HeldFinding>;
  try {
    held = await heldFindings(client, result.productArn);
  } catch (error) {
    const problem = toCollectionError(error, 'SecurityHub.GetFindings');
    result.fatal = `cannot read the findings already in Security Hub ${options.region} (${problem.code}): ${problem.message}`;
    result.rejected = notSent(report.findings.filter((f) => f.status !== 'pass'), result.fatal);
    return result;
  }

  const records: AwsSecurityFinding[] = [];
  const byId = new Map<string, Finding>();
  const updates = new Map<string, PlannedUpdate>();
  const plan = (kind: PlannedUpdate['kind'], workflow: WorkflowStatus, note: string, id: string): void => {
    const key = `${workflow}\n${note}`;
    const entry = updates.get(key) ?? { workflow, note, ids: [], kind };
    entry.ids.push(id);
    updates.set(key, entry);
  };
  for (const finding of report.findings) {
    const previous = held.get(finding.fingerprint);
    if (finding.status === 'pass') {
      if (!previous || (previous.compliance === 'PASSED' && previous.workflow === 'RESOLVED')) {
        if (!previous) result.passesNotSent++;
        continue;
      }
    }
    const record = toAsff(finding, context, previous?.record);
    records.push(record);
    byId.set(record.Id ?? finding.fingerprint, finding);
    if (!previous) continue; // a new finding gets its workflow and note with the import
    const ours = previous.noteBy === NOTE_AUTHOR;
    // An analyst's suppression (their note, not squadguard's) is theirs: squadguard leaves it alone.
    const analystSuppressed = previous.workflow === 'SUPPRESSED' && !ours;
    if (finding.status === 'pass') {
      if (previous.workflow !== 'RESOLVED' && !analystSuppressed) {
        plan('resolved', 'RESOLVED', `Resolved by squadguard: the check passes as of ${report.finishedAt}.`, finding.fingerprint);
      }
    } else if (finding.status === 'waived') {
      const note = waiverNote(finding) ?? 'Waived';
      if (!analystSuppressed && (previous.workflow !== 'SUPPRESSED' || previous.noteText !== note)) plan('suppressed', 'SUPPRESSED', note, finding.fingerprint);
    } else if ((finding.status === 'fail' || finding.status === 'error') && ours && (previous.workflow === 'SUPPRESSED' || previous.workflow === 'RESOLVED')) {
      const why = previous.workflow === 'SUPPRESSED' ? 'the waiver no longer applies' : 'the check no longer passes';
      plan('reopened', 'NEW', `Reopened by squadguard: ${why} (${finding.status}) as of ${report.finishedAt}.`, finding.fingerprint);
    }
  }
  const inScope = archiveScope(report);
  const current = new Set(report.findings.map((f) => f.fingerprint));
  const archiving = new Set<string>();
  for (const entry of held.values()) {
    if (current.has(entry.id) || !entry.account || !inScope(entry.account, entry.region ?? '')) continue;
    records.push({ ...entry.record, RecordState: 'ARCHIVED', UpdatedAt: context.now });
    archiving.add(entry.id);
  }

  const accepted = await importAll(client, records, byId, result);
  for (const id of accepted) {
    if (archiving.has(id)) result.archived++;
    else if (!held.has(id)) {
      result.created++;
      if (byId.get(id)?.status === 'waived') result.suppressed++; // imported SUPPRESSED with its note
    }
  }
  // Also after a fatal import error: each update that cannot be made is then listed with its cause.
  await updateAll(client, result, [...updates.values()], accepted, byId);
  return result;
}

/** squadguard's ACTIVE findings of this product in the hub (filtered again here: emulators ignore filters). */
async function heldFindings(client: SecurityHubClient, product: string): Promise<Map<string, HeldFinding>> {
  const filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: product, Comparison: 'EQUALS' }],
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    ProductFields: [{ Key: TOOL_FIELD, Value: 'squadguard', Comparison: 'EQUALS' }],
  };
  const held = new Map<string, HeldFinding>();
  const seenTokens = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.send(new GetFindingsCommand({ Filters: filters, MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    for (const finding of answer.Findings ?? []) {
      if (!finding.Id || finding.ProductArn !== product || finding.RecordState === 'ARCHIVED') continue;
      if (finding.ProductFields?.[TOOL_FIELD] !== 'squadguard') continue;
      held.set(finding.Id, {
        id: finding.Id,
        compliance: finding.Compliance?.Status,
        workflow: finding.Workflow?.Status,
        noteText: finding.Note?.Text,
        noteBy: finding.Note?.UpdatedBy,
        account: finding.ProductFields[ACCOUNT_FIELD],
        region: finding.ProductFields[REGION_FIELD],
        record: importable(finding),
      });
    }
    token = answer.NextToken;
    if (!token || seenTokens.has(token)) return held;
    seenTokens.add(token);
  }
  throw Object.assign(new Error(`more than ${MAX_PAGES * 100} findings: lookup stopped`), { name: 'TooManyFindings' });
}

/** The provider-owned fields of a held finding, for re-importing it (archiving). */
function importable(finding: AwsSecurityFinding): AwsSecurityFinding {
  const productFields = Object.fromEntries(Object.entries(finding.ProductFields ?? {}).filter(([key]) => key.startsWith('squadguard/')));
  return {
    SchemaVersion: finding.SchemaVersion,
    Id: finding.Id,
    ProductArn: finding.ProductArn,
    GeneratorId: finding.GeneratorId,
    AwsAccountId: finding.AwsAccountId,
    Types: finding.Types,
    CreatedAt: finding.CreatedAt,
    UpdatedAt: finding.UpdatedAt,
    ...(finding.FirstObservedAt ? { FirstObservedAt: finding.FirstObservedAt } : {}),
    ...(finding.LastObservedAt ? { LastObservedAt: finding.LastObservedAt } : {}),
    Severity: finding.Severity,
    Title: finding.Title,
    Description: finding.Description,
    ...(finding.Remediation ? { Remediation: finding.Remediation } : {}),
    ProductFields: productFields,
    Resources: (finding.Resources ?? []).map((resource) => ({
      Type: resource.Type,
      Id: resource.Id,
      ...(resource.Partition ? { Partition: resource.Partition } : {}),
      ...(resource.Region ? { Region: resource.Region } : {}),
    })),
    ...(finding.Compliance ? { Compliance: finding.Compliance } : {}),
  };
}

/**
 * Accounts and regions whose absent findings mean "resource gone": scanned (a target with that region, or a
 * global resource) and seen without an account-, service- or region-level error — an account whose role
 * could not be assumed or whose S3 listing failed has findings missing for that reason, not because
 * anything was fixed.
 */
function archiveScope(report: Report): (account: string, region: string) => boolean {
  const regions = new Map(report.targets.map((target) => [target.accountId, new Set(target.regions)]));
  const blocked = new Set<string>();
  for (const error of report.collectionErrors) if (!error.resourceArn) blocked.add(error.accountId);
  for (const finding of report.findings) {
    if (finding.status === 'error' && finding.resource.arn.startsWith('squadguard:scope/')) blocked.add(finding.resource.accountId);
  }
  return (account, region) => {
    const scanned = regions.get(account);
    return !!scanned && !blocked.has(account) && (region === 'global' || scanned.has(region));
  };
}

function describe(finding: Finding | undefined, id: string, code: string, message: string): SinkProblem {
  return finding ? { id, ruleId: finding.ruleId, resource: finding.resource.arn, code, message } : { id, code, message };
}

/** A rejected record, named by the finding it came from (or, for an archive record, by its own fields). */
function rejectedRecord(record: AwsSecurityFinding, byId: Map<string, Finding>, code: string, message: string): SinkProblem {
  const id = record.Id ?? '';
  const finding = byId.get(id);
  if (finding) return describe(finding, id, code, message);
  const resource = record.Resources?.[0]?.Id;
  return { id, ...(record.GeneratorId ? { ruleId: record.GeneratorId } : {}), ...(resource ? { resource } : {}), code, message };
}

function notSent(findings: Finding[], cause: string): SinkProblem[] {
  return findings.map((finding) => describe(finding, finding.fingerprint, 'NotSent', cause));
}

/** Request batches: at most 100 findings and 6 MB each, in order. */
export function* importBatches(records: AwsSecurityFinding[]): Generator<AwsSecurityFinding[]> {
  let batch: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = Buffer.byteLength(JSON.stringify(record)) + 1;
    if (batch.length > 0 && (batch.length >= MAX_BATCH || bytes + size > MAX_REQUEST_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** Imports records in batches; returns the ids Security Hub accepted. Rejections go to `result.rejected`. */
async function importAll(
  client: SecurityHubClient,
  records: AwsSecurityFinding[],
  byId: Map<string, Finding>,
  result: SinkResult,
): Promise<Set<string>> {
  const accepted = new Set<string>();
  const valid: AwsSecurityFinding[] = [];
  for (const record of records) {
    const problems = asffProblems(record);
    if (problems.length > 0) result.rejected.push(rejectedRecord(record, byId, 'InvalidInput', `not sent: ${problems.join('; ')}`));
    else valid.push(record);
  }
  for (const batch of importBatches(valid)) {
    if (result.fatal) {
      for (const record of batch) result.rejected.push(rejectedRecord(record, byId, 'NotSent', result.fatal));
      continue;
    }
    try {
      const answer = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      const failed = new Map((answer.FailedFindings ?? []).map((failure) => [failure.Id ?? '', failure]));
      for (const record of batch) {
        const id = record.Id ?? '';
        const failure = failed.get(id);
        if (failure) result.rejected.push(rejectedRecord(record, byId, failure.ErrorCode ?? 'Rejected', failure.ErrorMessage ?? 'rejected by Security Hub'));
        else accepted.add(id);
      }
      // A count without per-finding detail (never seen from AWS) must not read as success.
      const unexplained = (answer.FailedCount ?? 0) - failed.size;
      if (unexplained > 0) result.rejected.push({ id: '', code: 'Rejected', message: `${unexplained} finding(s) counted as failed without detail` });
    } catch (error) {
      const problem = toCollectionError(error, 'SecurityHub.BatchImportFindings');
      for (const record of batch) result.rejected.push(rejectedRecord(record, byId, problem.code, problem.message));
      if (FATAL_CODES.test(problem.code)) result.fatal = `BatchImportFindings failed (${problem.code}): ${problem.message}`;
    }
  }
  result.imported = accepted.size;
  return accepted;
}

/** Workflow/note updates, grouped (one request updates up to 100 findings to the same state and note). */
async function updateAll(
  client: SecurityHubClient,
  result: SinkResult,
  updates: PlannedUpdate[],
  accepted: Set<string>,
  byId: Map<string, Finding>,
): Promise<void> {
  for (const update of updates) {
    const ids = update.ids.filter((id) => accepted.has(id));
    for (let start = 0; start < ids.length; start += MAX_BATCH) {
      const chunk = ids.slice(start, start + MAX_BATCH);
      const fail = (id: string, code: string, message: string): void => {
        result.lifecycleFailures.push(describe(byId.get(id), id, code, `Workflow ${update.workflow} not set: ${message}`));
      };
      try {
        const answer = await client.send(
          new BatchUpdateFindingsCommand({
            FindingIdentifiers: chunk.map((Id) => ({ Id, ProductArn: result.productArn })),
            Workflow: { Status: update.workflow },
            Note: { Text: update.note, UpdatedBy: NOTE_AUTHOR },
          }),
        );
        const unprocessed = new Map((answer.UnprocessedFindings ?? []).map((entry) => [entry.FindingIdentifier?.Id ?? '', entry]));
        for (const id of chunk) {
          const entry = unprocessed.get(id);
          if (entry) fail(id, entry.ErrorCode ?? 'Unprocessed', entry.ErrorMessage ?? 'not processed');
          else result[update.kind]++;
        }
      } catch (error) {
        const problem = toCollectionError(error, 'SecurityHub.BatchUpdateFindings');
        for (const id of chunk) fail(id, problem.code, problem.message);
      }
    }
  }
}
