import { ApiMeter } from '../aws/meter.js';
import type { AwsAccessOptions } from '../aws/clients.js';
import type { AccountAccess, AccountsPlan } from '../aws/accounts.js';
import { currentAccountTarget } from '../aws/targets.js';
import { planFor } from '../engine/plan.js';
import type { Inventory, Target } from '../model/inventory.js';
import { collect, type CollectOptions, type CollectProgress } from '../scanners/collect.js';
import { loadScanners, scannersFor } from '../scanners/index.js';
import type { ScanOptions } from '../scanners/scanner.js';
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
  /** Whole-account deadline in seconds (off when absent); see `CollectOptions.accountTimeoutSeconds`. */
  accountTimeoutSeconds?: number;
  /** Takes each account's resources as it finishes (then the inventory returned holds none). */
  onResources?: CollectOptions['onResources'];
}

/**
 * Loads the scanners the enabled rules need, and with them their SDK packages: each holds the thread for
 * 10–300 ms while it loads. Done before the first call, the collection's calls are never left waiting on a
 * package load (collect() then finds the scanners loaded). Never rejects: a scanner that cannot load fails
 * `collectInventory`, with its error.
 */
export async function preloadScannersFor(ruleSet: LoadedRuleSet): Promise<void> {
  await loadScanners(planFor(enabledRules(ruleSet))).catch(() => undefined);
}

/** Collects the inventory the enabled rules need. */
export async function collectInventory(request: CollectRequest): Promise<Inventory> {
  const meter = request.meter ?? new ApiMeter();
  const plan = request.accountsPlan;
  const accounts =
    plan?.accounts ??
    request.accounts ??
    [await currentAccountTarget({ ...request.access, meter }, request.regions, request.targetDetails)];
  const collectionPlan = planFor(enabledRules(request.ruleSet));
  const inventory = await collect({
    accounts,
    scanners: scannersFor(collectionPlan),
    plan: collectionPlan,
    meter,
    scanOptions: request.scanOptions,
    accountConcurrency: request.accountConcurrency,
    serviceConcurrency: request.serviceConcurrency,
    progress: request.progress,
    ...(request.accountTimeoutSeconds ? { accountTimeoutSeconds: request.accountTimeoutSeconds } : {}),
    ...(request.onResources ? { onResources: request.onResources } : {}),
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

// The AWS-free half of the pipeline, re-exported for callers that collect and judge.
export { judge, judgeStreamed, readInventory, readReport, type JudgeRequest, type StreamedJudgeRequest } from './judge.js';
