import { SEVERITIES, type Finding, type References, type Severity } from '../model/finding.js';
import type { ReportRule, ReportView } from '../model/report.js';
import { gateLine, gateOf } from './gate.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one `reportingDescriptor` per rule (help
 * text = remediation, `helpUri` = the first documentation reference), one `result` per unwaived failure whose
 * logical location is the resource ARN and whose `partialFingerprints` carry the finding fingerprint, so
 * alerts stay the same alert across runs. Undecided checks and collection errors become tool notifications.
 */
export interface SarifOptions {
  /**
   * Repository-relative file every result is anchored to. Code scanning rejects a whole upload when a result
   * lacks a physical location, and cloud resources have no file: the policy file is the natural anchor.
   * Default: the policy's file name (`policies/<pack>.yaml` for shipped packs).
   */
  anchor?: string;
  /**
   * Most results written (default 25,000: GitHub code scanning rejects a run with more): the most severe are
   * kept, in report order. What is left out is said in a tool notification; the JSON/HTML/CSV reports keep
   * every finding.
   */
  maxResults?: number;
}

const DEFAULT_MAX_RESULTS = 25_000;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub maps security-severity to critical (≥ 9), high (≥ 7), medium (≥ 4), low (> 0). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.5' };

const FINGERPRINT_KEY = 'squadguardFingerprint/v1';

export function renderSarif(report: ReportView, options: SarifOptions = {}): string {
  return [...sarifChunks(report, options)].join('');
}

// Placeholders for the two arrays that grow with the findings; unescaped quotes around them cannot occur inside a string.
const NOTIFICATIONS = 'squadguard:notifications';
const RESULTS = 'squadguard:results';

/**
 * The SARIF log in pieces, as `JSON.stringify(log, null, 2)` would write it, with results and notifications
 * written one at a time. Three passes over the findings: counts and rules, undecided checks, results.
 */
export function* sarifChunks(report: ReportView, options: SarifOptions = {}): Generator<string> {
  const anchor = options.anchor ?? defaultAnchor(report);
  const gate = gateOf(report);
  const maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const { rules, failing, undecided } = survey(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const take = quota(failing, maxResults);
  const omitted = SEVERITIES.reduce((n, severity) => n + failing[severity] - take[severity], 0);
  const trailing = [
    ...(omitted > 0
      ? [{ level: 'warning', message: { text: `${omitted} less severe failure(s) left out to stay within ${maxResults} results; see the JSON, HTML or CSV report` } }]
      : []),
    ...report.collectionErrors.map((e) => ({
      level: 'warning',
      message: { text: `${e.operation} failed in ${e.accountId}/${e.region}: ${e.code} ${e.message}${e.resourceArn ? ` (${e.resourceArn})` : ''}` },
    })),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'squadguard',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://www.npmjs.com/package/squadguard',
            rules: rules.map(descriptor),
          },
        },
        automationDetails: { id: `squadguard/${report.policies.map((p) => p.name).join('+') || 'default'}/` },
        invocations: [
          {
            executionSuccessful: !report.summary.incomplete,
            exitCode: gate.exitCode,
            exitCodeDescription: gateLine(gate),
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            ...(undecided + trailing.length > 0 ? { toolExecutionNotifications: NOTIFICATIONS } : {}),
          },
        ],
        results: RESULTS,
        properties: {
          gate,
          ...(report.collection ? { inventoryCollection: report.collection } : {}),
          policies: report.policies.map((p) => ({ name: p.name, digest: p.digest })),
          accounts: report.targets.map((t) => t.accountId),
          summary: report.summary.byStatus,
        },
      },
    ],
  };
  const skeleton = `${JSON.stringify(sarif, null, 2)}\n`;
  const notes = skeleton.indexOf(`"toolExecutionNotifications": "${NOTIFICATIONS}"`);
  const results = skeleton.indexOf(`"results": "${RESULTS}"`);
  let from = 0;
  if (notes >= 0) {
    yield skeleton.slice(0, notes);
    yield* array('toolExecutionNotifications', 12, notifications(report.findings, trailing));
    from = notes + `"toolExecutionNotifications": "${NOTIFICATIONS}"`.length;
  }
  yield skeleton.slice(from, results);
  const withBaseline = !!report.baseline;
  yield* array('results', 8, kept(report.findings, take, (finding) => result(finding, ruleIndex, anchor, withBaseline)));
  yield skeleton.slice(results + `"results": "${RESULTS}"`.length);
}

