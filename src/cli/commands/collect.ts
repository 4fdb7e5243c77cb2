import { Command } from 'commander';
import { act } from '../exit.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addAwsOptions, addDirectoryOption, addPolicyOptions, type AwsFlags, type PolicyFlags } from '../options.js';
import { checkOutputFile, inventoryOutcome, writeInventory } from '../shared.js';

export function collectCommand(): Command {
  const command = new Command('collect').description(
    'collect the inventory the policy needs and write it as a JSON snapshot (evaluate it later with `evaluate --inventory`)',
  );
  addDirectoryOption(addAwsOptions(addPolicyOptions(command))).option('--output <file>', 'inventory file', 'reports/inventory.json');
  command.option('--allow-incomplete', 'exit 0 instead of 3 when something could not be collected');
  command.option('-q, --quiet', 'print nothing but errors');
  command.option('--timings', 'add where collection spent its time to the inventory (per service, operation and account)');
  command.action(act(async (flags: AwsFlags & PolicyFlags & { output: string; quiet?: boolean; directory?: string; allowIncomplete?: boolean; timings?: boolean }) => {
    checkOutputFile(flags.output, '--output');
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const { collectFromFlags } = await import('../aws-flags.js'); // loads the AWS SDK only when collecting
    const collected = await collectFromFlags(flags, ruleSet);
    const inventory = flags.directory ? withDirectoryFile(collected, flags.directory) : collected;
    const path = writeInventory(flags.output, inventory);
    return inventoryOutcome(inventory, path, flags);
  }));
  return command;
}
