import { Command } from 'commander';
import { act } from '../exit.js';
import { ResourceSpill } from '../../engine/resource-spill.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addAwsOptions, addDirectoryOption, addPolicyOptions, type AwsFlags, type DirectoryFlags, type PolicyFlags } from '../options.js';
import { checkOutputFile, inventoryOutcome, writeInventory } from '../shared.js';

const COLLECT_OPTIONS = {
  output: { flags: '--output <file>', help: 'inventory file', default: 'reports/inventory.json' },
  allowIncomplete: { flags: '--allow-incomplete', help: 'exit 0 instead of 3 when something could not be collected' },
  quiet: { flags: '-q, --quiet', help: 'print nothing but errors' },
  timings: { flags: '--timings', help: 'add where collection spent its time to the inventory (per service, operation and account)' },
} as const satisfies OptionTable;

type CollectFlags = PolicyFlags & AwsFlags & DirectoryFlags & FlagsOf<typeof COLLECT_OPTIONS>;

export function collectCommand(): Command {
  const command = new Command('collect').description(
    'collect the inventory the policy needs and write it as a JSON snapshot (evaluate it later with `evaluate --inventory`)',
  );
  addOptions(addDirectoryOption(addAwsOptions(addPolicyOptions(command))), COLLECT_OPTIONS);
  command.action(act(async (flags: CollectFlags) => {
    checkOutputFile(flags.output, '--output');
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const { collectFromFlags } = await import('../aws-flags.js'); // loads the AWS SDK only when collecting
    const resources = new ResourceSpill();
    try {
      const { resources: _none, ...collected } = await collectFromFlags(flags, ruleSet, resources);
      const header = flags.directory ? withDirectoryFile(collected, flags.directory) : collected;
      const path = writeInventory(flags.output, header, resources.jsonLines());
      return inventoryOutcome(header, path, flags, { count: resources.length, errors: resources.attributeErrors });
    } finally {
      resources.close();
    }
  }));
  return command;
}
