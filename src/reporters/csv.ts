import type { Finding } from '../model/finding.js';
import type { ReportView } from '../model/report.js';

/**
 * Every finding as one CSV row (RFC 4180: CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF).
 * Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading `'`, as
 * OWASP advises: resource names and tags come from AWS accounts, not from people we trust.
 */
const COLUMNS: Array<[string, (f: Finding) => string | number | undefined]> = [
  ['status', (f) => f.status],
  ['severity', (f) => f.severity],
  ['rule_id', (f) => f.ruleId],
  ['title', (f) => f.title],
  ['account_id', (f) => f.resource.accountId],
  ['squad', (f) => f.squad],
  ['account_type', (f) => f.accountType],
  ['region', (f) => f.resource.region],
  ['resource_type', (f) => f.resource.type],
  ['resource_name', (f) => f.resource.name],
  ['resource_arn', (f) => f.resource.arn],
  ['message', (f) => f.message],
  ['path', (f) => f.path],
  ['baseline', (f) => f.baseline],
  ['waiver_owner', (f) => f.waiver?.owner ?? f.expiredWaiver?.owner],
  ['waiver_expires', (f) => f.waiver?.expires ?? f.expiredWaiver?.expires],
  ['waiver_reason', (f) => f.waiver?.reason ?? f.expiredWaiver?.reason],
  ['waiver_days_to_expiry', (f) => f.waiver?.daysToExpiry ?? f.expiredWaiver?.daysToExpiry],
  ['remediation', (f) => f.remediation],
  ['fingerprint', (f) => f.fingerprint],
];

/** The CSV a line at a time (large reports are written without one huge string). */
export function* csvChunks(report: ReportView): Generator<string> {
  yield `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
  for (const finding of report.findings) yield `${COLUMNS.map(([, get]) => csvCell(get(finding))).join(',')}\r\n`;
}

export function renderCsv(report: ReportView): string {
  return [...csvChunks(report)].join('');
}

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
