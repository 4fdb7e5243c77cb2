import { Command } from 'commander';
import { act } from '../exit.js';
import { collectInventory, judge } from '../../pipeline/scan.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addAwsOptions, addPolicyOptions, addReportOptions, resolveRegions, type AwsFlags, type PolicyFlags, type ReportFlags } from '../options.js';
import { awsAccess, loadBaseline, publish, scanOptions, targetDetails } from '../shared.js';

export function scanCommand(): Command {
  const command = new Command('scan').description('collect from AWS, evaluate under the policy, write reports');
  addReportOptions(addAwsOptions(addPolicyOptions(command)));
  command.action(act(async (flags: AwsFlags & PolicyFlags & ReportFlags) => {
    const startedAt = new Date().toISOString();
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const regions = resolveRegions(flags.region);
    const baseline = loadBaseline(flags);
    const inventory = await collectInventory({
      ruleSet,
      regions,
      access: awsAccess(flags),
      targetDetails: targetDetails(flags),
      scanOptions: scanOptions(flags),
      ...(flags.concurrency ? { serviceConcurrency: flags.concurrency } : {}),
    });
    const report = judge({ ruleSet, inventory, baseline, startedAt, waiverWarningDays: flags.waiverWarningDays });
    return publish(report, flags);
  }));
  return command;
}
