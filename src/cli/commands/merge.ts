import { Command } from 'commander';
import { act } from '../exit.js';
import { attributeErrors } from '../../engine/collection-errors.js';
import { MergeError, mergeInventories, mergeReportsInto } from '../../engine/merge.js';
import { asInventory, asReport, documentKind, readJsonInput } from '../../pipeline/judge.js';
import { inert } from '../../text/inert.js';
import { UsageError } from '../../pipeline/errors.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addReportOptions, type ReportFlags } from '../options.js';
import { checkOutputFile, checkReportOutput, inventoryOutcome, loadBaseline, publish, withFindingSpill, writeInventoryOf } from '../shared.js';
import { addSecurityHubOptions, checkSecurityHubFlags, sendIfAsked, type SecurityHubFlags } from '../security-hub.js';

/** Reads every input once; they must all be reports or all inventories. */
function readInputs(files: string[]): { kind: 'report' | 'inventory'; values: Array<{ file: string; value: unknown }> } {
  const values = files.map((file) => ({ file, value: readJsonInput(file, 'merge input') }));
  const kinds = values.map(({ file, value }) => {
    const kind = documentKind(value);
    if (kind === 'unknown') throw new UsageError(`${inert(file, { max: 1024 })} is neither a squadguard JSON report nor an inventory`);
    return { file, kind };
  });
  const report = kinds.find((entry) => entry.kind === 'report');
  const inventory = kinds.find((entry) => entry.kind === 'inventory');
  if (report && inventory) {
    throw new MergeError(
      `${inert(report.file, { max: 1024 })} is a report and ${inert(inventory.file, { max: 1024 })} an inventory: give only reports or only inventories, not both`,
    );
  }
  return { kind: inventory ? 'inventory' : 'report', values };
}

const MERGE_OPTIONS = {
  inventoryOutput: { flags: '--inventory-output <file>', help: 'where merged inventories go', default: 'reports/inventory.json' },
} as const satisfies OptionTable;

type MergeFlags = ReportFlags & SecurityHubFlags & FlagsOf<typeof MERGE_OPTIONS>;

export function mergeCommand(): Command {
  const command = new Command('merge')
    .description('combine the JSON reports (or inventories) of shards into one, with the usual exit code')
    .argument('<files...>', 'shard reports (squadguard-report.json) or inventories (from `collect --shard`)');
  addOptions(addSecurityHubOptions(addReportOptions(command)), MERGE_OPTIONS);
  command.action(act(async (files: string[], flags: MergeFlags) => {
    checkSecurityHubFlags(flags);
    const inputs = readInputs(files);
    if (inputs.kind === 'inventory') {
      if (flags.securityHub) throw new UsageError('--security-hub sends findings: merge reports, not inventories');
      checkOutputFile(flags.inventoryOutput, '--inventory-output');
      const merged = mergeInventories(inputs.values.map(({ file, value }) => ({ value: asInventory(value, file), source: file })));
      return inventoryOutcome(merged, writeInventoryOf(flags.inventoryOutput, merged), flags, {
        count: merged.resources.length,
        errors: merged.resources.flatMap(attributeErrors),
      });
    }
    checkReportOutput(flags);
    const reports = inputs.values.map(({ file, value }) => {
      const report = asReport(value, file);
      return { value: { header: report, findings: report.findings }, source: file };
    });
    const baseline = loadBaseline(flags);
    return withFindingSpill(async (spill) => {
      const header = mergeReportsInto(reports, (finding) => {
        baseline?.mark(finding);
        spill.add(finding);
      });
      const based = baseline ? { ...header, ...baseline.outcome(header.targets.map((target) => target.accountId)) } : header;
      const report = { ...based, findings: spill.list() };
      return sendIfAsked(report, flags, publish(report, flags));
    });
  }));
  return command;
}
