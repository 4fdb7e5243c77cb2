import type { ScanError, Target } from '../model/inventory.js';
import { UsageError } from '../errors.js';
import { readAccountsFile, type AccountEntry } from './accounts-file.js';
import { AssumeRoleError, assumeRole, type RoleSettings } from './assume-role.js';
import { ClientFactory, type AwsAccessOptions } from './clients.js';
import { toCollectionError } from './errors.js';
import type { ApiMeter } from './meter.js';
import { checkRegionName } from './region-names.js';
import { assignShard, shardInfo, type ShardInfo, type ShardSpec } from './shard.js';
import { currentAccountTarget } from './targets.js';

/** An account to collect, with the clients (credentials) to reach it. */
export interface AccountAccess {
  target: Target;
  /** Absent when access failed before collection (e.g. the role could not be assumed). */
  clients?: ClientFactory;
  /** Why the account could not be reached, when it could not. */
  accessError?: Omit<ScanError, 'accountId' | 'region' | 'service' | 'resourceTypes'>;
  /**
   * Reaches the account when its turn comes (assume its role, list its regions) and returns the access to
   * collect with: roles are assumed under the account-concurrency bound, not all at once up front.
   */
  connect?: (context: ConnectContext) => Promise<AccountAccess>;
}

/** What a connect() gets from the collector: the account's deadline, and a way to say what it is doing. */
export interface ConnectContext {
  /** Aborted when the account's deadline passes: pass it to every call made for the account. */
  signal: AbortSignal;
  /** The operation connect() is about to wait on (`STS.AssumeRole`), named if the deadline passes. */
  step(operation: string): void;
}

/** Where the accounts of a scan come from: the current account, a list, an accounts file, or the organization. */
export type AccountSource =
  | { kind: 'current' }
  | { kind: 'list'; accountIds: string[] }
  | { kind: 'file'; path: string }
  | { kind: 'org'; ous: string[]; squadTag: string; accountTypeTag: string };

export interface AccountsRequest {
  source: AccountSource;
  access: Omit<AwsAccessOptions, 'meter'>;
  meter: ApiMeter;
  /** Regions to scan, or `all` for each account's enabled regions. */
  regions: string[] | 'all';
  /** Region for STS, Organizations and DescribeRegions calls. */
  homeRegion: string;
  role: RoleSettings;
  /** Facts from flags (--squad, --account-type) for accounts that do not say otherwise. */
  details?: Partial<Target>;
  exclude?: string[];
  shard?: ShardSpec;
  /** Region names the SDK does not know are allowed (a custom endpoint is configured). */
  customRegions?: boolean;
}

export interface AccountsPlan {
  /** Accounts this run collects (this shard's), each connected lazily inside the collector's account slot. */
  accounts: AccountAccess[];
  /** Every account of the scan, whatever the shard: the directory rules judge cross-account grants against. */
  directory: Target[];
  organizationId?: string;
  shard?: ShardInfo;
  /** Human-readable facts about the scope (skipped accounts, …). */
  notes: string[];
  /** Problems that do not stop an account's scan (its tags could not be read). */
  warnings: ScanError[];
}

interface Candidate {
  target: Target;
  regionsAll: boolean;
  role: RoleSettings;
}

