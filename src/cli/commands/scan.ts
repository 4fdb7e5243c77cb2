import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { act } from '../exit.js';
import { ApiMeter } from '../../aws/meter.js';
import { createProgress } from '../progress.js';
import { collectInventory, judge } from '../../pipeline/scan.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addAwsOptions, addPolicyOptions, addReportOptions, type AwsFlags, type PolicyFlags, type ReportFlags } from '../options.js';
import { accountsPlan, awsAccess, loadBaseline, publish, scanOptions, targetDetails } from '../shared.js';

export function scanCommand(): Command {
  const command = new Command('scan').description('collect from AWS, evaluate under the policy, write reports');
  addReportOptions(addAwsOptions(addPolicyOptions(command)));
  command.option('--save-inventory <file>', 'also write the collected inventory (re-evaluate it later with `evaluate`)');
  command.action(act(async (flags: AwsFlags & PolicyFlags & ReportFlags & { saveInventory?: string }) => {
    const startedAt = new Date().toISOString();
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const baseline = loadBaseline(flags);
    const meter = new ApiMeter();
    const plan = await accountsPlan(flags, meter);
    const progress = createProgress({ accounts: plan.accounts.length, meter, quiet: flags.quiet });
    const inventory = await collectInventory({
      ruleSet,
      regions: plan.accounts[0]?.target.regions ?? [],
      access: awsAccess(flags),
      targetDetails: targetDetails(flags),
      scanOptions: scanOptions(flags),
      accountsPlan: plan,
      meter,
      progress,
      accountConcurrency: flags.accountConcurrency,
      ...(flags.concurrency ? { serviceConcurrency: flags.concurrency } : {}),
    });
    progress.finish();
    if (flags.saveInventory) {
      mkdirSync(dirname(resolve(flags.saveInventory)), { recursive: true });
      writeFileSync(flags.saveInventory, `${JSON.stringify(inventory)}\n`);
    }
    const report = judge({ ruleSet, inventory, baseline, startedAt, waiverWarningDays: flags.waiverWarningDays });
    return publish(report, flags);
  }));
  return command;
}
