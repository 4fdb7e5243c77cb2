import { SEVERITIES, severityRank, type Finding } from '../model/finding.js';
import type { ReportView } from '../model/report.js';
import { timingText } from './timing.js';
import { gateOf, gateSettings, VERDICT_LABEL } from './gate.js';
import { Top } from './top.js';

export interface MarkdownOptions {
  /**
   * Hard cap on the output's length in characters. A PR comment takes 65,536 characters and a step summary
   * 1 MiB; the default leaves room for other steps' summaries.
   */
  maxLength?: number;
  /** Most findings listed per section, most severe first (the rest are counted; the JSON report has them all). */
  maxRows?: number;
}

const DEFAULT_MAX = 60_000;
/** Far more rows than fit the default length: the cap only bounds what a long `maxLength` would list. */
const DEFAULT_MAX_ROWS = 1_000;

/**
 * A summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: verdict, counts, then failures with the
 * new ones first, undecided checks, resolved ones and waivers that need attention — cut to `maxLength`
 * with a note of what was left out. Cell text is escaped so resource names cannot inject markup.
 */
export function renderMarkdown(report: ReportView, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const { byStatus, failuresBySeverity } = report.summary;
  // One pass: each section keeps its most severe `maxRows` (findings come account by account, not by severity).
  const failing = new Top<Finding>(maxRows, bySeverity);
  const fresh = new Top<Finding>(maxRows, bySeverity);
  const known = new Top<Finding>(maxRows, bySeverity);
  const errors = new Top<Finding>(maxRows, bySeverity);
  for (const finding of report.findings) {
    if (finding.status === 'fail') {
      if (report.baseline) (finding.baseline === 'new' ? fresh : known).offer(finding);
      else failing.offer(finding);
    } else if (finding.status === 'error') {
      errors.offer(finding);
    }
  }
  const gate = gateOf(report);
  const icon = gate.verdict === 'fail' ? '❌' : gate.verdict === 'incomplete' ? '⚠️' : '✅';
  const head: string[] = [
    `## ${icon} squadguard: ${VERDICT_LABEL[gate.verdict]} (exit ${gate.exitCode}${gate.exitZero && gate.verdict !== 'pass' ? ', --exit-zero' : ''})`,
    '',
    `**${cell(gate.reason)}.** Gate: ${gateSettings(gate).map(cell).join(' · ')}.`,
    '',
    `Policy **${cell(report.policies.map((p) => p.name).join(' + ') || 'none')}** · ${report.targets.length} account(s): ${cell(report.targets.map((t) => t.name ?? t.accountId).join(', '))}` +
      (report.baseline ? ` · baseline from ${cell(report.baseline.finishedAt)}: **${fresh.count} new**, ${report.resolved?.length ?? 0} resolved` : ''),
    '',
    '| checks | passed | failed | could not decide | waived |',
    '|---:|---:|---:|---:|---:|',
    `| ${report.summary.total} | ${byStatus.pass} | ${byStatus.fail} | ${byStatus.error} | ${byStatus.waived} |`,
    '',
    `| ${SEVERITIES.join(' | ')} |`,
    `|${SEVERITIES.map(() => '---:').join('|')}|`,
    `| ${SEVERITIES.map((s) => failuresBySeverity[s]).join(' | ')} |`,
    '',
  ];
  const out = new Budget(maxLength);
  out.lines(head);
  if (report.baseline) {
    out.findings(`### New failures (${fresh.count})`, fresh);
    out.findings(`### Existing failures (${known.count})`, known);
  } else {
    out.findings(`### Failures (${failing.count})`, failing);
  }
  out.findings(`### Could not decide (${errors.count})`, errors, 'The scanner could not read what these checks need; they are not passes.');
  if (report.collectionErrors.length > 0) {
    out.lines([`**Collection errors:** ${report.collectionErrors.length} (see the HTML or JSON report).`, '']);
  }
  if (report.resolved && report.resolved.length > 0) {
    out.table(
      `### Resolved since the baseline (${report.resolved.length})`,
      ['severity', 'rule', 'resource'],
      report.resolved.map((r) => [r.severity, code(r.ruleId), code(r.resource.arn)]),
    );
  }
  const { expiringSoon, stale, expired, warningDays } = report.waivers;
  const waiverRows = [
    ...expired.map((w) => ['expired', code(w.rule), cell(w.owner), cell(w.expires), cell(w.reason)]),
    ...expiringSoon.map((w) => [`expires in ${w.daysToExpiry} d`, code(w.rule), cell(w.owner), cell(w.expires), cell(w.reason)]),
    ...stale.map((w) => ['stale (matches nothing)', code(w.rule), cell(w.owner), cell(w.expires), cell(w.reason)]),
  ];
  if (waiverRows.length > 0) {
    out.table(`### Waivers needing attention (window ${warningDays} days)`, ['state', 'rule', 'owner', 'expires', 'reason'], waiverRows);
  }
  return out.finish(`<sub>squadguard ${cell(report.tool.version)} · ${cell(timingText(report))}</sub>\n`);
}