/** Resolves the scan's accounts: source → directory → this shard → lazily assumed roles and regions. */
export async function planAccounts(request: AccountsRequest): Promise<AccountsPlan> {
  const base = new ClientFactory({ ...request.access, meter: request.meter });
  const explicitRegions = request.regions === 'all' ? [] : request.regions;
  const notes: string[] = [];
  const warnings: ScanError[] = [];
  let organizationId: string | undefined;

  if (request.source.kind === 'current') {
    const { target, clients } = await currentAccountTarget(
      { ...request.access, meter: request.meter },
      explicitRegions.length > 0 ? explicitRegions : [request.homeRegion],
      request.details,
    );
    const access: AccountAccess = { target, clients };
    if (request.regions === 'all') {
      access.connect = (context) => withEnabledRegions({ target, clients: clients.bound(context.signal) }, request.homeRegion, context);
    }
    return { accounts: [access], directory: [target], notes, warnings };
  }

  let candidates: Candidate[];
  const candidate = (target: Target, regionsAll: boolean, role: RoleSettings): Candidate => ({ target, regionsAll, role });
  const defaults = { ...request.details, regions: explicitRegions };
  if (request.source.kind === 'list') {
    candidates = request.source.accountIds.map((accountId) =>
      candidate({ ...defaults, accountId }, request.regions === 'all', request.role),
    );
  } else if (request.source.kind === 'file') {
    const file = readAccountsFile(request.source.path);
    for (const entry of file.accounts) {
      if (!Array.isArray(entry.regions)) continue;
      for (const region of entry.regions) checkRegionName(region, `${request.source.path}: account ${entry.id}`, request.customRegions ?? false);
    }
    candidates = file.accounts.map((entry) => fromEntry(entry, request, explicitRegions));
  } else {
    // The Organizations SDK package loads only for organization scans (the EC2 one only for `--region all`).
    const { discoverOrganization } = await import('./org.js');
    const org = await discoverOrganization(base, {
      ous: request.source.ous,
      squadTag: request.source.squadTag,
      accountTypeTag: request.source.accountTypeTag,
      region: request.homeRegion,
    });
    organizationId = org.organizationId;
    for (const skipped of org.skipped) {
      notes.push(`account ${skipped.accountId}${skipped.name ? ` (${skipped.name})` : ''} skipped: ${skipped.state}`);
    }
    candidates = org.accounts.map((account) => {
      if (account.tagsError) {
        warnings.push({ accountId: account.accountId, region: 'global', service: 'organizations', resourceTypes: [], ...account.tagsError });
      }
      const target: Target = { ...defaults, accountId: account.accountId, ouPath: account.ouPath };
      if (account.name) target.name = account.name;
      if (account.squad) target.squad = account.squad;
      if (account.accountType) target.accountType = account.accountType;
      return candidate(target, request.regions === 'all', request.role);
    });
  }

  const regionless = candidates.filter((entry) => !entry.regionsAll && entry.target.regions.length === 0);
  if (regionless.length > 0) {
    throw new UsageError(
      `no region for account(s) ${regionless.map((entry) => entry.target.accountId).join(', ')}: pass --region or give them regions`,
    );
  }
  const excluded = new Set(request.exclude ?? []);
  if (excluded.size > 0) {
    const before = candidates.length;
    candidates = candidates.filter((entry) => !excluded.has(entry.target.accountId));
    if (before > candidates.length) notes.push(`${before - candidates.length} account(s) excluded by --exclude-accounts`);
  }
  const directory = candidates.map((entry) => entry.target);
  const idOf = (entry: Candidate): string => entry.target.accountId;
  const mine = request.shard ? assignShard(candidates, idOf, request.shard) : candidates;
  const plan: AccountsPlan = {
    accounts: mine.map((entry) => lazyAccess(entry, base, request)),
    directory,
    notes,
    warnings: warnings.filter((warning) => mine.some((entry) => entry.target.accountId === warning.accountId)),
  };
  if (organizationId) plan.organizationId = organizationId;
  if (request.shard) plan.shard = shardInfo(candidates, mine, idOf, request.shard);
  return plan;
}

function fromEntry(entry: AccountEntry, request: AccountsRequest, explicitRegions: string[]): Candidate {
  const regionsAll = entry.regions === 'all' || (entry.regions === undefined && request.regions === 'all');
  const target: Target = {
    ...request.details,
    accountId: entry.id,
    regions: Array.isArray(entry.regions) ? entry.regions : explicitRegions,
  };
  if (entry.name) target.name = entry.name;
  if (entry.squad) target.squad = entry.squad;
  if (entry.accountType) target.accountType = entry.accountType;
  const role: RoleSettings = { ...request.role };
  if (entry.roleName) role.roleName = entry.roleName;
  if (entry.roleArn) role.roleArn = entry.roleArn;
  if (entry.externalId) role.externalId = entry.externalId;
  return { target, regionsAll, role };
}

/** An account whose role is assumed (and regions listed) only when the collector reaches it. */
function lazyAccess(entry: Candidate, base: ClientFactory, request: AccountsRequest): AccountAccess {
  return {
    target: entry.target,
    connect: async (context) => {
      let clients: ClientFactory;
      try {
        context.step('STS.AssumeRole');
        const credentials = await assumeRole(base, entry.target.accountId, entry.role, request.homeRegion, context.signal);
        clients = new ClientFactory({ ...request.access, credentials, meter: request.meter, signal: context.signal });
      } catch (error) {
        const problem = error instanceof AssumeRoleError ? error.problem : toCollectionError(error, 'STS.AssumeRole');
        return { target: entry.target, accessError: problem };
      }
      const access: AccountAccess = { target: entry.target, clients };
      return entry.regionsAll ? withEnabledRegions(access, request.homeRegion, context) : access;
    },
  };
}

async function withEnabledRegions(access: AccountAccess, homeRegion: string, context: ConnectContext): Promise<AccountAccess> {
  if (!access.clients) return access;
  try {
    context.step('EC2.DescribeRegions');
    const { enabledRegions } = await import('./regions.js');
    const regions = await enabledRegions(access.clients, homeRegion);
    return { target: { ...access.target, regions }, clients: access.clients };
  } catch (error) {
    // Without the region list nothing regional can be scanned honestly: the account is a scan error.
    return { target: access.target, accessError: toCollectionError(error, 'EC2.DescribeRegions') };
  }
}
