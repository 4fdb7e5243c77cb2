import { resolve } from 'node:path';
import { describeCollectionErrors } from '../engine/collection-errors.js';
import { decideGate, EXIT, type ExitCode } from '../engine/exit-code.js';
import { UsageError } from '../pipeline/errors.js';
import { gateLine } from '../reporters/gate.js';
import { BaselineComparison } from '../engine/baseline.js';
import { FindingSpill } from '../engine/finding-spill.js';
import type { Finding } from '../model/finding.js';
import type { ReportCollectionError, ReportView } from '../model/report.js';
import type { Inventory } from '../model/inventory.js';
import { renderConsole } from '../reporters/console.js';
import { formatByName } from '../reporters/index.js';
import { boundDepth, jsonWithLargeArray, MAX_JSON_DEPTH } from '../text/bounded-json.js';
import { openReport } from '../pipeline/report-stream.js';
import { parseFormats, type ReportFlags } from './options.js';
import { OutputError, prepareOutputDir, prepareOutputFile, writeFileAtomic } from './output.js';
import { colors } from './colors.js';
import { printErr, writeRaw } from './terminal.js';

/** Reads `--baseline`; `--fail-on-new` without one is a usage error (every failure would count as new). */
export function loadBaseline(flags: ReportFlags): BaselineComparison | undefined {
  if (flags.failOnNew && !flags.baseline) {
    throw new UsageError('--fail-on-new needs --baseline <report.json>: without a baseline every failure would count as new');
  }
  if (!flags.baseline) return undefined;
  // Read a finding at a time, twice: to note each non-passing fingerprint, then to list the resolved ones
  // (the file stays open until then; the comparison closes it).
  const baseline = openReport(flags.baseline, 'baseline');
  try {
    return new BaselineComparison({ finishedAt: baseline.header.finishedAt, findings: baseline.findings }, flags.baseline, () => baseline.close());
  } catch (error) {
    baseline.close();
    throw error;
  }
}

/**
 * Runs `work` with a findings spill (a temporary file the findings go to as they are judged), removed
 * afterwards whatever happens.
 */
export async function withFindingSpill<T>(work: (spill: FindingSpill) => Promise<T> | T): Promise<T> {
  const spill = new FindingSpill();
  try {
    return await work(spill);
  } finally {
    spill.close();
  }
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

/**
 * Writes an inventory snapshot atomically (creating its folder): the header pretty-printed, then one
 * resource per line, in pieces (the resources may come from a spill on disk).
 */
export function writeInventory(path: string, header: Omit<Inventory, 'resources'>, resources: Iterable<string>): string {
  const absolute = prepareOutputFile(path, path);
  writeFileAtomic(absolute, jsonWithLargeArray(header, 'resources', resources));
  return absolute;
}

/**
 * The outcome of writing an inventory (`collect`, `merge` of inventories), counted and explained exactly
 * as `scan` counts collection errors in its report: exit 3 when anything could not be collected, unless
 * `--allow-incomplete`.
 */
export function inventoryOutcome(
  inventory: Omit<Inventory, 'resources'>,
  path: string,
  flags: { allowIncomplete?: boolean; quiet?: boolean },
  resources: { count: number; errors: ReportCollectionError[] },
): ExitCode {
  const errors = [...inventory.errors, ...resources.errors];
  const calls = Object.values(inventory.apiCalls).reduce((a, b) => a + b, 0);
  const incomplete = errors.length > 0;
  const code = incomplete && !flags.allowIncomplete ? EXIT.incomplete : EXIT.ok;
  if (!flags.quiet) {
    const counts = `${inventory.targets.length} account(s), ${resources.count} resources, ${calls} API calls`;
    printErr(`wrote ${path}: ${counts}, ${incomplete ? describeCollectionErrors(errors) : '0 collection errors'}\n`);
    printErr(
      !incomplete
        ? 'exit 0: the inventory is complete\n'
        : flags.allowIncomplete
          ? 'exit 0: the inventory is incomplete, accepted with --allow-incomplete; checks that need the missing data will report "could not decide"\n'
          : 'INCOMPLETE (exit 3): the inventory is incomplete; checks that need the missing data will report "could not decide" (--allow-incomplete accepts this)\n',
    );
  }
  return code;
}

/**
 * Decides the gate once and records it in the report, writes every requested file format atomically (each
 * shows the gate), then prints the console summary unless quiet — after the files, so it can point at the
 * HTML report. Returns the exit code the gate decided.
 */
export function publish(ungated: ReportView, flags: ReportFlags): ExitCode {
  const names = parseFormats(flags.format);
  const gate = decideGate(ungated, {
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete,
    failOnNew: flags.failOnNew,
    exitZero: flags.exitZero,
  });
  const report: ReportView = { ...ungated, gate };
  const written: string[] = [];
  let htmlReport: string | undefined;
  for (const name of names) {
    const format = formatByName(name);
    if (!format?.fileName) continue;
    const path = resolve(prepareOutputDir(flags.outputDir, `--output-dir ${flags.outputDir}`), format.fileName);
    const write = (from: ReportView): void => writeFileAtomic(path, format.chunks ? format.chunks(from) : rendered(() => format.render(from)));
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
  if (!flags.quiet) {
    for (const path of written) printErr(`wrote ${path}\n`);
    printErr(`${gateLine(gate)}\n`);
  }
  return gate.exitCode;
}

/** A renderer's output as one lazy piece, so a renderer that throws fails inside the atomic writer. */
function* rendered(render: () => string): Generator<string> {
  yield render();
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function withBoundedEvidence(report: ReportView): ReportView {
  const findings = report.findings;
  const bounded = (finding: Finding): Finding =>
    finding.evidence === undefined ? finding : { ...finding, evidence: boundDepth(finding.evidence, MAX_JSON_DEPTH) as typeof finding.evidence };
  return {
    ...report,
    findings: {
      length: findings.length,
      *[Symbol.iterator]() {
        for (const finding of findings) yield bounded(finding);
      },
    },
  };
}
