import { Command } from 'commander';
import { act } from '../exit.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { judge } from '../../pipeline/judge.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addAwsOptions, addDirectoryOption, addPolicyOptions, addReportOptions, type AwsFlags, type PolicyFlags, type ReportFlags } from '../options.js';
import { checkOutputFile, checkReportOutput, loadBaseline, publish, writeInventory } from '../shared.js';
import { addSecurityHubOptions, checkSecurityHubFlags, sendIfAsked, type SecurityHubFlags } from '../security-hub.js';

export function scanCommand(): Command {
  const command = new Command('scan').description('collect from AWS, evaluate under the policy, write reports');
  addSecurityHubOptions(addDirectoryOption(addReportOptions(addAwsOptions(addPolicyOptions(command)))));
  command.option('--save-inventory <file>', 'also write the collected inventory (re-evaluate it later with `evaluate`)');
  command.option('--timings', 'add where collection spent its time to the JSON report (per service, operation and account)');
  command.action(act(async (flags: AwsFlags & PolicyFlags & ReportFlags & SecurityHubFlags & { saveInventory?: string; directory?: string; timings?: boolean }) => {
    checkSecurityHubFlags(flags);
    const startedAt = new Date().toISOString();
    checkReportOutput(flags);
    if (flags.saveInventory) checkOutputFile(flags.saveInventory, '--save-inventory');
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const baseline = loadBaseline(flags);
    const { collectFromFlags } = await import('../aws-flags.js'); // loads the AWS SDK only when scanning
    const collected = await collectFromFlags(flags, ruleSet);
    const inventory = flags.directory ? withDirectoryFile(collected, flags.directory) : collected;
    if (flags.saveInventory) writeInventory(flags.saveInventory, inventory, false);
    const report = judge({ ruleSet, inventory, baseline, startedAt, waiverWarningDays: flags.waiverWarningDays });
    return sendIfAsked(report, flags, publish(report, flags));
  }));
  return command;
}