function bySeverity(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || a.ruleId.localeCompare(b.ruleId) || a.resource.arn.localeCompare(b.resource.arn);
}

/** Escapes text for a table cell: no pipes, newlines, HTML or link/emphasis syntax from AWS strings. */
export function cell(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function code(value: string): string {
  // A code span shows `<` literally on GitHub but not on every renderer: names with markup, backticks or
  // newlines fall back to escaped plain text, so no consumer ever sees raw HTML from an AWS string.
  return /[`<>\r\n]/.test(value) ? cell(value) : `\`${value.replace(/\|/g, '\\|')}\``;
}

class Budget {
  private readonly parts: string[] = [];
  private used = 0;
  private truncated = false;
  private readonly reserve = 600;

  constructor(private readonly max: number) {}

  /** Appends whole lines while they fit; `force` may dip into the reserve kept for closing notes. */
  lines(lines: string[], force = false): boolean {
    const text = `${lines.join('\n')}\n`;
    const limit = force ? this.max - 300 : this.max - this.reserve;
    if ((this.truncated && !force) || this.used + text.length > limit) {
      this.truncated = true;
      return false;
    }
    this.parts.push(text);
    this.used += text.length;
    return true;
  }

  /** A section of the most severe findings kept by `top`; `top.count` says how many there were in all. */
  findings(title: string, top: Top<Finding>, note?: string): void {
    if (top.count === 0) return;
    this.table(
      title,
      ['severity', 'rule', 'resource', 'account', 'message'],
      top.sorted().map((f) => [f.severity, code(f.ruleId), code(f.resource.arn), cell(f.squad ? `${f.resource.accountId} (${f.squad})` : f.resource.accountId), cell(f.message)]),
      note,
      top.count,
    );
  }

  /** A table of `rows`, of `total` rows in all (more than given when the caller kept only the first ones). */
  table(title: string, headers: string[], rows: string[][], note?: string, total = rows.length): void {
    if (!this.lines([title, '', ...(note ? [note, ''] : []), `| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`])) return;
    let shown = 0;
    for (const row of rows) {
      if (!this.lines([`| ${row.join(' | ')} |`])) break;
      shown++;
    }
    if (shown < total) {
      const filler = headers.slice(2).map(() => ' |').join('');
      const where = shown < rows.length ? '' : ' (see the JSON report)';
      this.lines([`| … | ${total - shown} more not shown${where} |${filler}`, ''], true);
      return;
    }
    this.lines(['']);
  }

  finish(footer: string): string {
    const note = this.truncated ? '\n> Output capped to fit a PR comment / step summary; the HTML, CSV and JSON reports have every finding.\n\n' : '';
    return `${this.parts.join('')}${note}${footer}`.slice(0, this.max);
  }
}
