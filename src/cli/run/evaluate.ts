import { withHeader } from '../../engine/evaluate.js';
import { openInventory } from '../../pipeline/inventory-stream.js';
import { judgeStreamed } from '../../pipeline/judge.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import type { EvaluateFlags } from '../commands/evaluate.js';
import { checkReportOutput, loadBaseline, publish, withFindingSpill } from '../shared.js';
import { checkSecurityHubFlags, sendIfAsked } from '../security-hub.js';

export async function evaluate(flags: EvaluateFlags): Promise<number> {
  const startedAt = new Date().toISOString(); // this evaluation's start, not the inventory's collection time
  checkSecurityHubFlags(flags);
  checkReportOutput(flags);
  const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
  const read = openInventory(flags.inventory);
  let header = flags.directory ? withDirectoryFile(read.header, flags.directory) : read.header;
  if (flags.accountType) header = { ...header, targets: header.targets.map((target) => ({ accountType: flags.accountType, ...target })) };
  try {
    const source = withHeader(read, header);
    const baseline = loadBaseline(flags);
    return await withFindingSpill(async (spill) => {
      const report = judgeStreamed({ ruleSet, source, baseline, startedAt, waiverWarningDays: flags.waiverWarningDays }, spill);
      return sendIfAsked(report, flags, publish(report, flags));
    });
  } finally {
    read.close();
  }
}
