import { FINDING_STATUSES, SEVERITIES, type FindingStatus } from '../../model/finding.js';
import type { ReportView, StatusCounts } from '../../model/report.js';
import { escapeHtml as esc } from './escape.js';
import { cellKey, type FindingTally } from './tally.js';

/**
 * Inline SVG pictures of the report, drawn on the server from aggregates (never from raw rows): the
 * summary, or the one counting pass of `tallyFindings`.
 */

export const STATUS_COLORS: Record<FindingStatus, string> = { fail: '#d1242f', error: '#8250df', waived: '#bf8700', pass: '#2da44e' };
const MAX_MATRIX_ROWS = 150;
const MAX_RULE_BARS = 80;

const totalOf = (c: StatusCounts): number => c.pass + c.fail + c.error + c.waived;

/** Findings by severity (rows) split by status (stacked segments); a click filters the table. */
export function severityStatusChart(tally: FindingTally): string {
  const counts = tally.bySeverity;
  const max = Math.max(1, ...SEVERITIES.map((severity) => totalOf(counts[severity])));
  const width = 520;
  const barX = 80;
  const rows = SEVERITIES.map((severity, i) => {
    const c = counts[severity];
    let x = barX;
    const y = 10 + i * 28;
    const segments = FINDING_STATUSES.map((status) => {
      const w = (c[status] / max) * (width - barX - 70);
      const rect = c[status] > 0
        ? `<rect class="sg-click" x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 1).toFixed(1)}" height="20" fill="${STATUS_COLORS[status]}" data-f-severity="${severity}" data-f-status="${status}"><title>${severity} · ${status}: ${c[status]}</title></rect>`
        : '';
      x += w;
      return rect;
    }).join('');
    return `<text x="${barX - 6}" y="${y + 15}" text-anchor="end">${severity}</text>${segments}<text x="${(x + 6).toFixed(1)}" y="${y + 15}">${totalOf(c)}</text>`;
  }).join('');
  const legend = FINDING_STATUSES.map(
    (status, i) => `<rect x="${barX + i * 90}" y="156" width="12" height="12" fill="${STATUS_COLORS[status]}"/><text x="${barX + i * 90 + 16}" y="167">${status}</text>`,
  ).join('');
  return `<svg class="sg-chart" role="img" aria-label="Findings by severity and status" viewBox="0 0 ${width} 176" width="${width}" height="176">${rows}${legend}</svg>`;
}

/** Accounts × services: colour = share of failing checks, number = failures; a click filters the table. */
export function heatMatrix(report: ReportView, tally: FindingTally): string {
  const { cells, services } = tally;
  const accounts = new Set<string>([...report.targets.map((t) => t.accountId), ...tally.accounts]);
  const names = new Map(report.targets.map((t) => [t.accountId, t.name ? `${t.name} (${t.accountId})` : t.accountId]));
  const cols = [...services].sort();
  const failuresOf = (account: string): number => cols.reduce((n, s) => n + (cells.get(cellKey(account, s))?.fail ?? 0), 0);
  const allRows = [...accounts].sort((a, b) => failuresOf(b) - failuresOf(a) || a.localeCompare(b));
  const rows = allRows.slice(0, MAX_MATRIX_ROWS);
  if (cols.length === 0) return '<p class="sg-muted">No findings to draw.</p>';
  const labelW = 250;
  const cw = 64;
  const ch = 22;
  const width = labelW + cols.length * cw + 10;
  const height = 30 + rows.length * ch + 4;
  const head = cols.map((s, j) => `<text x="${labelW + j * cw + cw / 2}" y="18" text-anchor="middle">${esc(s)}</text>`).join('');
  const body = rows.map((account, i) => {
    const y = 26 + i * ch;
    const accountLabel = names.get(account) ?? account;
    const shown = accountLabel.length > 32 ? `${accountLabel.slice(0, 31)}…` : accountLabel;
    const row = cols.map((service, j) => {
      const c = cells.get(cellKey(account, service));
      const x = labelW + j * cw;
      if (!c) return `<rect x="${x + 1}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="#f6f8fa"/>`;
      const judged = totalOf(c);
      // Red by the share of failures; a cell with no failure but undecided checks is purple (unknown, not
      // clean); all passed or waived is green.
      const failShare = judged === 0 ? 0 : c.fail / judged;
      const errorShare = judged === 0 ? 0 : c.error / judged;
      const fill = c.fail > 0
        ? `rgba(209,36,47,${(0.2 + 0.8 * failShare).toFixed(2)})`
        : c.error > 0 ? `rgba(130,80,223,${(0.2 + 0.6 * errorShare).toFixed(2)})` : '#dafbe1';
      const ink = (c.fail > 0 && failShare > 0.5) || (c.fail === 0 && errorShare > 0.6) ? '#fff' : '#1f2328';
      const label = c.fail === 0 && c.error > 0 ? '?' : String(c.fail);
      return `<g class="sg-click" data-f-account="${esc(account)}" data-f-service="${esc(service)}"><rect x="${x + 1}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="${fill}"/><text x="${x + cw / 2}" y="${y + 15}" text-anchor="middle" fill="${ink}">${label}</text><title>${esc(accountLabel)} · ${esc(service)}: ${c.fail} failed, ${c.error} undecided, ${c.waived} waived, ${c.pass} passed</title></g>`;
    }).join('');
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end"><title>${esc(accountLabel)}</title>${esc(shown)}</text>${row}`;
  }).join('');
  const more = allRows.length > rows.length
    ? `<p class="sg-muted">Showing the ${rows.length} accounts with most failures of ${allRows.length}; filter the table for the rest.</p>`
    : '';
  const key = '<p class="sg-muted sg-key">Number = failures; red = share failing, purple “?” = no failure but checks that could not be decided, green = all passed or waived.</p>';
  return `<svg class="sg-chart" role="img" aria-label="Failures per account and service" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${head}${body}</svg>${key}${more}`;
}

