import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';

const VIOLATION = new Set(['fail', 'waived']);

/**
 * Compares a report with a previous one by fingerprint. A violation (fail or waived) is `existing` when the
 * baseline had it as a violation too, else `new`; an `error` is `existing` when the baseline could not
 * decide it either. A baseline violation is `resolved` when it now passes, or when its resource is gone
 * from an account this scan fully saw; a violation in an account not scanned now, or hidden by an error,
 * is neither resolved nor new.
 */
export function applyBaseline(report: Report, baseline: Report, source: string): Report {
  const previous = new Map(baseline.findings.map((finding) => [finding.fingerprint, finding]));
  const current = new Map(report.findings.map((finding) => [finding.fingerprint, finding]));
  for (const finding of report.findings) {
    if (finding.status === 'pass') continue;
    const before = previous.get(finding.fingerprint);
    const existing =
      finding.status === 'error' ? before?.status === 'error' : before !== undefined && VIOLATION.has(before.status);
    finding.baseline = existing ? 'existing' : 'new';
  }
  const scannedAccounts = new Set(report.targets.map((target) => target.accountId));
  const blindSpots = new Set(
    report.findings
      .filter((finding) => finding.status === 'error')
      .map((finding) => `${finding.ruleId}\n${finding.resource.accountId}`),
  );
  const resolved: NonNullable<Report['resolved']> = [];
  for (const before of baseline.findings) {
    if (!VIOLATION.has(before.status)) continue;
    const now = current.get(before.fingerprint);
    const gone =
      now === undefined &&
      scannedAccounts.has(before.resource.accountId) &&
      !blindSpots.has(`${before.ruleId}\n${before.resource.accountId}`);
    if (now?.status === 'pass' || gone) resolved.push(summarise(before));
  }
  const fingerprints = new Set(baseline.findings.map((finding) => finding.fingerprint)).size;
  return { ...report, resolved, baseline: { source, finishedAt: baseline.finishedAt, fingerprints } };
}

function summarise(finding: Finding): NonNullable<Report['resolved']>[number] {
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    resource: finding.resource,
  };
}
