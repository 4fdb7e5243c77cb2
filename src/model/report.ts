import type { AccessMap } from './access-map.js';
import type { Finding, FindingStatus, References, Severity } from './finding.js';
import type { ScanError, ShardInfo, Target } from './inventory.js';
import type { CollectionError } from './resource.js';
import type { WaiverStatus } from '../engine/waivers.js';

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

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'squadguard'; version: string };
  policies: ReportPolicy[];
  startedAt: string;
  finishedAt: string;
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
  baseline?: { source: string; finishedAt: string };
  collectionErrors: ReportCollectionError[];
  waivers: WaiverStatus;
  apiCalls: Record<string, number>;
  throttles: Record<string, number>;
  notes: string[];
  /** The shard(s) this report covers: one for a `--shard` run, all of them after `merge`. */
  shards?: ShardInfo[];
}

export type { ScanError };
