import { FINDING_STATUSES, SEVERITIES, type AppliedWaiver, type Finding, type References } from '../../model/finding.js';
import type { ReportView } from '../../model/report.js';
import { scriptSafeJson } from './escape.js';
import { markdownBlocks, type MarkdownBlock } from './markdown.js';

/**
 * The findings table's data, dictionary-encoded so 100,000 findings stay a few MB: repeated strings
 * (rule ids, titles, accounts, regions, messages, remediation) are sent once and rows refer to them by
 * index. It is written row by row while the findings are read, so the rows are never held together:
 *
 *   {"severities":[…],"statuses":[…],"rules":{…},"accounts":{…},"items":[item, …],"markdown":{…}}
 *
 * where an item is either a string — the next entry of the string table, sent just before the first row
 * that uses it — or a `CompactRow`. The client script (client.ts) splits the items back into the string
 * table and the rows; nothing here is HTML.
 */
export interface FindingsData {
  /** Ordered like SEVERITIES / FINDING_STATUSES; rows store indexes into these. */
  severities: readonly string[];
  statuses: readonly string[];
  /** Rule metadata for the detail view (references are stored per finding only when they differ). */
  rules: Record<string, { title: string; severity: string; references: References }>;
  accounts: Record<string, { name: string; squad: string; accountType: string }>;
  items: Array<string | CompactRow>;
  /** Remediation Markdown as plain data (blocks of inline runs), by the remediation's index in the string table. */
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
 * — string-valued slots other than fingerprint/arn/name are indexes into the string table.
 */
export type CompactRow = [
  string, number, number, number, number, number, number, string, string | 0, number, number, 0 | 1 | 2, number, number, FindingExtra | 0,
];

/** Distinct messages remembered at once; past it they are forgotten and sent again when they recur. */
const MAX_MESSAGES = 10_000;
/** Rows gathered into one chunk of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The string table as the writer knows it. Keys (rule, account, region, type, squad, title, remediation)
 * are few — bounded by rules, accounts and regions — and kept for good: the client filters on them by
 * value, so each has one index. Messages can be as many as the findings: only the latest `MAX_MESSAGES`
 * are remembered, and a forgotten one is sent again under a new index (the client reads messages by index
 * only, so a repeat costs bytes, never correctness).
 */
class StringTable {
  private size = 0;
  private readonly keys = new Map<string, number>();
  private messages = new Map<string, number>();
  /** Strings added since the last `take()`: written before the row that uses them. */
  private fresh: string[] = [];

  key(value: string): number {
    let at = this.keys.get(value);
    if (at === undefined) {
      at = this.messages.get(value) ?? this.add(value);
      this.messages.delete(value);
      this.keys.set(value, at);
    }
    return at;
  }

  message(value: string): number {
    let at = this.keys.get(value) ?? this.messages.get(value);
    if (at === undefined) {
      if (this.messages.size >= MAX_MESSAGES) this.messages = new Map();
      at = this.add(value);
      this.messages.set(value, at);
    }
    return at;
  }

  take(): string[] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }

  private add(value: string): number {
    this.fresh.push(value);
    return this.size++;
  }
}

/**
 * The `#sg-data` element's text in pieces, already escaped for a `<script>` data block (`scriptSafeJson`
 * per piece; the joints are plain JSON punctuation): one pass over the findings, holding one chunk of rows,
 * the key strings and the Markdown of each remediation.
 */
export function* findingsDataChunks(report: ReportView): Generator<string> {
  const rules: FindingsData['rules'] = {};
  for (const rule of report.rules) rules[rule.id] = { title: rule.title, severity: rule.severity, references: rule.references };
  const accounts: FindingsData['accounts'] = {};
  for (const t of report.targets) accounts[t.accountId] = { name: t.name ?? '', squad: t.squad ?? '', accountType: t.accountType ?? '' };
  const accountTypes = new Map(report.targets.map((t) => [t.accountId, t.accountType]));
  yield `{"severities":${scriptSafeJson(SEVERITIES)},"statuses":${scriptSafeJson(FINDING_STATUSES)},` +
    `"rules":${scriptSafeJson(rules)},"accounts":${scriptSafeJson(accounts)},"items":[`;

  const table = new StringTable();
  const markdown = new Map<number, MarkdownBlock[]>();
  let chunk = '';
  let first = true;
  for (const finding of report.findings) {
    const row = compactRow(finding, table, rules[finding.ruleId]?.references, accountTypes.get(finding.resource.accountId));
    if (!markdown.has(row[13])) markdown.set(row[13], markdownBlocks(finding.remediation));
    for (const item of [...table.take(), row]) {
      chunk += (first ? '' : ',') + scriptSafeJson(item);
      first = false;
    }
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}],"markdown":${scriptSafeJson(Object.fromEntries(markdown))}}`;
}

function compactRow(finding: Finding, table: StringTable, ruleReferences: References | undefined, accountType: string | undefined): CompactRow {
  const { resource } = finding;
  return [
    finding.fingerprint,
    table.key(finding.ruleId),
    FINDING_STATUSES.indexOf(finding.status),
    SEVERITIES.indexOf(finding.severity),
    table.key(resource.accountId),
    table.key(resource.region),
    table.key(resource.type),
    resource.arn,
    arnTail(resource.arn) === resource.name ? 0 : resource.name,
    finding.squad === undefined ? -1 : table.key(finding.squad),
    table.message(finding.message),
    finding.baseline === 'new' ? 1 : finding.baseline === 'existing' ? 2 : 0,
    table.key(finding.title),
    table.key(finding.remediation),
    extraOf(finding, ruleReferences, accountType),
  ];
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
