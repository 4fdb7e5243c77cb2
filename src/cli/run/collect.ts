import { ResourceSpill } from '../../engine/resource-spill.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import type { CollectFlags } from '../commands/collect.js';
import { checkOutputFile, inventoryOutcome, writeInventory } from '../shared.js';

export async function collect(flags: CollectFlags): Promise<number> {
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
}
