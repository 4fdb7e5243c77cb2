import { Command } from 'commander';
import { act } from '../exit.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { judge } from '../../pipeline/judge.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import {
  addAwsOptions,
  addDirectoryOption,
  addPolicyOptions,
  addReportOptions,
  type AwsFlags,
  type DirectoryFlags,
  type PolicyFlags,
  type ReportFlags,
} from '../options.js';
import { checkOutputFile, checkReportOutput, loadBaseline, publish, writeInventory } from '../shared.js';
import { addSecurityHubOptions, checkSecurityHubFlags, sendIfAsked, type SecurityHubFlags } from '../security-hub.js';

const SCAN_OPTIONS = {
  saveInventory: { flags: '--save-inventory <file>', help: 'also write the collected inventory (re-evaluate it later with `evaluate`)' },
  timings: { flags: '--timings', help: 'add where collection spent its time to the JSON report (per service, operation and account)' },
} as const satisfies OptionTable;

type ScanFlags = PolicyFlags & AwsFlags & ReportFlags & DirectoryFlags & SecurityHubFlags & FlagsOf<typeof SCAN_OPTIONS>;

export function scanCommand(): Command {
  const command = new Command('scan').description('collect from AWS, evaluate under the policy, write reports');
  addOptions(addSecurityHubOptions(addDirectoryOption(addReportOptions(addAwsOptions(addPolicyOptions(command))))), SCAN_OPTIONS);
  command.action(act(async (flags: ScanFlags) => {
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
