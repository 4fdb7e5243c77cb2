import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addAwsOptions, addDirectoryOption, addPolicyOptions, type AwsFlags, type DirectoryFlags, type PolicyFlags } from '../options.js';

const COLLECT_OPTIONS = {
  output: { flags: '--output <file>', help: 'inventory file', default: 'reports/inventory.json' },
  allowIncomplete: { flags: '--allow-incomplete', help: 'exit 0 instead of 3 when something could not be collected' },
  quiet: { flags: '-q, --quiet', help: 'print nothing but errors' },
  timings: { flags: '--timings', help: 'add where collection spent its time to the inventory (per service, operation and account)' },
} as const satisfies OptionTable;

export type CollectFlags = PolicyFlags & AwsFlags & DirectoryFlags & FlagsOf<typeof COLLECT_OPTIONS>;

export function collectCommand(): Command {
  const command = new Command('collect').description(
    'collect the inventory the policy needs and write it as a JSON snapshot (evaluate it later with `evaluate --inventory`)',
  );
  addOptions(addDirectoryOption(addAwsOptions(addPolicyOptions(command))), COLLECT_OPTIONS);
  command.action(actFrom(async () => (await import('../run/collect.js')).collect));
  return command;
}
