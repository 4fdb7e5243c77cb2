import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addPolicyOptions, type PolicyFlags } from '../options.js';

const RULES_OPTIONS = {
  json: { flags: '--json', help: 'print JSON' },
} as const satisfies OptionTable;

export type RulesFlags = PolicyFlags & FlagsOf<typeof RULES_OPTIONS>;

export function rulesCommand(): Command {
  const command = new Command('rules').description('list the built-in rules and the rules of the given policies');
  addOptions(addPolicyOptions(command), RULES_OPTIONS);
  command.action(actFrom(async () => (await import('../run/rules.js')).listRules));
  return command;
}
