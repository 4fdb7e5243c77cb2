import { openJsonDocument } from '../pipeline/json-document.js';
import type { Report } from '../model/report.js';

/** The report's members the bench reads: everything but its findings (and the other large members). */
export type ReportHeader = Pick<Report, 'targets' | 'summary' | 'apiCalls' | 'throttles' | 'collectionErrors' | 'timings'>;

/**
 * The report's header, read without its findings: a report of a large organization is larger than any
 * string can hold, so it is never read whole.
 */
export function readReportHeader(path: string): ReportHeader {
  const document = openJsonDocument(path, { what: 'report', arrayKey: 'findings', ignore: ['accessMap', 'resolved'] });
  document.close();
  return document.header as unknown as ReportHeader;
}

/** The inventory's resources counted by type, each resource parsed once and dropped. */
export function countResourcesByType(path: string): Record<string, number> {
  const byType: Record<string, number> = {};
  const count = (resource: unknown): void => {
    const type = typeof resource === 'object' && resource !== null ? (resource as { type?: unknown }).type : undefined;
    const key = typeof type === 'string' ? type : '(no type)';
    byType[key] = (byType[key] ?? 0) + 1;
  };
  openJsonDocument(path, { what: 'inventory', arrayKey: 'resources', onElement: count }).close();
  return byType;
}

/**
 * The `--format` value of the measured scan: the formats asked for, with `json` added when missing (the bench
 * reads its figures from the JSON report).
 */
export function scanFormats(requested: string): string {
  const names = requested.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.includes('all') || names.includes('json')) return names.join(',');
  return [...names, 'json'].join(',');
}
