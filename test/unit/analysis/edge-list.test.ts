/**
 * The principal graph's edge columns: one edge per (from, to, kind of hop) at the position of the first
 * added, holding the first unconditional one; adjacency in the order given.
 */
import { describe, expect, it } from 'vitest';
import { Adjacency, EdgeList, type EdgeFields } from '../../../src/analysis/iam/edge-list.js';
import type { StatementSource } from '../../../src/analysis/iam/policy.js';

const statement = (policy: string): StatementSource => ({ kind: 'inline', policy, index: 0 });
const edge = (from: number, to: number, via: string, level: EdgeFields['level'] = 'unconditional', extra: Partial<EdgeFields> = {}): EdgeFields => ({
  from,
  to,
  via,
  level,
  statements: [statement(`${from}-${to}-${via}`)],
  ...extra,
});

function listOf(edges: EdgeFields[]): EdgeList {
  const list = new EdgeList();
  for (const added of edges) list.add(added);
  return list;
}

describe('EdgeList', () => {
  it('gives back each row as added, trust label included or left out', () => {
    const added = [edge(0, 1, 'assume-role', 'conditional', { trustStatement: 'trust statement #0' }), edge(1, 2, 'create-access-key')];
    const list = listOf(added);
    expect(list.length).toBe(2);
    expect(list.get(0)).toEqual(added[0]);
    expect(list.get(1)).toEqual(added[1]);
    expect('trustStatement' in list.get(1)).toBe(false);
  });

  it('grows past its first columns without losing rows', () => {
    const added = Array.from({ length: 1000 }, (_, i) => edge(i, i + 1, i % 2 ? 'assume-role' : `pass-role:p${i % 7}`, i % 3 ? 'unconditional' : 'conditional'));
    const list = listOf(added);
    expect(Array.from({ length: 1000 }, (_, row) => list.get(row))).toEqual(added);
    expect([...list.distinctRows()]).toEqual(Array.from({ length: 1000 }, (_, row) => row));
  });

  it('keeps rows across column blocks: a trust label and a kept row on either side of a block edge', () => {
    const rows = 40_000; // two block edges (16,384 rows a block)
    const added = Array.from({ length: rows }, (_, i) =>
      edge(i % 5000, (i * 7) % 5000, i % 3 === 0 ? 'assume-role' : 'pass-role:p', i % 4 === 0 ? 'conditional' : 'unconditional', i % 3 === 0 ? { trustStatement: `t${i % 11}` } : {}),
    );
    const list = listOf(added);
    for (const row of [0, 16_383, 16_384, 32_767, 32_768, rows - 1]) expect(list.get(row)).toEqual(added[row]);
    // The same answer as a plain Map keyed by (from, to, kind), first position kept.
    const expected = new Map<string, number>();
    added.forEach((fields, row) => {
      const key = `${fields.from}>${fields.to}>${fields.via.split(':')[0]}`;
      if (!expected.has(key)) expected.set(key, row);
    });
    expect([...list.distinctRows()]).toEqual([...expected.values()]);
  });

  it('keeps one edge per (from, to, kind): the first position, the first unconditional content', () => {
    const list = listOf([
      edge(0, 1, 'pass-role:sagemaker', 'conditional'), // row 0: kept, takes row 2's content
      edge(0, 2, 'assume-role'), // row 1
      edge(0, 1, 'pass-role:ec2'), // row 2: same kind as row 0 (pass-role), unconditional
      edge(0, 1, 'pass-role:lambda'), // row 3: a later unconditional one loses
      edge(0, 1, 'assume-role', 'conditional'), // row 4: another kind: kept
      edge(1, 0, 'pass-role:ec2', 'conditional'), // row 5
      edge(1, 0, 'pass-role:glue', 'conditional'), // row 6: no unconditional one: the first stays
    ]);
    expect([...list.distinctRows()]).toEqual([0, 1, 4, 5]);
    expect(list.get(0)).toMatchObject({ from: 0, to: 1, via: 'pass-role:ec2', level: 'unconditional', statements: [statement('0-1-pass-role:ec2')] });
    expect(list.get(5)).toMatchObject({ via: 'pass-role:ec2', level: 'conditional' });
  });

  it('interns statement lists: equal lists of the same statements come back as one array', () => {
    const shared = [statement('s')];
    const list = listOf([edge(0, 1, 'assume-role', 'unconditional', { statements: shared }), edge(2, 3, 'assume-role', 'unconditional', { statements: [...shared] })]);
    expect(list.get(1).statements).toBe(list.get(0).statements);
  });
});

describe('Adjacency', () => {
  it('groups rows by node in the order given, with empty nodes', () => {
    const list = listOf([edge(2, 0, 'assume-role'), edge(0, 2, 'assume-role'), edge(2, 1, 'assume-role'), edge(0, 1, 'assume-role')]);
    const kept = list.distinctRows();
    const out = new Adjacency(4, kept, (row) => list.fromOf(row));
    const incoming = new Adjacency(4, kept, (row) => list.toOf(row));
    expect([...out.of(0)]).toEqual([1, 3]);
    expect([...out.of(1)]).toEqual([]);
    expect([...out.of(2)]).toEqual([0, 2]);
    expect([...out.of(3)]).toEqual([]);
    expect([...incoming.of(1)]).toEqual([2, 3]);
    expect([...incoming.of(0)]).toEqual([0]);
  });
});
