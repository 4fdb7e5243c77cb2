import { Command } from 'commander';
import { act } from '../exit.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addAwsOptions, addDirectoryOption, addPolicyOptions, type AwsFlags, type PolicyFlags } from '../options.js';
import { checkOutputFile, writeInventory } from '../shared.js';
import { printErr } from '../terminal.js';

export function collectCommand(): Command {
  const command = new Command('collect').description(
    'collect the inventory the policy needs and write it as a JSON snapshot (evaluate it later with `evaluate --inventory`)',
  );
  addDirectoryOption(addAwsOptions(addPolicyOptions(command))).option('--output <file>', 'inventory file', 'reports/inventory.json');
  command.option('-q, --quiet', 'print nothing but errors');
  command.action(act(async (flags: AwsFlags & PolicyFlags & { output: string; quiet?: boolean; directory?: string }) => {
    checkOutputFile(flags.output, '--output');
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const { collectFromFlags } = await import('../aws-flags.js'); // loads the AWS SDK only when collecting
    const collected = await collectFromFlags(flags, ruleSet);
    const inventory = flags.directory ? withDirectoryFile(collected, flags.directory) : collected;
    const path = writeInventory(flags.output, inventory);
    if (!flags.quiet) {
      const calls = Object.values(inventory.apiCalls).reduce((a, b) => a + b, 0);
      printErr(
        `wrote ${path}: ${inventory.resources.length} resources, ${inventory.errors.length} scan errors, ${calls} API calls\n`,
      );
    }
    return inventory.errors.length > 0 || inventory.resources.some((r) => Object.keys(r.errors).length > 0) ? 3 : 0;
  }));
  return command;
}
