import type { ReportView } from '../model/report.js';
import { jsonWithLargeArray, stringifyBounded } from '../text/bounded-json.js';

/**
 * The canonical report, in pieces: the report's header pretty-printed, then one finding per line (compact
 * JSON), so a report of hundreds of thousands of findings is written without ever holding it as one string
 * (and stays diffable line by line). The findings come last, so a reader has the whole header before them.
 * What `evaluate`, `merge` and baselines read back. Findings read back from disk come as their JSON text and
 * are written as they are, neither parsed nor stringified again.
 */
export function jsonChunks(report: ReportView): Generator<string> {
  const { findings, schemaVersion, tool, gate, ...rest } = report;
  // The gate's verdict near the top: the first thing a reader (or `jq .gate`) finds.
  const header = { schemaVersion, tool, ...(gate ? { gate } : {}), ...rest };
  return jsonWithLargeArray(header, 'findings', findings.jsonLines ? findings.jsonLines() : findingLines(findings));
}

function* findingLines(findings: Iterable<unknown>): Generator<string> {
  for (const finding of findings) yield stringifyBounded(finding);
}

export function renderJson(report: ReportView): string {
  return [...jsonChunks(report)].join('');
}
