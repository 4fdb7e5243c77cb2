import type { ReportView, WaiverState } from '../../model/report.js';
import { escapeHtml as esc } from './escape.js';
import { timingText } from '../timing.js';

/** Server-rendered sections of the HTML report; every report-derived string goes through `esc`. */

const MAX_LIST_ROWS = 1000;

function table(headers: string[], rows: string[][], total = rows.length, cls = ''): string {
  if (rows.length === 0) return '<p class="sg-muted">None.</p>';
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('');
  const more = total > rows.length ? `<p class="sg-muted">${total - rows.length} more not shown (see the JSON report).</p>` : '';
  return `<div class="sg-table-wrap"><table class="sg-static${cls ? ` ${cls}` : ''}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`;
}

export function summaryCards(report: ReportView): string {
  const { byStatus, failuresBySeverity, total, incomplete } = report.summary;
  const card = (label: string, value: number | string, cls: string): string =>
    `<div class="sg-card ${cls}"><div class="sg-card-value">${esc(value)}</div><div class="sg-card-label">${esc(label)}</div></div>`;
  return `<div class="sg-cards">${[
    card('checks', total, ''),
    card('failed', byStatus.fail, 'sg-fail'),
    card('could not decide', byStatus.error, 'sg-error'),
    card('waived', byStatus.waived, 'sg-waived'),
    card('passed', byStatus.pass, 'sg-pass'),
    card('critical + high failures', failuresBySeverity.critical + failuresBySeverity.high, 'sg-fail'),
    card('accounts', report.targets.length, ''),
    card('complete scan', incomplete ? 'no' : 'yes', incomplete ? 'sg-error' : 'sg-pass'),
  ].join('')}</div>`;
}

function waiverRows(list: WaiverState[]): string[][] {
  return list.slice(0, MAX_LIST_ROWS).map((w) => [
    `<code>${esc(w.rule)}</code>`,
    w.resources.map((r) => `<code>${esc(r)}</code>`).join('<br>'),
    esc(w.owner),
    esc(w.reason),
    esc(w.expires),
    esc(w.daysToExpiry),
    esc(w.matched),
    esc(w.policy),
  ]);
}

export function waiversSection(report: ReportView): string {
  const { applied, expired, stale, expiringSoon, warningDays } = report.waivers;
  const headers = ['rule', 'resources', 'owner', 'reason', 'expires', 'days left', 'findings matched', 'policy'];
  const block = (title: string, list: WaiverState[], note: string): string =>
    `<h3>${esc(title)} (${list.length})</h3><p class="sg-muted">${esc(note)}</p>${table(headers, waiverRows(list), list.length)}`;
  return [
    block(`Expiring within ${warningDays} days`, expiringSoon, 'Renew them with a reason, or fix the findings before they fail again.'),
    block('Stale', stale, 'In force but matched no failing finding: probably fixed, or a mistyped ARN glob. Remove them.'),
    block('Expired', expired, 'No longer applied: their findings fail again.'),
    block('Applied', applied, 'In force and covering failing findings.'),
  ].join('');
}

export function collectionErrorsSection(report: ReportView): string {
  const list = report.collectionErrors;
  const rows = list.slice(0, MAX_LIST_ROWS).map((e) => [
    esc(e.accountId),
    esc(e.region),
    esc(e.service ?? serviceOf(e)),
    `<code>${esc(e.operation)}</code>`,
    esc(e.code),
    esc(e.message),
    e.resourceArn ? `<code>${esc(e.resourceArn)}</code>${e.attribute ? ` · ${esc(e.attribute)}` : ''}` : esc((e.resourceTypes ?? []).join(', ')),
  ]);
  const intro = list.length > 0
    ? '<p>What the scanner could not read. Checks that needed it are reported as <em>could not decide</em>, never as passed.</p>'
    : '';
  return intro + table(['account', 'region', 'service', 'operation', 'code', 'message', 'resource / scope'], rows, list.length, 'sg-errors');
}

/** Older reports name no service for attribute errors: the resource ARN's service, else the operation's. */
function serviceOf(error: ReportView['collectionErrors'][number]): string {
  const fromArn = error.resourceArn?.split(':')[2];
  return fromArn || (error.operation.split('.')[0] ?? '').toLowerCase();
}

export function resolvedSection(report: ReportView): string {
  if (!report.baseline) return '<p class="sg-muted">No baseline was given.</p>';
  const list = report.resolved ?? [];
  const rows = list.slice(0, MAX_LIST_ROWS).map((r) => [
    esc(r.severity),
    `<code>${esc(r.ruleId)}</code>`,
    esc(r.resource.accountId),
    `<code>${esc(r.resource.arn)}</code>`,
  ]);
  return `<p>Baseline: <code>${esc(report.baseline.source)}</code> (finished ${esc(report.baseline.finishedAt)}).</p>` +
    table(['severity', 'rule', 'account', 'resource'], rows, list.length);
}

export function policySection(report: ReportView): string {
  const policies = table(
    ['policy', 'source', 'digest', 'applies to'],
    report.policies.map((p) => [esc(p.name), `<code>${esc(p.source)}</code>`, `<code>${esc(p.digest)}</code>`, p.appliesTo ? `<code>${esc(JSON.stringify(p.appliesTo))}</code>` : 'all targets']),
  );
  const targets = table(
    ['account', 'name', 'squad', 'account type', 'regions', 'policies'],
    report.targets.slice(0, MAX_LIST_ROWS).map((t) => [esc(t.accountId), esc(t.name ?? ''), esc(t.squad ?? ''), esc(t.accountType ?? ''), esc(t.regions.join(', ')), esc(t.policies.join(', '))]),
    report.targets.length,
  );
  const rules = table(
    ['rule', 'title', 'severity', 'resource type', 'source'],
    report.rules.map((r) => [`<code>${esc(r.id)}</code>`, esc(r.title), esc(r.severity), `<code>${esc(r.resourceType)}</code>`, esc(r.source)]),
  );
  const calls = Object.entries(report.apiCalls).sort((a, b) => b[1] - a[1]);
  const apiCalls = table(
    ['operation', 'calls', 'throttling retries'],
    calls.map(([op, n]) => [`<code>${esc(op)}</code>`, esc(n), esc(report.throttles[op] ?? 0)]),
  );
  const notes = report.notes.length > 0 ? `<ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<h3>Policies</h3>${policies}<h3>Accounts judged</h3>${targets}<h3>Rules enabled</h3>${rules}` +
    `<h3>API calls</h3>${apiCalls}${notes ? `<h3>Notes</h3>${notes}` : ''}` +
    `<p class="sg-muted">squadguard ${esc(report.tool.version)} · ${esc(timingText(report))}</p>`;
}
