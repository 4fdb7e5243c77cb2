import { describe, expect, it } from 'vitest';
import { assignShard, parseShard, shardInfo, universeDigest } from '../../../src/aws/shard.js';

const ids = (n: number, start = 100000000000): string[] => Array.from({ length: n }, (_, i) => String(start + i * 7919));
const same = (id: string): string => id;

describe('shard assignment', () => {
  it.each([
    [12, 4],
    [13, 4],
    [5, 3],
    [100, 7],
    [3, 5],
  ])('%i accounts over %i shards: each account in exactly one shard, sizes differ by at most one', (accounts, count) => {
    const all = ids(accounts);
    const shards = Array.from({ length: count }, (_, i) => assignShard(all, same, { index: i + 1, count }));
    const flat = shards.flat();
    expect(flat.sort()).toEqual([...all].sort());
    const sizes = shards.map((shard) => shard.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('depends only on the set of ids, not on the order discovery returned them in', () => {
    const all = ids(20);
    const shuffled = [...all].reverse().sort((a, b) => (a.endsWith('3') ? -1 : b.endsWith('3') ? 1 : 0));
    for (let index = 1; index <= 4; index++) {
      expect(assignShard(shuffled, same, { index, count: 4 }).sort()).toEqual(assignShard(all, same, { index, count: 4 }).sort());
    }
  });

  it('spreads consecutive ids (one squad\'s accounts) rather than keeping them together', () => {
    const consecutive = Array.from({ length: 8 }, (_, i) => String(222200000000 + i));
    const first = assignShard(consecutive, same, { index: 1, count: 2 });
    expect(first).not.toEqual(consecutive.slice(0, 4));
    expect(first).toHaveLength(4);
  });

  it('keeps a duplicated account once', () => {
    const all = ['111111111111', '111111111111', '222222222222'];
    const together = [1, 2].flatMap((index) => assignShard(all, same, { index, count: 2 }));
    expect(together.sort()).toEqual(['111111111111', '222222222222']);
  });

  it('records the universe so merge can tell shards of different account sets apart', () => {
    const all = ids(6);
    const mine = assignShard(all, same, { index: 2, count: 3 });
    const info = shardInfo(all, mine, same, { index: 2, count: 3 });
    expect(info).toMatchObject({ index: 2, count: 3, universe: 6, accounts: [...mine].sort() });
    expect(info.universeDigest).toBe(universeDigest([...all].reverse()));
    expect(universeDigest(ids(7))).not.toBe(info.universeDigest);
  });
});

describe('parseShard', () => {
  it('reads I/N', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
  });
  it.each(['0/4', '5/4', '4', 'a/b', '1/0', '-1/3', '1/2/3'])('rejects %s', (value) => {
    expect(() => parseShard(value)).toThrow(/--shard expects I\/N/);
  });
});
