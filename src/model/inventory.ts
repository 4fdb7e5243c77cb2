import type { AnyResource, CollectionError, ResourceOf, ResourceType } from './resource.js';
import type { CollectionTimings } from './timings.js';

/** One AWS account to scan, with what the account directory knows about it. */
export interface Target {
  accountId: string;
  name?: string;
  squad?: string;
  /** modeling | tooling | serving-nonprod | serving-prod | platform types … (extensible). */
  accountType?: string;
  regions: string[];
  /** Organizations OU path, when known (e.g. `r-abc1/ou-abc1-xyz`). */
  ouPath?: string;
}

/**
 * A failure above the attribute level: an account whose role could not be assumed, a service or region
 * that could not be listed. `resourceTypes` names what could not be seen, so the engine can turn the rules
 * over those types into `error` results for that scope instead of silently passing.
 */
export interface ScanError extends CollectionError {
  accountId: string;
  /** Region, `global`, or `*` when the whole account failed. */
  region: string;
  service: string;
  /** Resource types that may be missing from the inventory because of this error; `*` = all. */
  resourceTypes: string[];
}

export interface Inventory {
  schemaVersion: 1;
  collectedAt: string;
  /** When collection finished; absent in hand-written inventories. */
  finishedAt?: string;
  targets: Target[];
  resources: AnyResource[];
  errors: ScanError[];
  /** API calls made, by `Service.Operation`. */
  apiCalls: Record<string, number>;
  /** Retries caused by throttling, by `Service.Operation`. */
  throttles?: Record<string, number>;
  /**
   * Attributes collected per resource type (the `CollectionPlan`, serialised). An attribute a rule needs
   * that is not listed (and not present in a resource's data) was not collected: the rule reports `error`.
   */
  collected?: Record<string, string[]>;
  /** Human-readable notes about the collection's scope (e.g. job lookback windows). */
  notes?: string[];
  /**
   * Every account of the scan (all shards), when larger than `targets`: the account directory rules judge
   * cross-account grants against, so a shard judges exactly as an unsharded scan would.
   */
  directory?: Target[];
  /** The AWS Organizations id, for organization scans. */
  organizationId?: string;
  /**
   * The directory lists every account of the organization (an organization scan, or `--directory`): an
   * account outside it is outside the organization. Otherwise such an account is unknown.
   */
  directoryComplete?: boolean;
  /** The shard(s) this inventory covers (`--shard I/N`, or several after `merge`). */
  shards?: ShardInfo[];
  /** Where collection spent its time (collected with `--timings`). */
  timings?: CollectionTimings;
}

/** One shard of a sharded scan (see src/aws/shard.ts). */
export interface ShardInfo {
  /** 1-based shard number and shard count, as in `--shard 2/4`. */
  index: number;
  count: number;
  /** Accounts in the whole scan, and a digest of their ids: shards that saw different sets do not merge. */
  universe: number;
  universeDigest: string;
  /** Account ids this shard scanned. */
  accounts: string[];
}

export const INVENTORY_SCHEMA_VERSION = 1 as const;

/** Which attributes of which resource types the enabled rules need: scanners fetch only these. */
export type CollectionPlan = Map<string, Set<string>>;

/** Whether the plan needs an attribute; `*` (a declarative rule that may read anything) needs them all. */
export function needs(plan: CollectionPlan, type: string, attribute: string): boolean {
  const attributes = plan.get(type);
  return attributes !== undefined && (attributes.has(attribute) || attributes.has('*'));
}

/** Read-only view of one account's resources: rules may look at related resources in the same account. */
export interface AccountView {
  ofType<T extends ResourceType>(type: T): ResourceOf<T>[];
  byArn(arn: string): AnyResource | undefined;
}

/** The account directory: every target of the scan (not their resources), for rules that judge grants. */
export interface AccountDirectory {
  get(accountId: string): Target | undefined;
  all(): Target[];
  /** The organization id, when the scan knows it. */
  organizationId?: string;
  /** Every account of the organization is listed: an account not in it is outside the organization. */
  complete: boolean;
}

/** One evaluated account: what an evaluation-wide analysis may read. */
export interface ScopeAccount {
  target: Target;
  /**
   * The account's CROSS_ACCOUNT_TYPES (at least), read on each call: an analysis holds one account's view
   * at a time, not the organization's.
   */
  view(): AccountView;
  /** The account's collection errors above the attribute level (a failed list hides resources). */
  errors: ScanError[];
}

/**
 * The resource types an analysis spanning accounts (the principal graph: who can become whom, across
 * accounts) may read of every account, an account at a time, before the evaluation judges the accounts.
 */
export const CROSS_ACCOUNT_TYPES: ReadonlySet<string> = new Set(['aws.iam.role', 'aws.iam.user', 'aws.iam.group', 'aws.iam.policy']);

/** Everything an evaluation-wide analysis is computed from; rules see only what the analysis returns. */
export interface AnalysisScope {
  /** Every evaluated account; its view holds the CROSS_ACCOUNT_TYPES (at least). */
  accounts: ScopeAccount[];
  directory: AccountDirectory;
  now: Date;
}

/** Lazily computed, memoised per evaluation: the first rule that asks builds it, the others share it. */
export interface SharedAnalyses {
  get<T>(key: string, build: (scope: AnalysisScope) => T): T;
}

/** The view of one account's resources that rules and analyses read. */
export function makeAccountView(resources: AnyResource[]): AccountView {
  const byType = new Map<string, AnyResource[]>();
  for (const resource of resources) {
    const group = byType.get(resource.type);
    if (group) group.push(resource);
    else byType.set(resource.type, [resource]);
  }
  const byArn = new Map(resources.map((resource) => [resource.arn, resource]));
  return {
    ofType: ((type: string) => byType.get(type) ?? []) as AccountView['ofType'],
    byArn: (arn) => byArn.get(arn),
  };
}

/** The directory of a scan's accounts; `complete` when it lists the whole organization. */
export function makeDirectory(
  targets: Target[],
  organizationId: string | undefined,
  complete: boolean,
): AccountDirectory {
  const byId = new Map(targets.map((target) => [target.accountId, target]));
  const directory: AccountDirectory = { get: (id) => byId.get(id), all: () => [...byId.values()], complete };
  if (organizationId) directory.organizationId = organizationId;
  return directory;
}
