import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addReportOptions, type ReportFlags } from '../options.js';
import { addSecurityHubOptions, type SecurityHubFlags } from '../security-hub.js';

const MERGE_OPTIONS = {
  inventoryOutput: { flags: '--inventory-output <file>', help: 'where merged inventories go', default: 'reports/inventory.json' },
} as const satisfies OptionTable;

export type MergeFlags = ReportFlags & SecurityHubFlags & FlagsOf<typeof MERGE_OPTIONS>;

export function mergeCommand(): Command {
  const command = new Command('merge')
    .description('combine the JSON reports (or inventories) of shards into one, with the usual exit code')
    .argument('<files...>', 'shard reports (squadguard-report.json) or inventories (from `collect --shard`)');
  addOptions(addSecurityHubOptions(addReportOptions(command)), MERGE_OPTIONS);
  command.action(actFrom(async () => (await import('../run/merge.js')).merge));
  return command;
}
