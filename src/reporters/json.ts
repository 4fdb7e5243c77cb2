import type { Report } from '../model/report.js';

// Unescaped quotes only occur around real keys and values, so this key-value pair is the findings slot.
const MARK = 'squadguard:findings';
const SLOT = `"findings": "${MARK}"`;

/**
 * The canonical report, in pieces: the report's header pretty-printed, then one finding per line (compact
 * JSON), so a report of hundreds of thousands of findings is written without ever holding it as one string
 * (and stays diffable line by line). What `evaluate`, `merge` and baselines read back.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const { findings, schemaVersion, tool, gate, ...rest } = report;
  // The gate's verdict near the top: the first thing a reader (or `jq .gate`) finds.
  const header = { schemaVersion, tool, ...(gate ? { gate } : {}), ...rest };
  const skeleton = JSON.stringify({ ...header, findings: MARK }, null, 2);
  const at = skeleton.lastIndexOf(SLOT) + '"findings": '.length;
  yield `${skeleton.slice(0, at)}[`;
  for (let index = 0; index < findings.length; index++) {
    yield `${index === 0 ? '' : ','}\n    ${JSON.stringify(findings[index])}`;
  }
  yield `${findings.length > 0 ? '\n  ' : ''}]${skeleton.slice(at + MARK.length + 2)}\n`;
}

export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}
