import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addPolicyOptions, POLICY_OPTIONS } from '../options.js';
import { TEXT_OUTPUT_OPTIONS } from '../output.js';

/** `validate-policy` takes the files as arguments; only the plugins that define extra rules come as flags. */
const VALIDATE_POLICY_OPTIONS = {
  plugin: POLICY_OPTIONS.plugin,
} as const satisfies OptionTable;

export type ValidatePolicyFlags = FlagsOf<typeof VALIDATE_POLICY_OPTIONS>;
export type DocsFlags = FlagsOf<typeof TEXT_OUTPUT_OPTIONS>;

export function explainCommand(): Command {
  const command = new Command('explain').description('print one rule\'s documentation').argument('<rule-id>');
  addPolicyOptions(command);
  command.action(actFrom(async () => (await import('../run/info.js')).explain));
  return command;
}

export function validatePolicyCommand(): Command {
  const command = new Command('validate-policy')
    .description('validate policy files (schema, rule ids, params, extends chain)')
    .argument('<files...>');
  addOptions(command, VALIDATE_POLICY_OPTIONS);
  command.action(actFrom(async () => (await import('../run/info.js')).validatePolicy));
  return command;
}

export function docsCommand(): Command {
  const command = new Command('docs').description('write the rule catalog (Markdown) generated from rule metadata');
  addOptions(command, TEXT_OUTPUT_OPTIONS);
  command.action(actFrom(async () => (await import('../run/info.js')).docs));
  return command;
}
