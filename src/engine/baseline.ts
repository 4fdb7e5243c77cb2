import type { Finding, FindingStatus } from '../model/finding.js';
import type { Report } from '../model/report.js';

const VIOLATION = new Set<FindingStatus>(['fail', 'waived']);

type Resolved = NonNullable<Report['resolved']>[number];

/** What is kept of a baseline finding that is not a pass: enough to compare and to list it as resolved. */
interface Before {
  status: FindingStatus;
  summary: Resolved;
  /** The current status of the same fingerprint, once seen. */
  now?: FindingStatus;
}

/**
 * Compares a report with a previous one by fingerprint, one finding at a time. A violation (fail or waived)
 * is `existing` when the baseline had it as a violation too, else `new`; an `error` is `existing` when the
 * baseline could not decide it either. A baseline violation is `resolved` when it now passes, or when its
 * resource is gone from an account this scan fully saw; a violation in an account not scanned now, or hidden
 * by an error, is neither resolved nor new. Holds the baseline's non-passing findings (in brief), never the
 * current ones.
 */
export class BaselineComparison {
  private readonly before = new Map<string, Before>();
  private readonly blindSpots = new Set<string>();
  private readonly fingerprints: number;
  private readonly finishedAt: string;

  constructor(
    baseline: { finishedAt: string; findings: Iterable<Finding> },
    private readonly source: string,
  ) {
    let count = 0;
    for (const finding of baseline.findings) {
      count++;
      if (finding.status === 'pass') continue;
      this.before.set(finding.fingerprint, { status: finding.status, summary: summarise(finding) });
    }
    // A report never holds a fingerprint twice (evaluate makes them unique, merge keeps one of each).
    this.fingerprints = count;
    this.finishedAt = baseline.finishedAt;
  }

  /** Marks a current finding `new` or `existing` (passes are left alone) and remembers what it says. */
  mark(finding: Finding): void {
    const before = this.before.get(finding.fingerprint);
    if (before) before.now = finding.status;
    if (finding.status === 'error') this.blindSpots.add(`${finding.ruleId}\n${finding.resource.accountId}`);
    if (finding.status === 'pass') return;
    const existing = finding.status === 'error' ? before?.status === 'error' : before !== undefined && VIOLATION.has(before.status);
    finding.baseline = existing ? 'existing' : 'new';
  }

  /** After every current finding was marked: the baseline's resolved violations and what it was. */
  outcome(scannedAccounts: Iterable<string>): Pick<Report, 'resolved' | 'baseline'> {
    const scanned = new Set(scannedAccounts);
    const resolved: Resolved[] = [];
    for (const { status, summary, now } of this.before.values()) {
      if (!VIOLATION.has(status)) continue;
      const gone = now === undefined && scanned.has(summary.resource.accountId) && !this.blindSpots.has(`${summary.ruleId}\n${summary.resource.accountId}`);
      if (now === 'pass' || gone) resolved.push(summary);
    }
    return { resolved, baseline: { source: this.source, finishedAt: this.finishedAt, fingerprints: this.fingerprints } };
  }
}

/** Compares a report held in memory with a baseline (see BaselineComparison); marks its findings. */
export function applyBaseline(report: Report, baseline: Report, source: string): Report {
  const comparison = new BaselineComparison(baseline, source);
  for (const finding of report.findings) comparison.mark(finding);
  return { ...report, ...comparison.outcome(report.targets.map((target) => target.accountId)) };
}

function summarise(finding: Finding): Resolved {
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    resource: finding.resource,
  };
}
