import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeCollectionErrors, flattenCollectionErrors } from '../engine/collection-errors.js';
import { decideGate, EXIT, type ExitCode } from '../engine/exit-code.js';
import { UsageError } from '../pipeline/errors.js';
import { gateLine } from '../reporters/gate.js';
import type { Report } from '../model/report.js';
import type { Inventory } from '../model/inventory.js';
import { formatByName } from '../reporters/index.js';
import { readReport } from '../pipeline/judge.js';
import { parseFormats, type ReportFlags } from './options.js';

/** Reads `--baseline`; `--fail-on-new` without one is a usage error (every failure would count as new). */
export function loadBaseline(flags: ReportFlags): { report: Report; source: string } | undefined {
  if (flags.failOnNew && !flags.baseline) {
    throw new UsageError('--fail-on-new needs --baseline <report.json>: without a baseline every failure would count as new');
  }
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

/**
 * The outcome of writing an inventory (`collect`, `merge` of inventories), counted and explained exactly
 * as `scan` counts collection errors in its report: exit 3 when anything could not be collected, unless
 * `--allow-incomplete`.
 */
export function inventoryOutcome(inventory: Inventory, path: string, flags: { allowIncomplete?: boolean; quiet?: boolean }): ExitCode {
  const errors = flattenCollectionErrors(inventory);
  const calls = Object.values(inventory.apiCalls).reduce((a, b) => a + b, 0);
  const incomplete = errors.length > 0;
  const code = incomplete && !flags.allowIncomplete ? EXIT.incomplete : EXIT.ok;
  if (!flags.quiet) {
    const counts = `${inventory.targets.length} account(s), ${inventory.resources.length} resources, ${calls} API calls`;
    process.stderr.write(`wrote ${path}: ${counts}, ${incomplete ? describeCollectionErrors(errors) : '0 collection errors'}\n`);
    process.stderr.write(
      !incomplete
        ? 'exit 0: the inventory is complete\n'
        : flags.allowIncomplete
          ? 'exit 0: the inventory is incomplete, accepted with --allow-incomplete; checks that need the missing data will report "could not decide"\n'
          : 'INCOMPLETE (exit 3): the inventory is incomplete; checks that need the missing data will report "could not decide" (--allow-incomplete accepts this)\n',
    );
  }
  return code;
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

/**
 * Decides the gate once, records it in the report, writes every requested format (each shows the gate) and
 * prints the console summary unless quiet. Returns the exit code the gate decided.
 */
export function publish(ungated: Report, flags: ReportFlags): ExitCode {
  const names = parseFormats(flags.format);
  const gate = decideGate(ungated, {
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete,
    failOnNew: flags.failOnNew,
    exitZero: flags.exitZero,
  });
  const report: Report = { ...ungated, gate };
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
  if (!flags.quiet) {
    for (const path of written) process.stderr.write(`wrote ${path}\n`);
    process.stderr.write(`${gateLine(gate)}\n`);
  }
  return gate.exitCode;
}
