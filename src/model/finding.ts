export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** `by` steps more severe (negative: less), held within info … critical. */
export function shiftSeverity(severity: Severity, by: number): Severity {
  const rank = Math.max(1, Math.min(SEVERITIES.length, severityRank(severity) + by));
  return SEVERITIES[SEVERITIES.length - rank] as Severity;
}

/** One step less severe (info stays info): used for grants narrowed by a condition. */
export function lowerSeverity(severity: Severity): Severity {
  return shiftSeverity(severity, -1);
}

export const FINDING_STATUSES = ['pass', 'fail', 'error', 'waived'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface References {
  /** AWS Foundational Security Best Practices control ids (e.g. S3.17). */
  fsbp?: string[];
  /** Prowler check ids. */
  prowler?: string[];
  /** CIS AWS Foundations Benchmark control ids. */
  cis?: string[];
  /** Documentation URLs. */
  docs?: string[];
}

export interface FindingResource {
  arn: string;
  type: string;
  accountId: string;
  region: string;
  name: string;
  /** The Terraform address the resource comes from (`module.data.aws_s3_bucket.raw["eu"]`), for plans. */
  terraformAddress?: string;
}

export interface AppliedWaiver {
  reason: string;
  owner: string;
  expires: string;
  /** Whole days from the scan date to the expiry date. */
  daysToExpiry: number;
  /** Where the waiver was declared (policy name). */
  policy: string;
}

export interface Finding {
  /** Stable across runs, shards and merges: hash of (rule id, resource arn, verdict key). */
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  resource: FindingResource;
  squad?: string;
  accountType?: string;
  message: string;
  /** Dotted path to the offending field of the resource (e.g. `data.encryption.algorithm`). */
  path?: string;
  evidence?: Record<string, unknown>;
  remediation: string;
  references: References;
  waiver?: AppliedWaiver;
  /** A waiver that matched but has expired: the finding fails again and says why. */
  expiredWaiver?: AppliedWaiver;
  /** Set when the scan was compared with a baseline report. */
  baseline?: 'new' | 'existing';
}

const STATUS_ORDER: Record<FindingStatus, number> = { fail: 0, error: 1, waived: 2, pass: 3 };

/** Failures first, then errors, waived, passes; by severity (most severe first), rule, ARN. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(b.severity) - severityRank(a.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resource.arn.localeCompare(b.resource.arn) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}
