import { judge, readInventory } from '../../pipeline/judge.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import type { PlanFlags } from '../commands/plan.js';
import { loadBaseline, publish } from '../shared.js';
import { judgePlan } from '../../terraform/judge-plan.js';
import { readPlanInput } from '../../terraform/read.js';

export async function plan(path: string, flags: PlanFlags): Promise<number> {
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
}