/** `"key": [ … ]` as JSON.stringify(…, null, 2) writes it with its items `indent` spaces deep. */
function* array(key: string, indent: number, items: Iterable<unknown>): Generator<string> {
  const pad = ' '.repeat(indent);
  let first = true;
  for (const item of items) {
    yield `${first ? `"${key}": [\n` : ',\n'}${pad}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${pad}`)}`;
    first = false;
  }
  yield first ? `"${key}": []` : `\n${' '.repeat(indent - 2)}]`;
}

/** First pass: the rules, and how many failures (per severity) and undecided checks there are. */
function survey(report: ReportView): { rules: RuleInfo[]; failing: Record<Severity, number>; undecided: number } {
  const rules = new Map<string, RuleInfo>(report.rules.map((rule) => [rule.id, rule]));
  const failing: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  let undecided = 0;
  for (const f of report.findings) {
    if (f.status === 'fail') failing[f.severity]++;
    else if (f.status === 'error') undecided++;
    // A rule a finding names that the rule list lacks (e.g. from a merged shard).
    if (!rules.has(f.ruleId)) {
      rules.set(f.ruleId, { id: f.ruleId, title: f.title, severity: f.severity, remediation: f.remediation, references: f.references, resourceType: f.resource.type });
    }
  }
  return { rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)), failing, undecided };
}

/**
 * How many failures of each severity fit in `max` results, most severe first: the cut falls inside one
 * severity, whose first failures (in report order) are kept.
 */
function quota(failing: Record<Severity, number>, max: number): Record<Severity, number> {
  let left = max;
  const take = { ...failing };
  for (const severity of SEVERITIES) {
    take[severity] = Math.min(failing[severity], left);
    left -= take[severity];
  }
  return take;
}

function* kept(findings: Iterable<Finding>, take: Record<Severity, number>, map: (finding: Finding) => unknown): Generator<unknown> {
  const left = { ...take };
  for (const finding of findings) {
    if (finding.status !== 'fail' || left[finding.severity] === 0) continue;
    left[finding.severity]--;
    yield map(finding);
  }
}

function* notifications(findings: Iterable<Finding>, trailing: unknown[]): Generator<unknown> {
  for (const f of findings) {
    if (f.status !== 'error') continue;
    yield {
      level: 'error',
      message: { text: `${f.ruleId} could not be decided for ${f.resource.arn}: ${f.message}` },
      descriptor: { id: f.ruleId },
      locations: [{ logicalLocations: [logical(f)] }],
    };
  }
  yield* trailing;
}

type RuleInfo = Pick<ReportRule, 'id' | 'title' | 'severity' | 'remediation' | 'references' | 'resourceType'>;

function descriptor(rule: RuleInfo): Record<string, unknown> {
  const helpUri = helpUriOf(rule.references);
  const refs = referenceLines(rule.references);
  const tags = ['security', 'cloud', rule.resourceType.split('.')[1] ?? rule.resourceType, ...(rule.references.fsbp ?? []).map((id) => `fsbp:${id}`)];
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title} (resource type ${rule.resourceType}).` },
    help: {
      text: `${rule.title}\n\nRemediation: ${rule.remediation}${refs.length > 0 ? `\n\nReferences:\n${refs.join('\n')}` : ''}`,
      markdown: `**${rule.title}**\n\n**Remediation:** ${rule.remediation}${refs.length > 0 ? `\n\n**References:**\n${refs.map((r) => `- ${r}`).join('\n')}` : ''}`,
    },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags, precision: 'very-high', 'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity], 'security-severity': SECURITY_SEVERITY[rule.severity] },
  };
}

function result(finding: Finding, ruleIndex: Map<string, number>, anchor: string, withBaseline: boolean): Record<string, unknown> {
  const { resource } = finding;
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} — ${resource.arn}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: anchor }, region: { startLine: 1 } },
        logicalLocations: [logical(finding), ...(resource.terraformAddress ? [{ name: resource.terraformAddress, fullyQualifiedName: resource.terraformAddress, kind: 'terraform-address' }] : [])],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(withBaseline && finding.baseline ? { baselineState: finding.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    properties: {
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      accountId: resource.accountId,
      region: resource.region,
      resourceType: resource.type,
      ...(resource.terraformAddress ? { terraformAddress: resource.terraformAddress } : {}),
      ...(finding.squad ? { squad: finding.squad } : {}),
      ...(finding.path ? { path: finding.path } : {}),
      ...(finding.evidence ? { evidence: finding.evidence } : {}),
      ...(finding.expiredWaiver ? { expiredWaiver: finding.expiredWaiver } : {}),
    },
  };
}

function logical(finding: Finding): Record<string, string> {
  return { name: finding.resource.name, fullyQualifiedName: finding.resource.arn, kind: 'resource' };
}

function helpUriOf(references: References): string | undefined {
  const doc = references.docs?.find((url) => /^https?:\/\//.test(url));
  if (doc) return doc;
  // FSBP control "S3.17" is documented at …/s3-controls.html#s3-17.
  const control = references.fsbp?.[0]?.match(/^([A-Za-z0-9]+)\.(\d+)$/);
  return control
    ? `https://docs.aws.amazon.com/securityhub/latest/userguide/${control[1]!.toLowerCase()}-controls.html#${control[1]!.toLowerCase()}-${control[2]}`
    : undefined;
}

function referenceLines(references: References): string[] {
  return [
    ...(references.fsbp ?? []).map((id) => `AWS Foundational Security Best Practices ${id}`),
    ...(references.cis ?? []).map((id) => `CIS AWS Foundations ${id}`),
    ...(references.prowler ?? []).map((id) => `Prowler ${id}`),
    ...(references.docs ?? []),
  ];
}

function defaultAnchor(report: ReportView): string {
  const policy = report.policies[report.policies.length - 1];
  if (!policy) return 'squadguard-policy.yaml';
  if (policy.source.startsWith('pack:')) return `policies/${policy.source.slice(5)}.yaml`;
  const parts = policy.source.split(/[\\/]/);
  return policy.source.startsWith('/') || /^[A-Za-z]:/.test(policy.source) ? parts[parts.length - 1]! : policy.source;
}

function pascal(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
}