/** Pass rate per rule, worst first; each bar split by status so undecided checks do not read as failures. */
export function ruleRateChart(report: ReportView): string {
  const byRule = Object.entries(report.summary.byRule)
    .map(([rule, c]) => ({ rule, c, rate: totalOf(c) === 0 ? 1 : c.pass / totalOf(c) }))
    .sort((a, b) => a.rate - b.rate || b.c.fail - a.c.fail || a.rule.localeCompare(b.rule));
  if (byRule.length === 0) return '<p class="sg-muted">No rules were evaluated.</p>';
  const shown = byRule.slice(0, MAX_RULE_BARS);
  const labelW = 300;
  const barW = 260;
  const width = labelW + barW + 120;
  const height = shown.length * 20 + 6;
  const bars = shown.map(({ rule, c, rate }, i) => {
    const y = 3 + i * 20;
    const label = rule.length > 44 ? `${rule.slice(0, 43)}…` : rule;
    const total = Math.max(1, totalOf(c));
    let x = labelW;
    const segments = FINDING_STATUSES.map((status) => {
      const w = (c[status] / total) * barW;
      const rect = c[status] > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${STATUS_COLORS[status]}"/>` : '';
      x += w;
      return rect;
    }).join('');
    return `<g class="sg-click" data-f-rule="${esc(rule)}"><text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(label)}</text>` +
      segments +
      `<text x="${labelW + barW + 6}" y="${y + 13}">${(rate * 100).toFixed(1)}% of ${totalOf(c)} pass</text>` +
      `<title>${esc(rule)}: ${c.pass} passed, ${c.fail} failed, ${c.error} undecided, ${c.waived} waived</title></g>`;
  }).join('');
  const more = byRule.length > shown.length ? `<p class="sg-muted">${byRule.length - shown.length} more rules not drawn.</p>` : '';
  return `<svg class="sg-chart" role="img" aria-label="Pass rate per rule" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars}</svg>${more}`;
}

/** New, existing and resolved failures against the baseline (when one was given). */
export function baselineChart(report: ReportView, tally: FindingTally): string {
  if (!report.baseline) return '<p class="sg-muted">No baseline was given (<code>--baseline previous-report.json</code>).</p>';
  const { fresh, existing } = tally.baseline;
  const resolved = report.resolved?.length ?? 0;
  const bars: Array<[string, number, string, string]> = [
    ['new', fresh, '#d1242f', 'new'],
    ['existing', existing, '#fd8c73', 'existing'],
    ['resolved', resolved, '#2da44e', ''],
  ];
  const max = Math.max(1, fresh, existing, resolved);
  const body = bars.map(([label, n, color, filter], i) => {
    const y = 6 + i * 28;
    const attrs = filter ? ` class="sg-click" data-f-baseline="${filter}"` : '';
    return `<g${attrs}><text x="84" y="${y + 15}" text-anchor="end">${label}</text><rect x="90" y="${y}" width="${Math.max(1, (n / max) * 300).toFixed(1)}" height="20" fill="${color}"/><text x="${(96 + (n / max) * 300).toFixed(1)}" y="${y + 15}">${n}</text></g>`;
  }).join('');
  return `<svg class="sg-chart" role="img" aria-label="Against the baseline" viewBox="0 0 460 92" width="460" height="92">${body}</svg>`;
}
