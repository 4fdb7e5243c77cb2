import type { Report } from '../model/report.js';

/** The canonical report: what `evaluate`, `merge` and baselines read back. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
