import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { act } from '../exit.js';
import { ApiMeter } from '../../aws/meter.js';
import { createProgress } from '../progress.js';
import { collectInventory } from '../../pipeline/scan.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addAwsOptions, addPolicyOptions, type AwsFlags, type PolicyFlags } from '../options.js';
import { accountsPlan, awsAccess, scanOptions, targetDetails } from '../shared.js';

export function collectCommand(): Command {
  const command = new Command('collect').description(
    'collect the inventory the policy needs and write it as a JSON snapshot (evaluate it later with `evaluate --inventory`)',
  );
  addAwsOptions(addPolicyOptions(command)).option('--output <file>', 'inventory file', 'reports/inventory.json');
  command.option('-q, --quiet', 'print nothing but errors');
  command.action(act(async (flags: AwsFlags & PolicyFlags & { output: string; quiet?: boolean }) => {
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
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
    const path = resolve(flags.output);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(inventory, null, 2)}\n`);
    if (!flags.quiet) {
      const calls = Object.values(inventory.apiCalls).reduce((a, b) => a + b, 0);
      process.stderr.write(
        `wrote ${path}: ${inventory.resources.length} resources, ${inventory.errors.length} scan errors, ${calls} API calls\n`,
      );
    }
    return inventory.errors.length > 0 || inventory.resources.some((r) => Object.keys(r.errors).length > 0) ? 3 : 0;
  }));
  return command;
}
