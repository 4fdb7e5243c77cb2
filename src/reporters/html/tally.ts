import { SEVERITIES, type Finding, type Severity } from '../../model/finding.js';
import type { StatusCounts } from '../../model/report.js';

/**
 * What the overview charts need from the findings, counted in one pass: state bounded by severities,
 * accounts × services and two baseline counters, never by the number of findings.
 */
export interface FindingTally {
  bySeverity: Record<Severity, StatusCounts>;
  /** Status counts per `account\nservice`. */
  cells: Map<string, StatusCounts>;
  services: Set<string>;
  /** Accounts that have findings (the report's targets are added by the charts). */
  accounts: Set<string>;
  /** Failing or undecided findings new / existing against the baseline. */
  baseline: { fresh: number; existing: number };
}

export const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, error: 0, waived: 0 });
export const serviceOf = (type: string): string => type.split('.')[1] ?? type;
export const cellKey = (account: string, service: string): string => `${account}\n${service}`;

export function tallyFindings(findings: Iterable<Finding>): FindingTally {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, emptyCounts()])) as Record<Severity, StatusCounts>;
  const cells = new Map<string, StatusCounts>();
  const services = new Set<string>();
  const accounts = new Set<string>();
  const baseline = { fresh: 0, existing: 0 };
  for (const finding of findings) {
    bySeverity[finding.severity][finding.status]++;
    const service = serviceOf(finding.resource.type);
    services.add(service);
    accounts.add(finding.resource.accountId);
    const key = cellKey(finding.resource.accountId, service);
    let counts = cells.get(key);
    if (!counts) cells.set(key, (counts = emptyCounts()));
    counts[finding.status]++;
    if (finding.status === 'fail' || finding.status === 'error') {
      if (finding.baseline === 'new') baseline.fresh++;
      else if (finding.baseline === 'existing') baseline.existing++;
    }
  }
  return { bySeverity, cells, services, accounts, baseline };
}
