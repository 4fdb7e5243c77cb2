import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exitCodeFor, type ExitCode } from '../engine/exit-code.js';
import type { Report } from '../model/report.js';
import type { Inventory } from '../model/inventory.js';
import { formatByName } from '../reporters/index.js';
import { readReport } from '../pipeline/judge.js';
import { parseFormats, type ReportFlags } from './options.js';

export function loadBaseline(flags: ReportFlags): { report: Report; source: string } | undefined {
  if (!flags.baseline) return undefined;
  return { report: readReport(flags.baseline), source: flags.baseline };
}

/** Writes an inventory snapshot (creating its folder). */
export function writeInventory(path: string, inventory: Inventory, pretty = true): string {
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, `${pretty ? JSON.stringify(inventory, null, 2) : JSON.stringify(inventory)}\n`);
  return absolute;
}

/** Writes a file from pieces, batched into ~1 MB writes: large reports never exist as one string. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      batch.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) {
        writeSync(fd, batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) writeSync(fd, batch.join(''));
  } finally {
    closeSync(fd);
  }
}

/** Writes every requested format; prints the console summary unless quiet. Returns the gate's exit code. */
export function publish(report: Report, flags: ReportFlags): ExitCode {
  const names = parseFormats(flags.format);
  const written: string[] = [];
  for (const name of names) {
    const format = formatByName(name);
    if (!format) continue;
    if (format.fileName) {
      mkdirSync(flags.outputDir, { recursive: true });
      const path = resolve(flags.outputDir, format.fileName);
      if (format.chunks) writeChunks(path, format.chunks(report));
      else writeFileSync(path, format.render(report));
      written.push(path);
    } else if (!flags.quiet) {
      process.stdout.write(format.render(report));
    }
  }
  const code = exitCodeFor(report, {
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete,
    failOnNew: flags.failOnNew,
  });
  if (!flags.quiet) {
    for (const path of written) process.stderr.write(`wrote ${path}\n`);
    process.stderr.write(`${describeExit(code, flags)}${flags.exitZero && code !== 0 ? ' (reported only: --exit-zero)' : ''}\n`);
  }
  return flags.exitZero ? 0 : code;
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

