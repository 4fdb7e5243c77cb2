import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { act } from '../exit.js';
import { applyBaseline } from '../../engine/baseline.js';
import { MergeError, mergeInventories, mergeReports } from '../../engine/merge.js';
import { readInventory, readReport } from '../../pipeline/judge.js';
import { UsageError } from '../../pipeline/errors.js';
import { addReportOptions, type ReportFlags } from '../options.js';
import { loadBaseline, publish } from '../shared.js';
import { addSecurityHubOptions, checkSecurityHubFlags, sendIfAsked, type SecurityHubFlags } from '../security-hub.js';

type Kind = 'report' | 'inventory';

function kindOf(path: string): Kind {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  if (typeof value === 'object' && value !== null && 'findings' in value) return 'report';
  if (typeof value === 'object' && value !== null && 'resources' in value) return 'inventory';
  throw new UsageError(`${path} is neither a squadguard JSON report nor an inventory`);
}

export function mergeCommand(): Command {
  const command = new Command('merge')
    .description('combine the JSON reports (or inventories) of shards into one, with the usual exit code')
    .argument('<files...>', 'shard reports (squadguard-report.json) or inventories (from `collect --shard`)');
  addSecurityHubOptions(addReportOptions(command)).option('--inventory-output <file>', 'where merged inventories go', 'reports/inventory.json');
  command.action(act(async (files: string[], flags: ReportFlags & SecurityHubFlags & { inventoryOutput: string }) => {
    checkSecurityHubFlags(flags);
    const kinds = new Set(files.map(kindOf));
    if (kinds.size > 1) throw new MergeError('give only reports or only inventories, not both');
    if (kinds.has('inventory')) {
      if (flags.securityHub) throw new UsageError('--security-hub sends findings: merge reports, not inventories');
      const merged = mergeInventories(files.map((file) => ({ value: readInventory(file), source: file })));
      const path = resolve(flags.inventoryOutput);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
      if (!flags.quiet) {
        process.stderr.write(`wrote ${path}: ${merged.targets.length} accounts, ${merged.resources.length} resources, ${merged.errors.length} scan errors\n`);
      }
      const incomplete = merged.errors.length > 0 || merged.resources.some((resource) => Object.keys(resource.errors).length > 0);
      return incomplete && !flags.allowIncomplete ? 3 : 0;
    }
    let report = mergeReports(files.map((file) => ({ value: readReport(file), source: file })));
    const baseline = loadBaseline(flags);
    if (baseline) report = applyBaseline(report, baseline.report, baseline.source);
    return sendIfAsked(report, flags, publish(report, flags));
  }));
  return command;
}
