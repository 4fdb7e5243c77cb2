import { Command } from 'commander';
import { act } from '../exit.js';
import { explainRule, ruleCatalog } from '../../docs/rule-catalog.js';
import { scanningCosts } from '../../scanners/operations.js';
import { loadRules, loadRuleSet } from '../../pipeline/policies.js';
import { UsageError } from '../../pipeline/errors.js';
import { closest } from '../../policy/glob.js';
import { loadPolicy } from '../../policy/loader.js';
import { PolicyError, type PolicyIssue, type ResolvedPolicy } from '../../policy/types.js';
import { resourceTypes } from '../../scanners/resource-types.js';
import { builtinRules } from '../../rules/index.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addPolicyOptions, POLICY_OPTIONS, type PolicyFlags } from '../options.js';
import { TEXT_OUTPUT_OPTIONS, writeTextOutput } from '../output.js';
import { colors } from '../colors.js';
import { print, writeRaw } from '../terminal.js';

/** `validate-policy` takes the files as arguments; only the plugins that define extra rules come as flags. */
const VALIDATE_POLICY_OPTIONS = {
  plugin: POLICY_OPTIONS.plugin,
} as const satisfies OptionTable;

export function explainCommand(): Command {
  const command = new Command('explain').description('print one rule\'s documentation').argument('<rule-id>');
  addPolicyOptions(command);
  command.action(act(async (id: string, flags: PolicyFlags) => {
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const all = [...ruleSet.rules, ...ruleSet.policies.flatMap((policy) => policy.customRules)];
    const rule = all.find((candidate) => candidate.id === id);
    if (!rule) {
      const hint = closest(id, all.map((candidate) => candidate.id));
      throw new UsageError(`unknown rule id "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`squadguard rules\` lists them`);
    }
    const { markdownForTerminal } = await import('../markdown.js'); // marked loads only to explain a rule
    writeRaw('stdout', markdownForTerminal(explainRule(rule), colors('stdout')));
    return 0;
  }));
  return command;
}

export function validatePolicyCommand(): Command {
  const command = new Command('validate-policy')
    .description('validate policy files (schema, rule ids, params, extends chain)')
    .argument('<files...>');
  addOptions(command, VALIDATE_POLICY_OPTIONS);
  command.action(act(async (files: string[], flags: FlagsOf<typeof VALIDATE_POLICY_OPTIONS>) => {
    // Each file on its own: every invalid file is reported, not only the first.
    const rules = await loadRules(flags.plugin);
    const issues: PolicyIssue[] = [];
    for (const file of files) {
      let policy: ResolvedPolicy;
      try {
        policy = loadPolicy(file, { rules, resourceTypes });
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        issues.push(...error.issues);
        continue;
      }
      const enabled = [...policy.rules.values()].filter((setting) => setting.enabled).length;
      print(
        `${policy.file ?? file}: valid — policy "${policy.name}", ${enabled} rules enabled, ` +
          `${policy.customRules.length} custom, ${policy.exceptions.length} waivers (${policy.digest})\n`,
      );
    }
    if (issues.length > 0) throw new PolicyError(issues);
    return 0;
  }));
  return command;
}

export function docsCommand(): Command {
  const command = new Command('docs').description('write the rule catalog (Markdown) generated from rule metadata');
  addOptions(command, TEXT_OUTPUT_OPTIONS);
  command.action(act(async (flags: FlagsOf<typeof TEXT_OUTPUT_OPTIONS>) => {
    writeTextOutput(ruleCatalog(builtinRules, await scanningCosts()), flags.output);
    return 0;
  }));
  return command;
}
