import type { AccessMap } from './access-map.js';
import type { Finding, FindingStatus, References, Severity } from './finding.js';
import type { ScanError, ShardInfo, Target } from './inventory.js';
import type { CollectionError } from './resource.js';
import type { CollectionTimings } from './timings.js';

export const REPORT_SCHEMA_VERSION = 1 as const;

export type StatusCounts = Record<FindingStatus, number>;

/** A collection error flattened for reading: where, what, why. */
export interface ReportCollectionError extends CollectionError {
  accountId: string;
  region: string;
  service?: string;
  /** The resource whose attribute could not be read (absent for account/service/region failures). */
  resourceArn?: string;
  attribute?: string;
  resourceTypes?: string[];
}

export interface ReportRule {
  id: string;
  title: string;
  severity: Severity;
  resourceType: string;
  remediation: string;
  references: References;
  source: string;
}

export interface ReportPolicy {
  name: string;
  source: string;
  digest: string;
  appliesTo?: unknown;
}

/** What the gate decided: `pass`, `fail` (exit 1), or `incomplete` (exit 3: something could not be seen). */
export type GateVerdict = 'pass' | 'fail' | 'incomplete';

/**
 * The CI gate's decision, recorded in the report so it reads the same a week later: the threshold and mode
 * it was judged with, the verdict, the exit code the process ended with and why, in one sentence.
 */
export interface ReportGate {
  /** `--fail-on`: failures at or above this severity fail the gate. */
  failOn: Severity;
  /** `all`: every unwaived failure counts; `new`: only failures new against the baseline (`--fail-on-new`). */
  mode: 'all' | 'new';
  /** The baseline the findings were compared with, and how many fingerprints it held (unknown for baselines recorded by older versions). */
  baseline?: { source: string; fingerprints?: number };
  verdict: GateVerdict;
  /** The exit code the command ended with (0 under `--exit-zero`, whatever the verdict). */
  exitCode: 0 | 1 | 3;
  /** One sentence: why this verdict. */
  reason: string;
  /** Counts the verdict rests on: failures that fail the gate, failures it ignored, checks it could not decide. */
  counts: { gatingFailures: number; ignoredFailures: number; undecided: number; collectionErrors: number };
  /** `--exit-zero`: the verdict was reported, the exit code forced to 0. */
  exitZero: boolean;
  /** `--allow-incomplete`: a scan that could not see everything was accepted. */
  allowIncomplete: boolean;
}

/** When the inventory was collected (a snapshot evaluated later keeps its own collection time). */
export interface ReportCollection {
  startedAt: string;
  finishedAt?: string;
}

/** A waiver as a policy states it: which rule, on which resources (and accounts), why, whose, until when. */
export interface WaiverTerms {
  rule: string;
  resources: string[];
  accounts?: string[];
  reason: string;
  owner: string;
  expires: string;
}

/** One waiver of a policy and what it did in this evaluation. */
export interface WaiverState extends WaiverTerms {
  policy: string;
  daysToExpiry: number;
  /** Failing findings the waiver matched (applied, or would have if not expired). */
  matched: number;
}

export interface WaiverStatus {
  /** Waivers in force that matched at least one failing finding. */
  applied: WaiverState[];
  /** Waivers past their expiry date: not applied; their findings fail again. */
  expired: WaiverState[];
  /** Waivers in force that matched no failing finding: probably fixed or mistyped. */
  stale: WaiverState[];
  /** Waivers in force that expire within the warning window. */
  expiringSoon: WaiverState[];
  warningDays: number;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'squadguard'; version: string };
  policies: ReportPolicy[];
  /** This run (scan: collection and evaluation; evaluate/merge: the evaluation or merge alone). */
  startedAt: string;
  finishedAt: string;
  /** When the judged inventory was collected; absent in reports written before it was recorded. */
  collection?: ReportCollection;
  /** The gate's decision; set when the report is published (absent in older reports). */
  gate?: ReportGate;
  /** Accounts judged, with the account type they were judged as and the policies that applied. */
  targets: Array<Target & { policies: string[] }>;
  summary: {
    total: number;
    byStatus: StatusCounts;
    /** Unwaived failures per severity. */
    failuresBySeverity: Record<Severity, number>;
    byAccount: Record<string, StatusCounts>;
    byRule: Record<string, StatusCounts>;
    /** True when something could not be seen: collection errors or `error` findings. */
    incomplete: boolean;
  };
  rules: ReportRule[];
  findings: Finding[];
  /** With a baseline: failures of the baseline that no longer fail. */
  resolved?: Array<Pick<Finding, 'fingerprint' | 'ruleId' | 'title' | 'severity' | 'resource'>>;
  /** Cross-account grants judged by the isolation rules (present when one of them ran). */
  accessMap?: AccessMap;
  /** The baseline report compared against: its file, when it finished, and how many fingerprints it held. */
  baseline?: { source: string; finishedAt: string; fingerprints?: number };
  collectionErrors: ReportCollectionError[];
  waivers: WaiverStatus;
  apiCalls: Record<string, number>;
  throttles: Record<string, number>;
  notes: string[];
  /** The shard(s) this report covers: one for a `--shard` run, all of them after `merge`. */
  shards?: ShardInfo[];
  /** Where collection spent its time: per service, operation and account (present with `--timings`). */
  timings?: CollectionTimings;
  /** After `merge` of several timed runs: each run's timings, on its own clock (never summed into one timeline). */
  shardTimings?: Array<{ source: string; shard?: number; timings: CollectionTimings }>;
}

/**
 * The findings of a report as reporters read them: an array (small reports, tests) or read back from disk in
 * report order, as often as a reporter iterates. Reporters must not collect them into an array: a report of
 * an organization holds hundreds of thousands.
 */
export interface FindingList extends Iterable<Finding> {
  readonly length: number;
  /** Each finding's JSON text (compact, as the JSON report writes it), when the list holds it ready. */
  jsonLines?(): Iterable<string>;
}

/**
 * A report as it is published: every `Report` is one, and one built by a streamed evaluation or merge keeps
 * its findings on disk. Reporters, the gate and sinks take this.
 */
export type ReportView = Omit<Report, 'findings'> & { findings: FindingList };

export type { ScanError };
