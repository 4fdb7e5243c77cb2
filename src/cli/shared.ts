import { resolve } from 'node:path';
import { exitCodeFor, type ExitCode } from '../engine/exit-code.js';
import type { Report } from '../model/report.js';
import type { Inventory } from '../model/inventory.js';
import { renderConsole } from '../reporters/console.js';
import { formatByName } from '../reporters/index.js';
import { readReport } from '../pipeline/judge.js';
import { parseFormats, type ReportFlags } from './options.js';
import { OutputError, prepareOutputDir, prepareOutputFile, writeFileAtomic } from './output.js';
import { boundDepth, MAX_JSON_DEPTH } from '../reporters/json.js';
import { colors, printErr, writeRaw } from './terminal.js';

export function loadBaseline(flags: ReportFlags): { report: Report; source: string } | undefined {
  if (!flags.baseline) return undefined;
  return { report: readReport(flags.baseline), source: flags.baseline };
}

/**
 * Checks the report flags before any work: the formats exist and, when a format writes a file, the output
 * folder can be created and written (exit 2 naming the path, not after an hour of collecting).
 */
export function checkReportOutput(flags: ReportFlags): void {
  const names = parseFormats(flags.format);
  if (names.some((name) => formatByName(name)?.fileName)) prepareOutputDir(flags.outputDir, `--output-dir ${flags.outputDir}`);
}

/** Checks that a file flag (`--output`, `--save-inventory`) names a writable place, before any work. */
export function checkOutputFile(path: string, flag: string): void {
  prepareOutputFile(path, `${flag} ${path}`);
}

/** Writes an inventory snapshot atomically (creating its folder). */
export function writeInventory(path: string, inventory: Inventory, pretty = true): string {
  const absolute = prepareOutputFile(path, path);
  writeFileAtomic(absolute, `${pretty ? JSON.stringify(inventory, null, 2) : JSON.stringify(inventory)}\n`);
  return absolute;
}

/**
 * Writes every requested file format (atomically), then prints the console summary unless quiet — after the
 * files, so it can point at the HTML report. Returns the gate's exit code.
 */
export function publish(report: Report, flags: ReportFlags): ExitCode {
  const names = parseFormats(flags.format);
  const written: string[] = [];
  let htmlReport: string | undefined;
  for (const name of names) {
    const format = formatByName(name);
    if (!format?.fileName) continue;
    const path = resolve(prepareOutputDir(flags.outputDir, `--output-dir ${flags.outputDir}`), format.fileName);
    const write = (from: Report): void => writeFileAtomic(path, format.chunks ? format.chunks(from) : rendered(() => format.render(from)));
    try {
      write(report);
    } catch (error) {
      // Evidence nested deeper than the stack (a hostile policy document): write it cut at a marker instead.
      if (!(error instanceof OutputError && isStackOverflow(error.cause))) throw error;
      write(withBoundedEvidence(report));
    }
    written.push(path);
    if (name === 'html') htmlReport = path;
  }
  if (!flags.quiet && names.includes('console')) {
    writeRaw('stdout', renderConsole(report, { color: colors('stdout').level > 0, ...(htmlReport ? { htmlReport } : {}) }));
  }
  const code = exitCodeFor(report, {
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete,
    failOnNew: flags.failOnNew,
  });
  if (!flags.quiet) {
    for (const path of written) printErr(`wrote ${path}\n`);
    printErr(`${describeExit(code, flags)}${flags.exitZero && code !== 0 ? ' (reported only: --exit-zero)' : ''}\n`);
  }
  return flags.exitZero ? 0 : code;
}

/** A renderer's output as one lazy piece, so a renderer that throws fails inside the atomic writer. */
function* rendered(render: () => string): Generator<string> {
  yield render();
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function withBoundedEvidence(report: Report): Report {
  return {
    ...report,
    findings: report.findings.map((finding) => (finding.evidence === undefined ? finding : { ...finding, evidence: boundDepth(finding.evidence, MAX_JSON_DEPTH) as typeof finding.evidence })),
  };
}

function describeExit(code: ExitCode, flags: ReportFlags): string {
  switch (code) {
    case 0:
      return `exit 0: no unwaived failure at or above ${flags.failOn}`;
    case 1:
      return `exit 1: unwaived failures at or above ${flags.failOn}${flags.failOnNew ? ' that are new against the baseline' : ''}`;
    case 3:
      return 'exit 3: no failure found, but the scan could not see everything (see collection errors; --allow-incomplete accepts this)';
    default:
      return `exit ${code}`;
  }
}

