import { withDirectoryFile } from '../../pipeline/directory.js';
import { ResourceSpill } from '../../engine/resource-spill.js';
import { judgeStreamed } from '../../pipeline/judge.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import type { ScanFlags } from '../commands/scan.js';
import { checkOutputFile, checkReportOutput, loadBaseline, publish, withFindingSpill, writeInventory } from '../shared.js';
import { checkSecurityHubFlags, sendIfAsked } from '../security-hub.js';

export async function scan(flags: ScanFlags): Promise<number> {
  checkSecurityHubFlags(flags);
  const startedAt = new Date().toISOString();
  checkReportOutput(flags);
  if (flags.saveInventory) checkOutputFile(flags.saveInventory, '--save-inventory');
  const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
  const baseline = loadBaseline(flags);
  const { collectFromFlags } = await import('../aws-flags.js'); // loads the AWS SDK only when scanning
  // Each account's resources go to disk as it finishes; the evaluation reads them back an account at a time.
  const resources = new ResourceSpill();
  try {
    const { resources: _none, ...collected } = await collectFromFlags(flags, ruleSet, resources);
    const header = flags.directory ? withDirectoryFile(collected, flags.directory) : collected;
    if (flags.saveInventory) writeInventory(flags.saveInventory, header, resources.jsonLines());
    return await withFindingSpill(async (spill) => {
      const report = judgeStreamed({ ruleSet, source: resources.source(header), baseline, startedAt, waiverWarningDays: flags.waiverWarningDays }, spill);
      return sendIfAsked(report, flags, publish(report, flags));
    });
  } finally {
    resources.close();
  }
}
