import { atLeast, type Severity } from '../model/finding.js';
import type { Report } from '../model/report.js';

export const EXIT = { ok: 0, violations: 1, usage: 2, incomplete: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface GateOptions {
  /** Failures at or above this severity fail the gate (default high). */
  failOn?: Severity;
  /** Treat an incomplete scan as complete. */
  allowIncomplete?: boolean;
  /** Only failures that are new against the baseline fail the gate. */
  failOnNew?: boolean;
}

/**
 * DESIGN.md §6: 1 when an unwaived failure at or above `failOn` exists; else 3 when something at or above
 * `failOn` could not be judged (an `error` finding, or a collection error) unless incompleteness is allowed;
 * else 0.
 */
export function exitCodeFor(report: Report, options: GateOptions = {}): ExitCode {
  const failOn = options.failOn ?? 'high';
  const gating = report.findings.filter(
    (finding) => atLeast(finding.severity, failOn) && !(options.failOnNew && finding.baseline === 'existing'),
  );
  if (gating.some((finding) => finding.status === 'fail')) return EXIT.violations;
  const unseen = gating.some((finding) => finding.status === 'error') || report.collectionErrors.length > 0;
  if (unseen && !options.allowIncomplete) return EXIT.incomplete;
  return EXIT.ok;
}
