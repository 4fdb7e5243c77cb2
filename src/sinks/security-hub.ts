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
import type { ReportView } from '../model/report.js';


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

/** The finding a problem is about, kept as text: the sink holds no findings once their batch is sent. */
type Subject = Pick<SinkProblem, 'id' | 'ruleId' | 'resource'>;

interface PlannedUpdate {
  workflow: WorkflowStatus;
  note: string;
  /** Findings to update: those whose import Security Hub accepted. */
  targets: Subject[];
  kind: 'resolved' | 'suppressed' | 'reopened';
}

/** A record waiting for its import batch, with the finding it came from (absent for an archive record). */
interface Pending {
  record: AwsSecurityFinding;
  finding?: Finding;
  archive?: boolean;
  /** The workflow/note update to make once the import is accepted. */
  update?: PlannedUpdate;
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

/**
 * Sends a report's findings to Security Hub with lifecycle; never throws for AWS answers (see `fatal`).
 * The findings are read once and imported batch by batch as they come: no finding is held beyond its batch.
 * What grows is the hub's side (its squadguard findings, read first) and the planned workflow updates.
 */
export async function sendToSecurityHub(report: ReportView, options: SecurityHubSinkOptions): Promise<SinkResult> {
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
    result.rejected = notSent(report.findings, result.fatal);
    return result;
  }

  let held: Map<string, HeldFinding>;
  try {
    held = await heldFindings(client, result.productArn);
  } catch (error) {
    const problem = toCollectionError(error, 'SecurityHub.GetFindings');
    result.fatal = `cannot read the findings already in Security Hub ${options.region} (${problem.code}): ${problem.message}`;
    result.rejected = notSent(report.findings, result.fatal);
    return result;
  }

