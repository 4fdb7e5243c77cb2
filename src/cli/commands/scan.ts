import { Command } from 'commander';
import { act } from '../exit.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { ResourceSpill } from '../../engine/resource-spill.js';
import { judgeStreamed } from '../../pipeline/judge.js';
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
import { checkOutputFile, checkReportOutput, loadBaseline, publish, withFindingSpill, writeInventory } from '../shared.js';
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
  }));
  return command;
}
