import { readFileSync } from 'node:fs';
import { ApiMeter } from '../aws/meter.js';
import type { AwsAccessOptions } from '../aws/clients.js';
import type { AccountsPlan } from '../aws/accounts.js';
import { currentAccountTarget } from '../aws/targets.js';
import { applyBaseline } from '../engine/baseline.js';
import { evaluate } from '../engine/evaluate.js';
import { planFor } from '../engine/plan.js';
import { buildReport } from '../engine/report.js';
import type { Inventory, Target } from '../model/inventory.js';
import type { Report } from '../model/report.js';
import { collect, type AccountAccess, type CollectProgress } from '../scanners/collect.js';
import { scanners } from '../scanners/index.js';
import type { ScanOptions } from '../scanners/scanner.js';
import { UsageError } from './errors.js';
import { validateInventory, validateReport } from './schemas.js';
import { enabledRules, type LoadedRuleSet } from './policies.js';

export interface CollectRequest {
  ruleSet: LoadedRuleSet;
  regions: string[];
  access: Omit<AwsAccessOptions, 'meter'>;
  /** Known facts about the current account (e.g. its type from --account-type). */
  targetDetails?: Partial<Target>;
  /** Accounts to collect; default: the account of the current credentials. */
  accounts?: AccountAccess[];
  /** Accounts resolved by `planAccounts` (org, list, file, shard): wins over `accounts`. */
  accountsPlan?: AccountsPlan;
  scanOptions?: ScanOptions;
  accountConcurrency?: number;
  serviceConcurrency?: number;
  progress?: CollectProgress;
  meter?: ApiMeter;
}

/** Collects the inventory the enabled rules need. */
export async function collectInventory(request: CollectRequest): Promise<Inventory> {
  const meter = request.meter ?? new ApiMeter();
  const plan = request.accountsPlan;
  const accounts =
    plan?.accounts ??
    request.accounts ??
    [await currentAccountTarget({ ...request.access, meter }, request.regions, request.targetDetails)];
  const inventory = await collect({
    accounts,
    scanners,
    plan: planFor(enabledRules(request.ruleSet)),
    meter,
    scanOptions: request.scanOptions,
    accountConcurrency: request.accountConcurrency,
    serviceConcurrency: request.serviceConcurrency,
    progress: request.progress,
  });
  return plan ? withAccountsPlan(inventory, plan) : inventory;
}

/** Adds what the accounts plan knows beyond the collected accounts: directory, organization, shard, notes. */
function withAccountsPlan(inventory: Inventory, plan: AccountsPlan): Inventory {
  const result: Inventory = { ...inventory, errors: [...plan.warnings, ...inventory.errors] };
  if (plan.directory.length > inventory.targets.length) result.directory = plan.directory;
  if (plan.organizationId) result.organizationId = plan.organizationId;
  if (plan.shard) result.shards = [plan.shard];
  if (plan.notes.length > 0) result.notes = [...(inventory.notes ?? []), ...plan.notes];
  return result;
}

export interface JudgeRequest {
  ruleSet: LoadedRuleSet;
  inventory: Inventory;
  baseline?: { report: Report; source: string };
  now?: Date;
  waiverWarningDays?: number;
  startedAt?: string;
}

/** Evaluates an inventory under the policies and builds the report (with the baseline comparison). */
export function judge(request: JudgeRequest): Report {
  const evaluation = evaluate(request.inventory, {
    policies: request.ruleSet.policies,
    rules: request.ruleSet.rules,
    now: request.now,
    waiverWarningDays: request.waiverWarningDays,
  });
  const report = buildReport({
    inventory: request.inventory,
    evaluation,
    policies: request.ruleSet.policies,
    rules: request.ruleSet.rules,
    startedAt: request.startedAt,
  });
  if (request.inventory.shards) report.shards = request.inventory.shards;
  return request.baseline ? applyBaseline(report, request.baseline.report, request.baseline.source) : report;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readInventory(path: string): Inventory {
  const value = readJson(path, 'inventory');
  const problems = validateInventory(value);
  if (problems.length > 0) throw new UsageError(`inventory ${path} is not a squadguard inventory:\n  ${problems.join('\n  ')}`);
  return value as Inventory;
}

export function readReport(path: string): Report {
  const value = readJson(path, 'report');
  const problems = validateReport(value);
  if (problems.length > 0) throw new UsageError(`report ${path} is not a squadguard report:\n  ${problems.join('\n  ')}`);
  return value as Report;
}
