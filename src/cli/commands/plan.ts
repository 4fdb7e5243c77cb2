import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addDirectoryOption, addPolicyOptions, addReportOptions, type DirectoryFlags, type PolicyFlags, type ReportFlags } from '../options.js';

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

export type PlanFlags = FlagsOf<typeof PLAN_OPTIONS> & PolicyFlags & ReportFlags & DirectoryFlags;

export function planCommand(): Command {
  const command = new Command('plan')
    .description(
      'judge a Terraform plan (`terraform show -json` output) before apply, with the same rules, policies and waivers (no AWS access)',
    )
    .argument('<tfplan.json>', 'plan JSON file, or - for stdin');
  addDirectoryOption(addReportOptions(addPolicyOptions(addOptions(command, PLAN_OPTIONS))));
  command.action(actFrom(async () => (await import('../run/plan.js')).plan));
  return command;
}
