import { createHash } from 'node:crypto';
import type { ShardInfo } from '../model/inventory.js';
import { UsageError } from '../errors.js';

/** One shard of a scan split over N workers: `index` is 1-based, as in `--shard 2/4`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** What a shard scanned, recorded in its inventory and report so `merge` can check the shards fit together. */
export type { ShardInfo };

export function parseShard(value: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard expects I/N with 1 ≤ I ≤ N (e.g. 2/4), got "${value}"`);
  }
  return { index, count };
}

const rankKey = (accountId: string): string => createHash('sha256').update(accountId).digest('hex');

export function universeDigest(accountIds: string[]): string {
  return createHash('sha256')
    .update([...new Set(accountIds)].sort().join(','))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Deals accounts to shards: accounts sorted by a hash of their id, then dealt round-robin, so every shard
 * gets ⌊n/N⌋ or ⌈n/N⌉ accounts (balanced), the assignment depends only on the set of account ids
 * (deterministic across runs and workers, whatever order discovery returned), and hashing spreads
 * neighbouring ids (often one squad's accounts) across shards.
 */
export function assignShard<T>(items: T[], idOf: (item: T) => string, shard: ShardSpec): T[] {
  const unique = new Map<string, T>();
  for (const item of items) if (!unique.has(idOf(item))) unique.set(idOf(item), item);
  const ranked = [...unique.entries()]
    .map(([id, item]) => ({ id, item, key: rankKey(id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id.localeCompare(b.id)));
  return ranked.filter((_, rank) => rank % shard.count === shard.index - 1).map((entry) => entry.item);
}

export function shardInfo<T>(all: T[], mine: T[], idOf: (item: T) => string, shard: ShardSpec): ShardInfo {
  const ids = all.map(idOf);
  return {
    ...shard,
    universe: new Set(ids).size,
    universeDigest: universeDigest(ids),
    accounts: mine.map(idOf).sort(),
  };
}
