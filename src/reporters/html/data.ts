import { FINDING_STATUSES, SEVERITIES, type AppliedWaiver, type Finding, type References } from '../../model/finding.js';
import type { Report } from '../../model/report.js';
import { markdownBlocks, type MarkdownBlock } from './markdown.js';

/**
 * The findings table's data, dictionary-encoded so 100,000 findings stay a few MB: repeated strings
 * (rule ids, titles, accounts, regions, messages, remediation) live once in `strings` and rows refer to
 * them by index. The client script (client.ts) decodes rows lazily; nothing here is HTML.
 */
export interface CompactFindings {
  strings: string[];
  /** Ordered like SEVERITIES / FINDING_STATUSES; rows store indexes into these. */
  severities: readonly string[];
  statuses: readonly string[];
  /** Rule metadata for the detail view (references are stored per finding only when they differ). */
  rules: Record<string, { title: string; severity: string; references: References }>;
  rows: CompactRow[];
  /** Remediation Markdown as plain data (blocks of inline runs), by the remediation's index in `strings`. */
  markdown: Record<number, MarkdownBlock[]>;
}

/** Rare, bulky fields of one finding, present only when the finding has them. */
export interface FindingExtra {
  path?: string;
  evidence?: Record<string, unknown>;
  waiver?: AppliedWaiver;
  expiredWaiver?: AppliedWaiver;
  references?: References;
  accountType?: string;
  terraformAddress?: string;
}

/**
 * [fingerprint, rule, status, severity, account, region, type, arn, name (0 when it equals `arnTail(arn)`),
 *  squad (-1 none), message, baseline (0 none, 1 new, 2 existing), title, remediation, extra (0 none)]
 * — string-valued slots other than fingerprint/arn/name are indexes into `strings`.
 */
export type CompactRow = [
  string, number, number, number, number, number, number, string, string | 0, number, number, 0 | 1 | 2, number, number, FindingExtra | 0,
];

export function compactFindings(report: Report): CompactFindings {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (value: string): number => {
    let at = index.get(value);
    if (at === undefined) {
      at = strings.length;
      strings.push(value);
      index.set(value, at);
    }
    return at;
  };
  const accountTypes = new Map(report.targets.map((t) => [t.accountId, t.accountType]));
  const rules: CompactFindings['rules'] = {};
  for (const rule of report.rules) rules[rule.id] = { title: rule.title, severity: rule.severity, references: rule.references };
  const rows = report.findings.map((finding): CompactRow => {
    const { resource } = finding;
    const extra = extraOf(finding, rules[finding.ruleId]?.references, accountTypes.get(resource.accountId));
    return [
      finding.fingerprint,
      intern(finding.ruleId),
      FINDING_STATUSES.indexOf(finding.status),
      SEVERITIES.indexOf(finding.severity),
      intern(resource.accountId),
      intern(resource.region),
      intern(resource.type),
      resource.arn,
      arnTail(resource.arn) === resource.name ? 0 : resource.name,
      finding.squad === undefined ? -1 : intern(finding.squad),
      intern(finding.message),
      finding.baseline === 'new' ? 1 : finding.baseline === 'existing' ? 2 : 0,
      intern(finding.title),
      intern(finding.remediation),
      extra,
    ];
  });
  const markdown: Record<number, MarkdownBlock[]> = {};
  for (const row of rows) if (!(row[13] in markdown)) markdown[row[13]] = markdownBlocks(strings[row[13]] ?? '');
  return { strings, severities: SEVERITIES, statuses: FINDING_STATUSES, rules, rows, markdown };
}

function extraOf(finding: Finding, ruleReferences: References | undefined, accountType: string | undefined): FindingExtra | 0 {
  const extra: FindingExtra = {};
  if (finding.path) extra.path = finding.path;
  if (finding.resource.terraformAddress) extra.terraformAddress = finding.resource.terraformAddress;
  if (finding.evidence && Object.keys(finding.evidence).length > 0) extra.evidence = finding.evidence;
  if (finding.waiver) extra.waiver = finding.waiver;
  if (finding.expiredWaiver) extra.expiredWaiver = finding.expiredWaiver;
  // Usually the account's type (sent once per account); kept per finding only when it differs.
  if (finding.accountType && finding.accountType !== accountType) extra.accountType = finding.accountType;
  if (JSON.stringify(finding.references) !== JSON.stringify(ruleReferences ?? {})) extra.references = finding.references;
  return Object.keys(extra).length > 0 ? extra : 0;
}

/** What the client shows as the name when the row stores none: the ARN after its last `/` or `:`. */
export function arnTail(arn: string): string {
  return arn.slice(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
}
