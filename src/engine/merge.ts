import type { Finding } from '../model/finding.js';
import type { Inventory, ScanError, ShardInfo, Target } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import type { Report, ReportCollectionError, ReportRule } from '../model/report.js';
import { UsageError } from '../errors.js';
import { FindingTally } from './report.js';
import { mergeWaivers } from './waivers.js';

/** Shard reports (or inventories) that cannot be combined honestly: exit 2, nothing judged. */
export class MergeError extends UsageError {
  override name = 'MergeError';
}

export interface Sourced<T> {
  value: T;
  source: string;
}

/**
 * Checks the shards fit together: all from one split (same shard count, same account set), none twice.
 * Returns the missing shard numbers; a merge with missing shards is incomplete, not wrong.
 */
export function checkShards(inputs: Array<Sourced<{ shards?: ShardInfo[] }>>): { shards: ShardInfo[]; missing: number[] } {
  const sharded = inputs.filter((input) => input.value.shards && input.value.shards.length > 0);
  if (sharded.length === 0) return { shards: [], missing: [] };
  if (sharded.length < inputs.length) {
    const plain = inputs.find((input) => !input.value.shards?.length);
    throw new MergeError(`${plain?.source} is not a shard (no --shard), but other inputs are: merge shards of one scan only`);
  }
  const shards = sharded.flatMap((input) => (input.value.shards ?? []).map((shard) => ({ shard, source: input.source })));
  const first = shards[0]?.shard as ShardInfo;
  const seen = new Map<number, string>();
  for (const { shard, source } of shards) {
    if (shard.count !== first.count) {
      throw new MergeError(`${source} is shard ${shard.index}/${shard.count}, but ${shards[0]?.source} is of ${first.count} shards`);
    }
    if (shard.universeDigest !== first.universeDigest) {
      throw new MergeError(
        `${source} split a different set of accounts (${shard.universe}) than ${shards[0]?.source} (${first.universe}): ` +
          'accounts changed between shard runs; run the shards again',
      );
    }
    const previous = seen.get(shard.index);
    if (previous !== undefined) throw new MergeError(`shard ${shard.index}/${shard.count} is given twice (${previous}, ${source})`);
    seen.set(shard.index, source);
  }
  const missing: number[] = [];
  for (let index = 1; index <= first.count; index++) if (!seen.has(index)) missing.push(index);
  return { shards: shards.map((entry) => entry.shard).sort((a, b) => a.index - b.index), missing };
}

function missingShardError(index: number, count: number): ScanError {
  return {
    accountId: '*',
    region: '*',
    service: 'shard',
    resourceTypes: ['*'],
    code: 'MissingShard',
    message: `shard ${index}/${count} is missing from the merge: its accounts were not judged`,
    operation: 'squadguard.merge',
  };
}

const sumCounts = (records: Array<Record<string, number> | undefined>): Record<string, number> => {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, n] of Object.entries(record ?? {})) total[key] = (total[key] ?? 0) + n;
  return Object.fromEntries(Object.entries(total).sort(([a], [b]) => a.localeCompare(b)));
};

const unique = <T>(items: T[], key: (item: T) => string): T[] => {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
};

const earliest = (dates: string[]): string => [...dates].sort()[0] ?? new Date().toISOString();
const latest = (dates: string[]): string => [...dates].sort().at(-1) ?? new Date().toISOString();

/** Combines the inventories of shards (or of separate scans of different accounts) into one. */
export function mergeInventories(inputs: Array<Sourced<Inventory>>): Inventory {
  const resources: AnyResource[] = [];
  const header = mergeInventoriesInto(
    inputs.map(({ value, source }) => {
      const { resources: list, ...rest } = value;
      return { value: { header: rest, resources: () => list }, source };
    }),
  );
  for (const resource of header.resources()) resources.push(resource);
  return { ...header.header, resources };
}

/** An inventory to merge: its header, and its resources as a sequence that may be read once (a file read as it goes). */
export interface InventoryPart {
  header: Omit<Inventory, 'resources'>;
  resources(): Iterable<AnyResource>;
}

/**
 * The merge of inventories without holding their resources: the merged header, and the merged resources
 * as a sequence (each input's in its order) to be read once, while the output is written. A resource is
 * remembered only for accounts that more than one input collected (shards never share one).
 */
