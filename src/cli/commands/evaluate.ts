import { Command } from 'commander';
import { act } from '../exit.js';
import { judge, readInventory } from '../../pipeline/judge.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addDirectoryOption, addPolicyOptions, addReportOptions, type PolicyFlags, type ReportFlags } from '../options.js';
import { checkReportOutput, loadBaseline, publish } from '../shared.js';
import { addSecurityHubOptions, checkSecurityHubFlags, sendIfAsked, type SecurityHubFlags } from '../security-hub.js';

export function evaluateCommand(): Command {
  const command = new Command('evaluate').description('evaluate an inventory snapshot under the policy (no AWS access)');
  command.requiredOption('-i, --inventory <file>', 'inventory JSON written by `collect` (or by hand)');
  command.option('--account-type <type>', 'account type for targets whose type the inventory does not give');
  addSecurityHubOptions(addDirectoryOption(addReportOptions(addPolicyOptions(command))));
  command.action(act(async (flags: PolicyFlags & ReportFlags & SecurityHubFlags & { inventory: string; accountType?: string; directory?: string }) => {
    const startedAt = new Date().toISOString(); // this evaluation's start, not the inventory's collection time
    checkSecurityHubFlags(flags);
    checkReportOutput(flags);
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const read = readInventory(flags.inventory);
    const inventory = flags.directory ? withDirectoryFile(read, flags.directory) : read;
    if (flags.accountType) {
      inventory.targets = inventory.targets.map((target) => ({ accountType: flags.accountType, ...target }));
    }
    const baseline = loadBaseline(flags);
    const report = judge({ ruleSet, inventory, baseline, startedAt, waiverWarningDays: flags.waiverWarningDays });
    return sendIfAsked(report, flags, publish(report, flags));
  }));
  return command;
}