  const updates = new Map<string, PlannedUpdate>();
  const plan = (kind: PlannedUpdate['kind'], workflow: WorkflowStatus, note: string): PlannedUpdate => {
    const key = `${workflow}\n${note}`;
    const entry = updates.get(key) ?? { workflow, note, targets: [], kind };
    updates.set(key, entry);
    return entry;
  };
  const importer = new Importer(client, result, held);
  // Held findings the report does not produce: archived below when their account and region were fully seen.
  const unseen = new Set(held.keys());
  // Accounts whose scope could not be judged at all (their findings are missing, not fixed).
  const unjudged = new Set<string>();
  for (const finding of report.findings) {
    unseen.delete(finding.fingerprint);
    if (finding.status === 'error' && finding.resource.arn.startsWith('squadguard:scope/')) unjudged.add(finding.resource.accountId);
    const previous = held.get(finding.fingerprint);
    if (finding.status === 'pass') {
      if (!previous || (previous.compliance === 'PASSED' && previous.workflow === 'RESOLVED')) {
        if (!previous) result.passesNotSent++;
        continue;
      }
    }
    const record = toAsff(finding, context, previous?.record);
    let update: PlannedUpdate | undefined;
    if (previous) {
      // A new finding gets its workflow and note with the import; a held one through BatchUpdateFindings.
      const ours = previous.noteBy === NOTE_AUTHOR;
      // An analyst's suppression (their note, not squadguard's) is theirs: squadguard leaves it alone.
      const analystSuppressed = previous.workflow === 'SUPPRESSED' && !ours;
      if (finding.status === 'pass') {
        if (previous.workflow !== 'RESOLVED' && !analystSuppressed) {
          update = plan('resolved', 'RESOLVED', `Resolved by squadguard: the check passes as of ${report.finishedAt}.`);
        }
      } else if (finding.status === 'waived') {
        const note = waiverNote(finding) ?? 'Waived';
        if (!analystSuppressed && (previous.workflow !== 'SUPPRESSED' || previous.noteText !== note)) update = plan('suppressed', 'SUPPRESSED', note);
      } else if ((finding.status === 'fail' || finding.status === 'error') && ours && (previous.workflow === 'SUPPRESSED' || previous.workflow === 'RESOLVED')) {
        const why = previous.workflow === 'SUPPRESSED' ? 'the waiver no longer applies' : 'the check no longer passes';
        update = plan('reopened', 'NEW', `Reopened by squadguard: ${why} (${finding.status}) as of ${report.finishedAt}.`);
      }
    }
    await importer.add({ record, finding, ...(update ? { update } : {}) });
  }
  const inScope = archiveScope(report, unjudged);
  for (const id of unseen) {
    const entry = held.get(id)!;
    if (!entry.account || !inScope(entry.account, entry.region ?? '')) continue;
    await importer.add({ record: { ...entry.record, RecordState: 'ARCHIVED', UpdatedAt: context.now }, archive: true });
  }
  await importer.flush();
  // Also after a fatal import error: each update that cannot be made is then listed with its cause.
  await updateAll(client, result, [...updates.values()]);
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
 * anything was fixed. `unjudged`: accounts with a scope-level `error` finding, found while the findings were read.
 */
function archiveScope(report: ReportView, unjudged: Set<string>): (account: string, region: string) => boolean {
  const regions = new Map(report.targets.map((target) => [target.accountId, new Set(target.regions)]));
  const blocked = new Set(unjudged);
  for (const error of report.collectionErrors) if (!error.resourceArn) blocked.add(error.accountId);
  return (account, region) => {
    const scanned = regions.get(account);
    return !!scanned && !blocked.has(account) && (region === 'global' || scanned.has(region));
  };
}

function subject(finding: Finding, id = finding.fingerprint): Subject {
  return { id, ruleId: finding.ruleId, resource: finding.resource.arn };
}

/** A rejected record, named by the finding it came from (or, for an archive record, by its own fields). */
function rejectedRecord({ record, finding }: Pending, code: string, message: string): SinkProblem {
  const id = record.Id ?? '';
  if (finding) return { ...subject(finding, id), code, message };
  const resource = record.Resources?.[0]?.Id;
  return { id, ...(record.GeneratorId ? { ruleId: record.GeneratorId } : {}), ...(resource ? { resource } : {}), code, message };
}

/** Every finding that would have been sent (all but passes), listed as not sent. */
function notSent(findings: Iterable<Finding>, cause: string): SinkProblem[] {
  const problems: SinkProblem[] = [];
  for (const finding of findings) if (finding.status !== 'pass') problems.push({ ...subject(finding), code: 'NotSent', message: cause });
  return problems;
}

const recordBytes = (record: AwsSecurityFinding): number => Buffer.byteLength(JSON.stringify(record)) + 1;
const full = (count: number, bytes: number, size: number): boolean => count > 0 && (count >= MAX_BATCH || bytes + size > MAX_REQUEST_BYTES);

/** Request batches: at most 100 findings and 6 MB each, in order. */
export function* importBatches(records: Iterable<AwsSecurityFinding>): Generator<AwsSecurityFinding[]> {
  let batch: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record);
    if (full(batch.length, bytes, size)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Imports records as they come, a batch (≤ 100 records, ≤ 6 MB) at a time, and counts what Security Hub
 * accepted; rejections go to `result.rejected`, accepted findings join their planned workflow update.
 */
class Importer {
  private batch: Pending[] = [];
  private bytes = 0;

  constructor(
    private readonly client: SecurityHubClient,
    private readonly result: SinkResult,
    private readonly held: Map<string, HeldFinding>,
  ) {}

  async add(pending: Pending): Promise<void> {
    const problems = asffProblems(pending.record);
    if (problems.length > 0) {
      this.result.rejected.push(rejectedRecord(pending, 'InvalidInput', `not sent: ${problems.join('; ')}`));
      return;
    }
    const size = recordBytes(pending.record);
    if (full(this.batch.length, this.bytes, size)) await this.flush();
    this.batch.push(pending);
    this.bytes += size;
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.bytes = 0;
    if (batch.length === 0) return;
    const { result } = this;
    if (result.fatal) {
      for (const pending of batch) result.rejected.push(rejectedRecord(pending, 'NotSent', result.fatal));
      return;
    }
    try {
      const answer = await this.client.send(new BatchImportFindingsCommand({ Findings: batch.map((pending) => pending.record) }));
      const failed = new Map((answer.FailedFindings ?? []).map((failure) => [failure.Id ?? '', failure]));
      for (const pending of batch) {
        const failure = failed.get(pending.record.Id ?? '');
        if (failure) result.rejected.push(rejectedRecord(pending, failure.ErrorCode ?? 'Rejected', failure.ErrorMessage ?? 'rejected by Security Hub'));
        else this.accepted(pending);
      }
      // A count without per-finding detail (never seen from AWS) must not read as success.
      const unexplained = (answer.FailedCount ?? 0) - failed.size;
      if (unexplained > 0) result.rejected.push({ id: '', code: 'Rejected', message: `${unexplained} finding(s) counted as failed without detail` });
    } catch (error) {
      const problem = toCollectionError(error, 'SecurityHub.BatchImportFindings');
      for (const pending of batch) result.rejected.push(rejectedRecord(pending, problem.code, problem.message));
      if (FATAL_CODES.test(problem.code)) result.fatal = `BatchImportFindings failed (${problem.code}): ${problem.message}`;
    }
  }

  private accepted({ record, finding, archive, update }: Pending): void {
    const id = record.Id ?? '';
    this.result.imported++;
    if (archive) this.result.archived++;
    else if (!this.held.has(id)) {
      this.result.created++;
      if (finding?.status === 'waived') this.result.suppressed++; // imported SUPPRESSED with its note
    }
    if (update && finding) update.targets.push(subject(finding, id));
  }
}

/** Workflow/note updates, grouped (one request updates up to 100 findings to the same state and note). */
async function updateAll(client: SecurityHubClient, result: SinkResult, updates: PlannedUpdate[]): Promise<void> {
  for (const update of updates) {
    for (let start = 0; start < update.targets.length; start += MAX_BATCH) {
      const chunk = update.targets.slice(start, start + MAX_BATCH);
      const fail = (target: Subject, code: string, message: string): void => {
        result.lifecycleFailures.push({ ...target, code, message: `Workflow ${update.workflow} not set: ${message}` });
      };
      try {
        const answer = await client.send(
          new BatchUpdateFindingsCommand({
            FindingIdentifiers: chunk.map(({ id }) => ({ Id: id, ProductArn: result.productArn })),
            Workflow: { Status: update.workflow },
            Note: { Text: update.note, UpdatedBy: NOTE_AUTHOR },
          }),
        );
        const unprocessed = new Map((answer.UnprocessedFindings ?? []).map((entry) => [entry.FindingIdentifier?.Id ?? '', entry]));
        for (const target of chunk) {
          const entry = unprocessed.get(target.id);
          if (entry) fail(target, entry.ErrorCode ?? 'Unprocessed', entry.ErrorMessage ?? 'not processed');
          else result[update.kind]++;
        }
      } catch (error) {
        const problem = toCollectionError(error, 'SecurityHub.BatchUpdateFindings');
        for (const target of chunk) fail(target, problem.code, problem.message);
      }
    }
  }
}
