import type { CompactRow, FindingsData } from '../../../src/reporters/html/data.js';
import { TOOL_VERSION as VERSION } from '../../../src/version.js';

/**
 * The HTML report made comparable across changes that keep what it shows: the version, the client script
 * and its CSP hash become placeholders, and the findings data becomes its decoded meaning (every string slot
 * resolved, rows ordered by fingerprint, Markdown keyed by its remediation text) — so a change of encoding
 * or of row order reads as no change.
 */
export const DATA_OPEN = '<script type="application/json" id="sg-data">';

/** The string table and the rows of the embedded data, split from its items. */
export function splitItems(data: Pick<FindingsData, 'items'>): { strings: string[]; rows: CompactRow[] } {
  const strings: string[] = [];
  const rows: CompactRow[] = [];
  for (const item of data.items) {
    if (typeof item === 'string') strings.push(item);
    else rows.push(item);
  }
  return { strings, rows };
}

export function embeddedData(html: string): FindingsData & { strings: string[]; rows: CompactRow[] } {
  const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
  const data = JSON.parse(html.slice(start, html.indexOf('</script>', start))) as FindingsData;
  return { ...data, ...splitItems(data) };
}

type Meta = Pick<FindingsData, 'severities' | 'statuses' | 'rules' | 'accounts' | 'markdown'>;

export function decodedData(strings: string[], rows: CompactRow[], meta: Meta): unknown {
  const at = (i: number): string | undefined => strings[i];
  const resolved = rows
    .map((r) => [r[0], at(r[1]), meta.statuses[r[2]], meta.severities[r[3]], at(r[4]), at(r[5]), at(r[6]), r[7], r[8], r[9] < 0 ? null : at(r[9]), at(r[10]), r[11], at(r[12]), at(r[13]), r[14]] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const markdown = Object.entries(meta.markdown)
    .map(([index, blocks]) => [at(Number(index)), blocks] as const)
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return { severities: meta.severities, statuses: meta.statuses, rules: meta.rules, accounts: meta.accounts, rows: resolved, markdown };
}

export function normalizeHtml(html: string, decoded: unknown): string {
  const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
  const end = html.indexOf('</script>', start);
  const withData = `${html.slice(0, start)}\n${JSON.stringify(decoded, null, 1)}\n${html.slice(end)}`;
  const scriptAt = withData.lastIndexOf('<script>') + '<script>'.length;
  const withoutScript = `${withData.slice(0, scriptAt)}/* client script */${withData.slice(withData.indexOf('</script>', scriptAt))}`;
  return withoutScript.replace(/'sha256-[^']+'/, "'sha256-…'").replaceAll(`squadguard ${VERSION}`, 'squadguard VERSION');
}

/** `normalizeHtml` of a page as this version writes it. */
export function normalizedPage(html: string): string {
  const data = embeddedData(html);
  return normalizeHtml(html, decodedData(data.strings, data.rows, data));
}
