import type { Finding } from '../model/finding.js';
import type { ReportView } from '../model/report.js';
import { gateOf, gateLine } from './gate.js';
import { secondsBetween } from './timing.js';

/**
 * JUnit XML as CI systems read it (the Jenkins junit-10 schema, GitLab's and Azure's test report parsers):
 * one `<testsuite>` per rule and account (named by the rule, with an `account` property when the report
 * covers several accounts), one `<testcase>` per resource judged; an unwaived failure is a `<failure>`,
 * a check that could not be decided (the scanner could not see) an `<error>`, a waived failure `<skipped>`.
 * The gate's verdict comes first, as the properties of a suite of its own without test cases (so the counts
 * CI shows stay the findings'); `time` is this run's, never the age of the inventory it judged.
 *
 * Written a test case at a time (large reports without one huge string). Findings come account by account:
 * one account's are grouped by rule and written before the next account's are read, so memory holds one
 * account's findings at most; the totals of `<testsuites>` are the summary's.
 */
export function* junitChunks(report: ReportView): Generator<string> {
  const timestamp = report.startedAt.replace(/(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, '');
  const seconds = secondsBetween(report.startedAt, report.finishedAt);
  const { total, byStatus } = report.summary;
  const name = `squadguard ${report.policies.map((p) => p.name).join(' + ')}`;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${attr(name)}" tests="${total}" failures="${byStatus.fail}" errors="${byStatus.error}" time="${seconds.toFixed(3)}">\n`;
  yield gateSuite(report, timestamp);
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  const perAccount = report.targets.length > 1;
  let id = 1;
  let account: string | undefined;
  let byRule = new Map<string, Finding[]>();
  const suites = function* (): Generator<string> {
    for (const ruleId of [...byRule.keys()].sort()) {
      const findings = byRule.get(ruleId)!;
      const rule = rules.get(ruleId);
      const count = (status: Finding['status']): number => findings.filter((f) => f.status === status).length;
      const properties: Array<[string, string]> = [
        ['title', rule?.title ?? findings[0]!.title],
        ['severity', rule?.severity ?? findings[0]!.severity],
        ...(perAccount ? [['account', account ?? '']] as Array<[string, string]> : []),
      ];
      yield `  <testsuite id="${id++}" name="${attr(ruleId)}" package="squadguard" tests="${findings.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('waived')}" time="0" timestamp="${attr(timestamp)}" hostname="squadguard">\n` +
        `    <properties>\n${properties.map(([key, value]) => `      <property name="${key}" value="${attr(value)}"/>\n`).join('')}    </properties>\n`;
      for (const finding of findings) yield testcase(finding);
      yield `  </testsuite>\n`;
    }
  };
  for (const finding of report.findings) {
    if (finding.resource.accountId !== account) {
      yield* suites();
      account = finding.resource.accountId;
      byRule = new Map();
    }
    let list = byRule.get(finding.ruleId);
    if (!list) byRule.set(finding.ruleId, (list = []));
    list.push(finding);
  }
  yield* suites();
  yield `</testsuites>\n`;
}

function gateSuite(report: ReportView, timestamp: string): string {
  const gate = gateOf(report);
  const properties: Array<[string, string]> = [
    ['gate.verdict', gate.verdict],
    ['gate.exitCode', String(gate.exitCode)],
    ['gate.reason', gateLine(gate)],
    ['gate.failOn', gate.failOn],
    ['gate.mode', gate.mode],
    ...(gate.baseline ? [['gate.baseline', gate.baseline.source]] as Array<[string, string]> : []),
    ...(gate.baseline?.fingerprints !== undefined ? [['gate.baselineFingerprints', String(gate.baseline.fingerprints)]] as Array<[string, string]> : []),
    ['gate.exitZero', String(gate.exitZero)],
    ['gate.allowIncomplete', String(gate.allowIncomplete)],
    ...(report.collection ? [['inventory.collectedAt', report.collection.startedAt]] as Array<[string, string]> : []),
  ];
  return `  <testsuite id="0" name="squadguard gate" package="squadguard" tests="0" failures="0" errors="0" skipped="0" time="0" timestamp="${attr(timestamp)}" hostname="squadguard">\n` +
    `    <properties>\n${properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>\n`).join('')}    </properties>\n  </testsuite>\n`;
}

export function renderJunit(report: ReportView): string {
  return [...junitChunks(report)].join('');
}

function testcase(finding: Finding): string {
  const { resource } = finding;
  const open = `    <testcase name="${attr(resource.arn)}" classname="${attr(`${finding.ruleId}.${resource.accountId}.${resource.region}`)}" time="0"`;
  const details = [
    finding.message,
    `resource: ${resource.arn} (${resource.type}) in ${resource.accountId}/${resource.region}`,
    finding.squad ? `squad: ${finding.squad}` : '',
    finding.baseline ? `baseline: ${finding.baseline}` : '',
    finding.path ? `path: ${finding.path}` : '',
    finding.evidence ? `evidence: ${JSON.stringify(finding.evidence)}` : '',
    finding.expiredWaiver ? `expired waiver: ${finding.expiredWaiver.reason} (${finding.expiredWaiver.owner}, expired ${finding.expiredWaiver.expires})` : '',
    `remediation: ${finding.remediation}`,
    `fingerprint: ${finding.fingerprint}`,
  ].filter(Boolean).join('\n');
  switch (finding.status) {
    case 'pass':
      return `${open}/>\n`;
    case 'fail':
      return `${open}>\n      <failure message="${attr(finding.message)}" type="${finding.severity}">${text(details)}</failure>\n    </testcase>\n`;
    case 'error':
      return `${open}>\n      <error message="${attr(finding.message)}" type="could-not-decide">${text(details)}</error>\n    </testcase>\n`;
    case 'waived': {
      const w = finding.waiver;
      const why = w ? `waived: ${w.reason} (owner ${w.owner}, expires ${w.expires}, ${w.daysToExpiry} days left)` : 'waived';
      return `${open}>\n      <skipped message="${attr(why)}"/>\n    </testcase>\n`;
    }
  }
}

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates) are replaced. */
function legal(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(value: string): string {
  return legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
