import { Command } from 'commander';
import { act } from '../exit.js';
import { withHeader } from '../../engine/evaluate.js';
import { openInventory } from '../../pipeline/inventory-stream.js';
import { judgeStreamed } from '../../pipeline/judge.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addDirectoryOption, addPolicyOptions, addReportOptions, type DirectoryFlags, type PolicyFlags, type ReportFlags } from '../options.js';
import { checkReportOutput, loadBaseline, publish, withFindingSpill } from '../shared.js';
import { addSecurityHubOptions, checkSecurityHubFlags, sendIfAsked, type SecurityHubFlags } from '../security-hub.js';

const EVALUATE_OPTIONS = {
  inventory: { flags: '-i, --inventory <file>', help: 'inventory JSON written by `collect` (or by hand)', mandatory: true },
  accountType: { flags: '--account-type <type>', help: 'account type for targets whose type the inventory does not give' },
} as const satisfies OptionTable;

type EvaluateFlags = FlagsOf<typeof EVALUATE_OPTIONS> & PolicyFlags & ReportFlags & DirectoryFlags & SecurityHubFlags;

export function evaluateCommand(): Command {
  const command = new Command('evaluate').description('evaluate an inventory snapshot under the policy (no AWS access)');
  addSecurityHubOptions(addDirectoryOption(addReportOptions(addPolicyOptions(addOptions(command, EVALUATE_OPTIONS)))));
  command.action(act(async (flags: EvaluateFlags) => {
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
  }));
  return command;
}
