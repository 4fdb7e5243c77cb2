import type { Finding, FindingStatus } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { FingerprintCodesBuilder, type FingerprintCodes } from './fingerprint-codes.js';

const VIOLATION = new Set<FindingStatus>(['fail', 'waived']);

type Resolved = NonNullable<Report['resolved']>[number];


const STATUS_CODE: Record<FindingStatus, number> = { pass: 0, fail: 1, waived: 2, error: 3 };
const VIOLATION_CODES = new Set([STATUS_CODE.fail, STATUS_CODE.waived]);
/** A code for "not seen now", beside the four statuses. */
const UNSEEN = 4;

/**
 * Compares a report with a previous one by fingerprint, one finding at a time. A violation (fail or waived)
 * is `existing` when the baseline had it as a violation too, else `new`; an `error` is `existing` when the
 * baseline could not decide it either. A baseline violation is `resolved` when it now passes, or when its
 * resource is gone from an account this scan fully saw; a violation in an account not scanned now, or hidden
 * by an error, is neither resolved nor new. Holds one byte per non-passing baseline fingerprint, beside the
 * fingerprint packed in a sorted typed array (FingerprintCodes); the baseline's findings are read again (a
 * file re-read as it goes, or an array) to list the resolved ones.
 */
export class BaselineComparison {
  /** Fingerprint → the baseline's status code + 8 × the current one (UNSEEN until marked). */
  private readonly states: FingerprintCodes;
  private readonly blindSpots = new Set<string>();
  private readonly fingerprints: number;
  private readonly finishedAt: string;

  constructor(
    private readonly baseline: { finishedAt: string; findings: Iterable<Finding> },
    private readonly source: string,
    /** Called once the baseline was read for the last time (e.g. to close its file). */
    private readonly done?: () => void,
  ) {
    let count = 0;
    const states = new FingerprintCodesBuilder();
    for (const finding of baseline.findings) {
      count++;
      if (finding.status !== 'pass') states.add(finding.fingerprint, STATUS_CODE[finding.status] + 8 * UNSEEN);
    }
    // A report never holds a fingerprint twice (evaluate makes them unique, merge keeps one of each); a
    // hand-made one that does keeps the last non-passing status of each.
    this.states = states.build();
    this.fingerprints = count;
    this.finishedAt = baseline.finishedAt;
  }

  /** Marks a current finding `new` or `existing` (passes are left alone) and remembers what it says. */
  mark(finding: Finding): void {
    const slot = this.states.slot(finding.fingerprint);
    const before = slot < 0 ? undefined : this.states.codes[slot]! % 8;
    if (before !== undefined) this.states.codes[slot] = before + 8 * STATUS_CODE[finding.status];
    if (finding.status === 'error') this.blindSpots.add(`${finding.ruleId}\n${finding.resource.accountId}`);
    if (finding.status === 'pass') return;
    const existing = finding.status === 'error' ? before === STATUS_CODE.error : before !== undefined && VIOLATION_CODES.has(before);
    finding.baseline = existing ? 'existing' : 'new';
  }

  /** After every current finding was marked: the baseline's resolved violations and what it was. */
  outcome(scannedAccounts: Iterable<string>): Pick<Report, 'resolved' | 'baseline'> {
    const scanned = new Set(scannedAccounts);
    const resolved: Resolved[] = [];
    try {
      for (const finding of this.baseline.findings) {
        const slot = this.states.slot(finding.fingerprint);
        const state = slot < 0 ? undefined : this.states.codes[slot]!;
        if (state === undefined || !VIOLATION_CODES.has(state % 8) || !VIOLATION.has(finding.status)) continue;
        const now = Math.floor(state / 8);
        const gone = now === UNSEEN && scanned.has(finding.resource.accountId) && !this.blindSpots.has(`${finding.ruleId}\n${finding.resource.accountId}`);
        if (now === STATUS_CODE.pass || gone) resolved.push(summarise(finding));
      }
    } finally {
      this.done?.();
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
