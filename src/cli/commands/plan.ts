import { Command } from 'commander';
import { act } from '../exit.js';
import { judge, readInventory } from '../../pipeline/judge.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import {
  addDirectoryOption,
  addPolicyOptions,
  addReportOptions,
  type PolicyFlags,
  type ReportFlags,
} from '../options.js';
import { loadBaseline, publish } from '../shared.js';
import { judgePlan } from '../../terraform/judge-plan.js';
import { readPlanInput } from '../../terraform/read.js';

interface PlanFlags extends PolicyFlags, ReportFlags {
  accountId?: string;
  accountType?: string;
  squad?: string;
  region?: string;
  inventory?: string;
  directory?: string;
}

export function planCommand(): Command {
  const command = new Command('plan')
    .description(
      'judge a Terraform plan (`terraform show -json` output) before apply, with the same rules, policies and waivers (no AWS access)',
    )
    .argument('<tfplan.json>', 'plan JSON file, or - for stdin');
  command
    .option(
      '--account-id <id>',
      'account the plan deploys to (default: what the plan states, e.g. data.aws_caller_identity)',
    )
    .option(
      '--account-type <type>',
      'account type of that account (modeling, tooling, serving-nonprod, serving-prod, …)',
    )
    .option('--squad <name>', 'squad that owns the account')
    .option('-r, --region <region>', "region of the plan (default: the aws provider's constant region)")
    .option(
      '-i, --inventory <file>',
      'collect snapshot of the deployed account: settings of existing resources and of the account that the plan does not manage',
    );
  addDirectoryOption(addReportOptions(addPolicyOptions(command)));
  command.action(
    act(async (path: string, flags: PlanFlags) => {
      const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
      const overlay = flags.inventory ? readInventory(flags.inventory) : undefined;
      const judged = judgePlan({
        path,
        plan: await readPlanInput(path),
        ruleSet,
        ...(overlay ? { overlay } : {}),
        ...(flags.accountId !== undefined ? { accountId: flags.accountId } : {}),
        ...(flags.accountType !== undefined ? { accountType: flags.accountType } : {}),
        ...(flags.squad !== undefined ? { squad: flags.squad } : {}),
        ...(flags.region !== undefined ? { region: flags.region } : {}),
      });
      const inventory = flags.directory
        ? withDirectoryFile(judged.inventory, flags.directory)
        : judged.inventory;
      const report = judge({
        ruleSet: judged.ruleSet,
        inventory,
        baseline: loadBaseline(flags),
        waiverWarningDays: flags.waiverWarningDays,
      });
      return publish(report, flags);
    }),
  );
  return command;
}
