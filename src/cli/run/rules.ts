import { loadRuleMetaSet } from '../../pipeline/policies.js';
import type { RulesFlags } from '../commands/rules.js';
import { inertJson, print, writeRaw } from '../terminal.js';

/** Lists the rules from their metadata (written by the build) and the policies: no rule's check is loaded. */
export async function listRules(flags: RulesFlags): Promise<number> {
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
}
