import { atLeast, SEVERITIES, type Severity } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { GateVerdict, ReportGate, ReportView } from '../model/report.js';
import { describeCollectionErrors, flattenCollectionErrors } from './collection-errors.js';

export const EXIT = { ok: 0, violations: 1, usage: 2, incomplete: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface GateOptions {
  /** Failures at or above this severity fail the gate (default high). */
  failOn?: Severity;
  /** Treat an incomplete scan as complete. */
  allowIncomplete?: boolean;
  /** Only failures that are new against the baseline fail the gate. */
  failOnNew?: boolean;
  /** Report the verdict but exit 0. */
  exitZero?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * The gate, decided once (the README's exit-code table): `fail` (exit 1) when an unwaived failure at or
 * above `failOn` counts — with `failOnNew`, only one that is new against the baseline; else `incomplete` (exit 3) when
 * something at or above `failOn` could not be judged (an `error` finding, or a collection error) unless
 * incompleteness is allowed; else `pass` (exit 0). `exitZero` keeps the verdict and makes the exit code 0.
 */
export function decideGate(report: ReportView, options: GateOptions = {}): ReportGate {
  const failOn = options.failOn ?? 'high';
  const failOnNew = options.failOnNew === true;
  // One pass over the findings, counting: a report may hold hundreds of thousands of them.
  const gatingBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  let gatingFailures = 0;
  let ignoredFailures = 0;
  let undecided = 0;
  for (const finding of report.findings) {
    if ((finding.status !== 'fail' && finding.status !== 'error') || !atLeast(finding.severity, failOn)) continue;
    const ignored = failOnNew && finding.baseline === 'existing';
    if (finding.status === 'error') {
      if (!ignored) undecided++;
    } else if (ignored) {
      ignoredFailures++;
    } else {
      gatingFailures++;
      gatingBySeverity[finding.severity]++;
    }
  }
  const collectionErrors = report.collectionErrors.length;
  const counts = { gatingFailures, ignoredFailures, undecided, collectionErrors };
  const threshold = failOn === 'info' ? 'any severity' : `severity ${failOn} or above`;
  let verdict: GateVerdict;
  let reason: string;
  if (gatingFailures > 0) {
    verdict = 'fail';
    const bySeverity = SEVERITIES.map((severity) => [severity, gatingBySeverity[severity]] as const)
      .filter(([, n]) => n > 0)
      .map(([severity, n]) => `${n} ${severity}`)
      .join(', ');
    reason = failOnNew
      ? `${plural(gatingFailures, 'unwaived failure')} at ${threshold} ${gatingFailures === 1 ? 'is' : 'are'} new against the baseline (${bySeverity})` +
        (counts.ignoredFailures > 0 ? `; ${plural(counts.ignoredFailures, 'existing failure')} not counted (--fail-on-new)` : '')
      : `${plural(gatingFailures, 'unwaived failure')} at ${threshold} (${bySeverity})`;
  } else {
    const blind = [
      undecided > 0 ? `${plural(undecided, 'check')} at ${threshold} could not be decided` : '',
      collectionErrors > 0 ? describeCollectionErrors(report.collectionErrors) : '',
    ].filter(Boolean).join('; ');
    const none = failOnNew
      ? `no new unwaived failure at ${threshold}` + (counts.ignoredFailures > 0 ? ` (${plural(counts.ignoredFailures, 'existing failure')} not counted: --fail-on-new)` : '')
      : `no unwaived failure at ${threshold}`;
    if (!blind) {
      verdict = 'pass';
      reason = `${none}, and the scan saw everything it needed`;
    } else if (options.allowIncomplete) {
      verdict = 'pass';
      reason = `${none}, but the scan was incomplete (${blind}): accepted with --allow-incomplete`;
    } else {
      verdict = 'incomplete';
      reason = `${none}, but the scan was incomplete (${blind}): a failure may be hidden`;
    }
  }
  const decided: ExitCode = verdict === 'fail' ? EXIT.violations : verdict === 'incomplete' ? EXIT.incomplete : EXIT.ok;
  const gate: ReportGate = {
    failOn,
    mode: failOnNew ? 'new' : 'all',
    verdict,
    exitCode: options.exitZero ? 0 : (decided as 0 | 1 | 3),
    reason,
    counts,
    exitZero: options.exitZero === true,
    allowIncomplete: options.allowIncomplete === true,
  };
  if (report.baseline) {
    gate.baseline = report.baseline.fingerprints === undefined
      ? { source: report.baseline.source }
      : { source: report.baseline.source, fingerprints: report.baseline.fingerprints };
  }
  return gate;
}

/** The report with its gate decided (replaces a gate it carried, e.g. from a shard before merge). */
export function withGate<R extends ReportView>(report: R, options: GateOptions = {}): R {
  return { ...report, gate: decideGate(report, options) };
}

/** The exit code the gate decides, ignoring `exitZero` (see `decideGate`). */
export function exitCodeFor(report: ReportView, options: GateOptions = {}): ExitCode {
  const gate = decideGate(report, { ...options, exitZero: false });
  return gate.exitCode;
}

/** The exit code a verdict stands for, before `--exit-zero`. */
export function verdictExitCode(verdict: GateVerdict): ExitCode {
  return verdict === 'fail' ? EXIT.violations : verdict === 'incomplete' ? EXIT.incomplete : EXIT.ok;
}

/**
 * The exit code of writing an inventory (`collect`, `merge` of inventories), where nothing is judged yet:
 * exit 3 when anything could not be collected, as a report's gate counts collection errors, unless
 * incompleteness is allowed.
 */
export function inventoryExitCode(inventory: Inventory, options: { allowIncomplete?: boolean } = {}): ExitCode {
  return flattenCollectionErrors(inventory).length > 0 && !options.allowIncomplete ? EXIT.incomplete : EXIT.ok;
}