export function mergeInventoriesInto(inputs: Array<Sourced<InventoryPart>>): { header: Omit<Inventory, 'resources'>; resources(): Iterable<AnyResource> } {
  if (inputs.length === 0) throw new MergeError('nothing to merge');
  const { shards, missing } = checkShards(inputs.map(({ value, source }) => ({ value: value.header, source })));
  const all = inputs.map((input) => input.value.header);
  const collected: Record<string, Set<string>> = {};
  for (const inventory of all) {
    for (const [type, attributes] of Object.entries(inventory.collected ?? {})) {
      const set = (collected[type] ??= new Set());
      for (const attribute of attributes) set.add(attribute);
    }
  }
  const count = shards[0]?.count ?? 0;
  const merged: Omit<Inventory, 'resources'> = {
    schemaVersion: 1,
    collectedAt: earliest(all.map((inventory) => inventory.collectedAt)),
    finishedAt: latest(all.map((inventory) => inventory.finishedAt ?? inventory.collectedAt)),
    targets: unique(all.flatMap((inventory) => inventory.targets), (target) => target.accountId).sort(byAccount),
    errors: [...all.flatMap((inventory) => inventory.errors), ...missing.map((index) => missingShardError(index, count))],
    apiCalls: sumCounts(all.map((inventory) => inventory.apiCalls)),
    throttles: sumCounts(all.map((inventory) => inventory.throttles)),
    collected: Object.fromEntries(Object.entries(collected).map(([type, set]) => [type, [...set].sort()])),
    notes: [...new Set(all.flatMap((inventory) => inventory.notes ?? []))],
  };
  const directory = all.find((inventory) => inventory.directory)?.directory;
  if (directory) merged.directory = directory;
  const organizationId = all.find((inventory) => inventory.organizationId)?.organizationId;
  if (organizationId) merged.organizationId = organizationId;
  if (all.some((inventory) => inventory.directoryComplete)) merged.directoryComplete = true;
  if (shards.length > 0) merged.shards = shards;
  const shared = accountsListedTwice(all);
  return {
    header: merged,
    *resources() {
      const seen = new Set<string>();
      for (const input of inputs) {
        for (const resource of input.value.resources()) {
          if (shared.has(resource.accountId)) {
            const key = `${resource.type}\n${resource.arn}`;
            if (seen.has(key)) continue;
            seen.add(key);
          }
          yield resource;
        }
      }
    },
  };
}

const byAccount = (a: Target, b: Target): number => a.accountId.localeCompare(b.accountId);

const policyKey = (report: Pick<Report, 'policies'>): string =>
  report.policies.map((policy) => `${policy.name}@${policy.digest}`).sort().join(',');

/** A report to merge: its header, and its findings as a sequence read once (a file read as it goes, or an array). */
export interface ReportPart {
  header: Omit<Report, 'findings'>;
  findings: Iterable<Finding>;
}

/**
 * Combines shard reports into one report, as if one run had scanned every shard's accounts: findings by
 * fingerprint, summary recounted, collection errors, waiver states and API counts combined. Shards judged
 * under different policies do not merge; a missing shard makes the merged report incomplete (exit 3).
 */
export function mergeReports(inputs: Array<Sourced<Report>>): Report {
  const findings: Finding[] = [];
  const header = mergeReportsInto(
    inputs.map(({ value, source }) => ({ value: { header: value, findings: value.findings }, source })),
    (finding) => findings.push(finding),
  );
  return { ...header, findings };
}

/**
 * The merge, a finding at a time: `add` receives the merged findings (each input's in its order, shards in
 * shard order), and the merged report's header is returned. Holds the headers, never the findings: a
 * fingerprint is remembered only for accounts that more than one input judged (shards never share one).
 */
