/**
 * `squadguard plan`: read the plan, build its inventory, and leave out the rules that only make sense on
 * deployed state (declared with `notOnPlans`), saying which in a report note.
 */
import type { Inventory } from '../model/inventory.js';
import type { LoadedRuleSet } from '../pipeline/policies.js';
import { UsageError } from '../pipeline/errors.js';
import { clip, inert } from '../text/inert.js';
import { planToInventory } from './inventory.js';
import { readPlan } from './read.js';
import type { PlanJson } from './plan-json.js';

export interface JudgePlanRequest {
  /** A file path or `-` (stdin); or an already parsed plan. */
  path?: string;
  plan?: { plan: PlanJson; incomplete: string[] };
  ruleSet: LoadedRuleSet;
  overlay?: Inventory;
  accountId?: string;
  accountType?: string;
  squad?: string;
  region?: string;
  now?: Date;
}

export interface JudgedPlan {
  inventory: Inventory;
  /** The rule set without the rules that do not run on plans. */
  ruleSet: LoadedRuleSet;
}

/** The plan's inventory; a structure nothing expected (hostile input) is a usage error naming the plan. */
function planInventory(
  source: string,
  plan: PlanJson,
  options: Parameters<typeof planToInventory>[1],
): ReturnType<typeof planToInventory> {
  try {
    return planToInventory(plan, options);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `plan ${source} has an unexpected structure: ${inert(clip(String((error as Error).message), 200))}`,
    );
  }
}

export function judgePlan(request: JudgePlanRequest): JudgedPlan {
  const read = request.plan ?? readPlan(request.path ?? '-');
  const source = request.path === undefined ? 'input' : request.path === '-' ? 'stdin' : request.path;
  const { inventory } = planInventory(source, read.plan, {
    incomplete: read.incomplete,
    source,
    ...(request.accountId !== undefined ? { accountId: request.accountId } : {}),
    ...(request.accountType !== undefined ? { accountType: request.accountType } : {}),
    ...(request.squad !== undefined ? { squad: request.squad } : {}),
    ...(request.region !== undefined ? { region: request.region } : {}),
    ...(request.overlay ? { overlay: request.overlay } : {}),
    ...(request.now ? { now: request.now } : {}),
  });
  const enabled = new Set(
    request.ruleSet.policies.flatMap((policy) =>
      [...policy.rules].filter(([, setting]) => setting.enabled).map(([id]) => id),
    ),
  );
  const skipped = request.ruleSet.rules.filter(
    (rule) => rule.notOnPlans !== undefined && enabled.has(rule.id),
  );
  if (skipped.length > 0) {
    inventory.notes = [
      ...(inventory.notes ?? []),
      `${skipped.length} enabled rule(s) do not run on plans: ${skipped.map((rule) => `${rule.id} (${rule.notOnPlans})`).join('; ')}`,
    ];
  }
  return {
    inventory,
    ruleSet: {
      ...request.ruleSet,
      rules: request.ruleSet.rules.filter((rule) => rule.notOnPlans === undefined),
    },
  };
}
