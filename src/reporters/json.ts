import type { ReportView } from '../model/report.js';

// Unescaped quotes only occur around real keys and values, so this key-value pair is the findings slot.
const MARK = 'squadguard:findings';
const SLOT = `"findings": "${MARK}"`;

/**
 * The canonical report, in pieces: the report's header pretty-printed, then one finding per line (compact
 * JSON), so a report of hundreds of thousands of findings is written without ever holding it as one string
 * (and stays diffable line by line). What `evaluate`, `merge` and baselines read back. Findings read back
 * from disk come as their JSON text and are written as they are, neither parsed nor stringified again.
 */
export function* jsonChunks(report: ReportView): Generator<string> {
  const { findings, schemaVersion, tool, gate, ...rest } = report;
  // The gate's verdict near the top: the first thing a reader (or `jq .gate`) finds.
  const header = { schemaVersion, tool, ...(gate ? { gate } : {}), ...rest };
  const skeleton = stringify({ ...header, findings: MARK }, 2);
  const at = skeleton.lastIndexOf(SLOT) + '"findings": '.length;
  yield `${skeleton.slice(0, at)}[`;
  let first = true;
  for (const line of findings.jsonLines ? findings.jsonLines() : findingLines(findings)) {
    yield `${first ? '' : ','}\n    ${line}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]${skeleton.slice(at + MARK.length + 2)}\n`;
}

function* findingLines(findings: Iterable<unknown>): Generator<string> {
  for (const finding of findings) yield stringify(finding);
}

export function renderJson(report: ReportView): string {
  return [...jsonChunks(report)].join('');
}

/** Values nested deeper than this are replaced by a marker when JSON.stringify runs out of stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON.stringify, but a value nested too deeply for the stack (evidence copied from a hostile policy
 * document) is written with its deep parts replaced by a marker instead of crashing the whole report.
 */
function stringify(value: unknown, space?: number): string {
  try {
    return JSON.stringify(value, null, space);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(boundDepth(value, MAX_JSON_DEPTH), null, space);
  }
}

/** A copy of `value` cut at `depth` levels (recursion bounded by `depth`, so it cannot overflow). */
export function boundDepth(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (depth <= 0) return `[nested deeper than ${MAX_JSON_DEPTH} levels: omitted]`;
  if (Array.isArray(value)) return value.map((item) => boundDepth(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, boundDepth(item, depth - 1)]));
}
