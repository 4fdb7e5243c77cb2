import { Chalk, type ChalkInstance } from 'chalk';
import { compareFindings, SEVERITIES, type Finding } from '../model/finding.js';
import type { ReportView } from '../model/report.js';
import { inert } from '../text/inert.js';
import { gateHeadline } from './gate.js';
import { Top } from './top.js';

export interface ConsoleOptions {
  /** Colour output; default: chalk's own detection (FORCE_COLOR, TTY). The CLI decides (NO_COLOR, --color) and passes it. */
  color?: boolean;
  /** Failures listed before "… and N more". */
  maxFailures?: number;
  /** Path of the HTML report written beside this summary: failures point at it. */
  htmlReport?: string;
}

/** Every string from AWS or an input file is made inert (and clipped) before it joins the tool's own colours. */
const t = (value: unknown, max = 2048): string => inert(value, { max });

const SEVERITY_COLOR: Record<string, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.red.bold,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
  info: (c) => c.gray,
};

/** A terminal summary: counts, then failures and errors, most severe first (the first `maxFailures` of each). */
export function renderConsole(report: ReportView, options: ConsoleOptions = {}): string {
  const chalk = options.color === undefined ? new Chalk() : new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const { byStatus, failuresBySeverity } = report.summary;
  const accounts = t(report.targets.map((target) => target.accountId).join(', '), 4096);
  lines.push(gateHeadline(report, chalk));
  lines.push(chalk.bold(`squadguard ${report.tool.version} — ${t(report.policies.map((p) => p.name).join(' + '))} — account(s) ${accounts}`));
  lines.push(
    `${report.summary.total} checks: ${chalk.green(`${byStatus.pass} passed`)}, ${chalk.red(`${byStatus.fail} failed`)}, ` +
      `${chalk.magenta(`${byStatus.error} could not be decided`)}, ${byStatus.waived} waived`,
  );
  const bySeverity = SEVERITIES.filter((s) => failuresBySeverity[s] > 0).map((s) => `${failuresBySeverity[s]} ${s}`);
  if (bySeverity.length > 0) lines.push(`failures by severity: ${bySeverity.join(', ')}`);
  const show = (finding: Finding): string => {
    const color = SEVERITY_COLOR[finding.severity]?.(chalk) ?? chalk;
    const tag = finding.status === 'error' ? chalk.magenta('ERROR') : color(finding.severity.toUpperCase());
    const isNew = finding.baseline === 'new' ? chalk.bold(' [new]') : '';
    const address = finding.resource.terraformAddress ? `  (${t(finding.resource.terraformAddress, 512)})` : '';
    const explain = chalk.gray(`→ squadguard explain ${t(finding.ruleId, 256)}${explainFlags(finding.ruleId)}`);
    return `  ${tag}${isNew} ${t(finding.ruleId, 256)}  ${t(finding.resource.arn)}${address}\n      ${t(finding.message, 4096)}\n      ${explain}`;
  };
  // Custom and plugin rules are explained only with the policy or plugin that defines them.
  const explainFlags = (ruleId: string): string => {
    const source = report.rules.find((rule) => rule.id === ruleId)?.source ?? 'built-in';
    if (source.startsWith('plugin:')) return ` --plugin ${t(source.slice('plugin:'.length))}`;
    if (!source.startsWith('policy:')) return '';
    const policy = report.policies.find((candidate) => candidate.name === source.slice('policy:'.length))?.source;
    return policy ? ` --policy ${t(policy.replace(/^pack:/, ''))}` : '';
  };
  const details = options.htmlReport ? ` — details: ${t(options.htmlReport)}` : '';
  const max = options.maxFailures ?? 50;
  // Findings come account by account: the most severe across the report are selected here, `max` at most kept.
  const failing = new Top<Finding>(max, compareFindings);
  const errors = new Top<Finding>(max, compareFindings);
  for (const finding of report.findings) {
    if (finding.status === 'fail') failing.offer(finding);
    else if (finding.status === 'error') errors.offer(finding);
  }
  if (failing.count > 0) {
    lines.push('', `${chalk.bold('Failures')}${details}`);
    lines.push(...failing.sorted().map(show));
    if (failing.count > max) lines.push(`  … and ${failing.count - max} more (see ${options.htmlReport ? t(options.htmlReport) : 'the JSON/HTML report'})`);
  }
  if (errors.count > 0) {
    lines.push('', `${chalk.bold('Could not decide (the scanner could not see)')}${details}`);
    lines.push(...errors.sorted().map(show));
    if (errors.count > max) lines.push(`  … and ${errors.count - max} more`);
  }
  if (report.collectionErrors.length > 0) {
    lines.push('', chalk.bold(`Collection errors: ${report.collectionErrors.length}`));
    for (const error of report.collectionErrors.slice(0, 10)) {
      lines.push(`  ${t(error.accountId)} ${t(error.region)} ${t(error.operation)}: ${t(error.code)}${error.resourceArn ? ` (${t(error.resourceArn)})` : ''}`);
      if (error.message) lines.push(`      ${t(error.message, 300)}`);
    }
  }
  const { expired, stale, expiringSoon } = report.waivers;
  for (const [label, list] of [['expired', expired], ['stale (matched nothing)', stale], ['expiring soon', expiringSoon]] as const) {
    if (list.length > 0) {
      lines.push('', chalk.bold(`Waivers ${label}: ${list.length}`));
      for (const w of list) lines.push(`  ${t(w.rule, 256)} ${t(w.resources.join(', '))} — ${t(w.owner, 256)}, expires ${t(w.expires, 64)}`);
    }
  }
  if (report.resolved && report.resolved.length > 0) lines.push('', `Resolved since baseline: ${report.resolved.length}`);
  if (report.notes.length > 0) {
    lines.push('', chalk.bold('Notes'));
    for (const note of report.notes.slice(0, max)) lines.push(`  ${t(note, 4096)}`);
    if (report.notes.length > max) lines.push(`  … and ${report.notes.length - max} more`);
  }
  const calls = Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
  lines.push('', chalk.gray(`${calls} API calls`));
  return `${lines.join('\n')}\n`;
}
