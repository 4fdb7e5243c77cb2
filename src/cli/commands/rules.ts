import { Command } from 'commander';
import { act } from '../exit.js';
import { loadRuleMetaSet } from '../../pipeline/policies.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { addPolicyOptions, type PolicyFlags } from '../options.js';
import { inertJson, print, writeRaw } from '../terminal.js';

// Its own module: listing the rules loads the rules' metadata (written by the build) and the policies, not the
// rules' checks, the catalogue, costs or docs the other information commands need.
const RULES_OPTIONS = {
  json: { flags: '--json', help: 'print JSON' },
} as const satisfies OptionTable;

export function rulesCommand(): Command {
  const command = new Command('rules').description('list the built-in rules and the rules of the given policies');
  addOptions(addPolicyOptions(command), RULES_OPTIONS);
  command.action(act(async (flags: PolicyFlags & FlagsOf<typeof RULES_OPTIONS>) => {
    const ruleSet = await loadRuleMetaSet(flags.policy, flags.plugin);
    const all = [...ruleSet.rules, ...ruleSet.policies.flatMap((policy) => policy.customRules)];
    const rows = all.map((rule) => {
      const settings = ruleSet.policies.map((policy) => policy.rules.get(rule.id));
      const enabled = settings.some((setting) => setting?.enabled);
      const severity = settings.reduce((s, setting) => setting?.severity ?? s, rule.severity);
      return { id: rule.id, severity, enabled, resourceType: rule.resourceType, source: rule.source ?? 'built-in', title: rule.title };
    });
    if (flags.json) {
      writeRaw('stdout', inertJson(`${JSON.stringify(rows, null, 2)}\n`));
      return 0;
    }
    const width = Math.min(64, Math.max(...rows.map((row) => row.id.length)));
    print(
      rows
        .map((row) => `${row.enabled ? 'on ' : 'off'}  ${row.id.padEnd(width)}  ${row.severity.padEnd(8)}  ${row.resourceType.padEnd(34)}  ${row.title}\n`)
        .join(''),
    );
    return 0;
  }));
  return command;
}
