import { Chalk, type ChalkInstance } from 'chalk';
import { inert } from '../text/inert.js';
import { SEVERITIES, type Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { gateHeadline } from './gate.js';

export interface ConsoleOptions {
  /** Colour output; default: chalk's detection (honours NO_COLOR, FORCE_COLOR and non-TTY). */
  color?: boolean;
  /** Failures listed before "… and N more". */
  maxFailures?: number;
}

const SEVERITY_COLOR: Record<string, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.red.bold,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
  info: (c) => c.gray,
};

/** A terminal summary: counts, then failures and errors, most severe first. */
export function renderConsole(report: Report, options: ConsoleOptions = {}): string {
  const chalk = options.color === undefined ? new Chalk() : new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const { byStatus, failuresBySeverity } = report.summary;
  const accounts = report.targets.map((t) => t.accountId).join(', ');
  lines.push(gateHeadline(report, chalk));
  lines.push(chalk.bold(`squadguard ${report.tool.version} — ${report.policies.map((p) => p.name).join(' + ')} — account(s) ${accounts}`));
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
    const address = finding.resource.terraformAddress ? `  (${inert(finding.resource.terraformAddress)})` : '';
    return `  ${tag}${isNew} ${finding.ruleId}  ${finding.resource.arn}${address}\n      ${finding.message}`;
  };
  const failing = report.findings.filter((f) => f.status === 'fail');
  const errors = report.findings.filter((f) => f.status === 'error');
  const max = options.maxFailures ?? 50;
  if (failing.length > 0) {
    lines.push('', chalk.bold('Failures'));
    lines.push(...failing.slice(0, max).map(show));
    if (failing.length > max) lines.push(`  … and ${failing.length - max} more (see the JSON/HTML report)`);
  }
  if (errors.length > 0) {
    lines.push('', chalk.bold('Could not decide (the scanner could not see)'));
    lines.push(...errors.slice(0, max).map(show));
    if (errors.length > max) lines.push(`  … and ${errors.length - max} more`);
  }
  if (report.collectionErrors.length > 0) {
    lines.push('', chalk.bold(`Collection errors: ${report.collectionErrors.length}`));
    for (const error of report.collectionErrors.slice(0, 10)) {
      lines.push(`  ${error.accountId} ${error.region} ${error.operation}: ${error.code}${error.resourceArn ? ` (${error.resourceArn})` : ''}`);
    }
  }
  const { expired, stale, expiringSoon } = report.waivers;
  for (const [label, list] of [['expired', expired], ['stale (matched nothing)', stale], ['expiring soon', expiringSoon]] as const) {
    if (list.length > 0) {
      lines.push('', chalk.bold(`Waivers ${label}: ${list.length}`));
      for (const w of list) lines.push(`  ${w.rule} ${w.resources.join(', ')} — ${w.owner}, expires ${w.expires}`);
    }
  }
  if (report.resolved && report.resolved.length > 0) lines.push('', `Resolved since baseline: ${report.resolved.length}`);
  if (report.notes.length > 0) {
    lines.push('', chalk.bold('Notes'));
    for (const note of report.notes.slice(0, max)) lines.push(`  ${note}`);
    if (report.notes.length > max) lines.push(`  … and ${report.notes.length - max} more`);
  }
  const calls = Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
  lines.push('', chalk.gray(`${calls} API calls`));
  return `${lines.join('\n')}\n`;
}
