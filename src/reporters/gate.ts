import { decideGate, verdictExitCode } from '../engine/exit-code.js';
import type { ChalkInstance } from 'chalk';
import type { ReportGate, ReportView } from '../model/report.js';
import { inert } from '../text/inert.js';

/**
 * The gate's decision as every renderer words it: one headline, the settings it was judged with. A report
 * published by the CLI carries its gate; one built otherwise (library use, older reports) is judged with the
 * CLI's defaults, so every rendering still opens with a verdict.
 */
export function gateOf(report: ReportView): ReportGate {
  return report.gate ?? decideGate(report);
}

export const VERDICT_LABEL: Record<ReportGate['verdict'], string> = { pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE' };

/** `FAIL (exit 1): 3 unwaived failures at severity high or above (1 critical, 2 high)`. */
export function gateLine(gate: ReportGate): string {
  const decided = verdictExitCode(gate.verdict);
  const exit = gate.exitZero && decided !== gate.exitCode ? `exit ${gate.exitCode} with --exit-zero; the gate decided ${decided}` : `exit ${gate.exitCode}`;
  return `${VERDICT_LABEL[gate.verdict]} (${exit}): ${inert(gate.reason)}`;
}

/** What the gate was judged with: threshold, mode, baseline, flags in force. */
export function gateSettings(gate: ReportGate): string[] {
  return [
    `--fail-on ${gate.failOn}`,
    gate.mode === 'new' ? 'only failures new against the baseline count (--fail-on-new)' : 'every unwaived failure counts',
    gate.baseline
      ? `baseline ${inert(gate.baseline.source)}${gate.baseline.fingerprints === undefined ? '' : ` (${gate.baseline.fingerprints.toLocaleString('en')} fingerprints)`}`
      : 'no baseline',
    ...(gate.allowIncomplete ? ['--allow-incomplete'] : []),
    ...(gate.exitZero ? ['--exit-zero'] : []),
  ];
}

/** The console's first line: the gate's verdict, coloured by it. */
export function gateHeadline(report: ReportView, chalk: ChalkInstance): string {
  const gate = gateOf(report);
  const colour = gate.verdict === 'fail' ? chalk.red.bold : gate.verdict === 'incomplete' ? chalk.magenta.bold : chalk.green.bold;
  return colour(gateLine(gate));
}
