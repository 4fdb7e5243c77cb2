import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addDirectoryOption, addPolicyOptions, addReportOptions, type DirectoryFlags, type PolicyFlags, type ReportFlags } from '../options.js';
import { addSecurityHubOptions, type SecurityHubFlags } from '../security-hub.js';

const EVALUATE_OPTIONS = {
  inventory: { flags: '-i, --inventory <file>', help: 'inventory JSON written by `collect` (or by hand)', mandatory: true },
  accountType: { flags: '--account-type <type>', help: 'account type for targets whose type the inventory does not give' },
} as const satisfies OptionTable;

export type EvaluateFlags = FlagsOf<typeof EVALUATE_OPTIONS> & PolicyFlags & ReportFlags & DirectoryFlags & SecurityHubFlags;

export function evaluateCommand(): Command {
  const command = new Command('evaluate').description('evaluate an inventory snapshot under the policy (no AWS access)');
  addSecurityHubOptions(addDirectoryOption(addReportOptions(addPolicyOptions(addOptions(command, EVALUATE_OPTIONS)))));
  command.action(actFrom(async () => (await import('../run/evaluate.js')).evaluate));
  return command;
}