export function mergeReportsInto(inputs: Array<Sourced<ReportPart>>, add: (finding: Finding) => void): Omit<Report, 'findings'> {
  if (inputs.length === 0) throw new MergeError('nothing to merge');
  const { shards, missing } = checkShards(inputs.map(({ value, source }) => ({ value: value.header, source })));
  const ordered = [...inputs].sort((a, b) => shardIndex(a.value.header) - shardIndex(b.value.header));
  const reports = ordered.map((input) => input.value.header);
  const policies = policyKey(reports[0]!);
  for (const input of ordered) {
    if (policyKey(input.value.header) !== policies) {
      throw new MergeError(`${input.source} was judged under other policies (${policyKey(input.value.header)}) than ${ordered[0]?.source} (${policies})`);
    }
  }
  const shared = accountsListedTwice(reports);
  const seen = new Set<string>();
  const tally = new FindingTally();
  for (const input of ordered) {
    for (const finding of input.value.findings) {
      if (shared.has(finding.resource.accountId)) {
        if (seen.has(finding.fingerprint)) continue;
        seen.add(finding.fingerprint);
      }
      tally.add(finding);
      add(finding);
    }
  }
  const count = shards[0]?.count ?? 0;
  const collectionErrors: ReportCollectionError[] = [
    ...reports.flatMap((report) => report.collectionErrors),
    ...missing.map((index) => missingShardError(index, count)),
  ];
  const first = reports[0]!;
  const merged: Omit<Report, 'findings'> = {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    policies: first.policies,
    startedAt: earliest(reports.map((report) => report.startedAt)),
    finishedAt: latest(reports.map((report) => report.finishedAt)),
    ...mergedCollection(reports),
    targets: unique(reports.flatMap((report) => report.targets), (target) => target.accountId).sort(byAccount),
    summary: tally.summary(collectionErrors.length > 0),
    rules: unique(reports.flatMap((report) => report.rules), (rule: ReportRule) => rule.id).sort((a, b) => a.id.localeCompare(b.id)),
    collectionErrors,
    waivers: mergeWaivers(reports.map((report) => report.waivers)),
    apiCalls: sumCounts(reports.map((report) => report.apiCalls)),
    throttles: sumCounts(reports.map((report) => report.throttles)),
    notes: [...new Set(reports.flatMap((report) => report.notes))],
  };
  const baselines = unique(reports.flatMap((report) => (report.baseline ? [report.baseline] : [])), (b) => `${b.source}\n${b.finishedAt}`);
  if (baselines.length === 1 && reports.every((report) => report.baseline)) {
    merged.baseline = baselines[0] as NonNullable<Report['baseline']>;
    // Each shard resolves only baseline findings of accounts it scanned: the union is the whole answer.
    merged.resolved = unique(reports.flatMap((report) => report.resolved ?? []), (finding) => finding.fingerprint);
  }
  if (shards.length > 0) merged.shards = shards;
  // Each shard drew the edges of its own accounts against the same directory: redraw from the merged findings.
  const maps = reports.flatMap((report) => (report.accessMap ? [report.accessMap] : []));
  if (maps.length > 0) {
    const directory = unique(maps.flatMap((map) => map.accounts.filter((account) => account.known)), (account) => account.accountId)
      .map(({ known: _known, ...account }) => ({ ...account, regions: [] }));
    const accessMap = tally.accessMap.build(directory);
    if (accessMap) merged.accessMap = accessMap;
  }
  // Each run timed its own collection on its own clock: kept side by side, never summed into one timeline.
  const timed = ordered.filter((input) => input.value.header.timings);
  if (timed.length === 1) merged.timings = timed[0]!.value.header.timings!;
  if (timed.length > 1) {
    merged.shardTimings = timed.map((input) => ({
      source: input.source,
      ...(input.value.header.shards?.length === 1 ? { shard: input.value.header.shards[0]!.index } : {}),
      timings: input.value.header.timings!,
    }));
  }
  return merged;
}

/** A shard report's place in the split (reports that are not shards keep their given order). */
function shardIndex(report: Omit<Report, 'findings'>): number {
  return report.shards?.length === 1 ? report.shards[0]!.index : 0;
}

/** Accounts more than one input judged (or collected): only their findings (or resources) can come twice. */
function accountsListedTwice(reports: Array<{ targets: Target[] }>): Set<string> {
  const inputsByAccount = new Map<string, number>();
  for (const report of reports) {
    for (const accountId of new Set(report.targets.map((target) => target.accountId))) inputsByAccount.set(accountId, (inputsByAccount.get(accountId) ?? 0) + 1);
  }
  return new Set([...inputsByAccount].filter(([, inputs]) => inputs > 1).map(([accountId]) => accountId));
}

/** The shards' collection window: from the earliest start to the latest end (reports without one are skipped). */
function mergedCollection(reports: Array<Omit<Report, 'findings'>>): Pick<Report, 'collection'> {
  const windows = reports.flatMap((report) => (report.collection ? [report.collection] : []));
  if (windows.length === 0) return {};
  const ends = windows.flatMap((window) => (window.finishedAt ? [window.finishedAt] : []));
  const startedAt = earliest(windows.map((window) => window.startedAt));
  return { collection: ends.length > 0 ? { startedAt, finishedAt: latest(ends) } : { startedAt } };
}

