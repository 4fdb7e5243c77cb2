import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addDirectoryOption, addPolicyOptions, choice, type DirectoryFlags, type PolicyFlags } from '../options.js';

const FORMATS = ['table', 'json'] as const;

export const ACCESS_MAP_OPTIONS = {
  report: { flags: '--report <file>', help: 'JSON report written by scan/evaluate (default reports/squadguard-report.json)' },
  inventory: { flags: '-i, --inventory <file>', help: 'evaluate this inventory under the policy instead of reading a report' },
  format: { flags: '--format <format>', help: 'output format', choices: FORMATS, parse: choice(FORMATS), default: 'table' },
  failed: { flags: '--failed', help: 'only edges some isolation rule failed' },
} as const satisfies OptionTable;

export type AccessMapFlags = FlagsOf<typeof ACCESS_MAP_OPTIONS> & PolicyFlags & DirectoryFlags;

export function accessMapCommand(): Command {
  const command = new Command('access-map').description('print the cross-account grants the isolation rules judged (from a report, or by evaluating an inventory)');
  addDirectoryOption(addPolicyOptions(addOptions(command, ACCESS_MAP_OPTIONS)));
  command.action(actFrom(async () => (await import('../run/access-map.js')).accessMap));
  return command;
}
