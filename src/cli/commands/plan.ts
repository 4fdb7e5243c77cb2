import { Command } from 'commander';
import { act } from '../exit.js';
import { judge, readInventory } from '../../pipeline/judge.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addDirectoryOption, addPolicyOptions, addReportOptions, type DirectoryFlags, type PolicyFlags, type ReportFlags } from '../options.js';
import { loadBaseline, publish } from '../shared.js';
import { judgePlan } from '../../terraform/judge-plan.js';
import { readPlanInput } from '../../terraform/read.js';

const PLAN_OPTIONS = {
  accountId: { flags: '--account-id <id>', help: 'account the plan deploys to (default: what the plan states, e.g. data.aws_caller_identity)' },
  accountType: { flags: '--account-type <type>', help: 'account type of that account (modeling, tooling, serving-nonprod, serving-prod, …)' },
  squad: { flags: '--squad <name>', help: 'squad that owns the account' },
  region: { flags: '-r, --region <region>', help: "region of the plan (default: the aws provider's constant region)" },
  inventory: {
    flags: '-i, --inventory <file>',
    help: 'collect snapshot of the deployed account: settings of existing resources and of the account that the plan does not manage',
  },
} as const satisfies OptionTable;

type PlanFlags = FlagsOf<typeof PLAN_OPTIONS> & PolicyFlags & ReportFlags & DirectoryFlags;

export function planCommand(): Command {
  const command = new Command('plan')
    .description(
      'judge a Terraform plan (`terraform show -json` output) before apply, with the same rules, policies and waivers (no AWS access)',
    )
    .argument('<tfplan.json>', 'plan JSON file, or - for stdin');
  addDirectoryOption(addReportOptions(addPolicyOptions(addOptions(command, PLAN_OPTIONS))));
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
