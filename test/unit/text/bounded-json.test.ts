import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactJsonChunks, jsonWithLargeArray } from '../../../src/text/bounded-json.js';

/** What the writer must produce: the header as JSON.stringify(…, null, 2) writes it, the array's elements one per line. */
function expected(header: object, key: string, elements: string[]): string {
  const withSlot = JSON.stringify({ ...header, [key]: 'SLOT' }, null, 2);
  const array = elements.length === 0 ? '[]' : `[${elements.map((element) => `\n    ${element}`).join(',')}\n  ]`;
  return `${withSlot.slice(0, withSlot.lastIndexOf('"SLOT"'))}${array}\n}\n`;
}

describe('jsonWithLargeArray', () => {
  it('writes, in pieces, exactly the pretty JSON of the header followed by the array one element per line', () => {
    const header = fc.dictionary(
      fc.string().filter((key) => key !== 'findings'),
      fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(new Date('2026-12-01T00:00:00Z')), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined)))),
    );
    fc.assert(
      fc.property(header, fc.array(fc.jsonValue().map((value) => JSON.stringify(value)), { maxLength: 5 }), (head, elements) => {
        const text = [...jsonWithLargeArray(head, 'findings', elements)].join('');
        expect(text).toBe(expected(head, 'findings', elements));
        expect(() => JSON.parse(text) as unknown).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('never yields the whole header at once: a large member comes in many small pieces', () => {
    const edges = Array.from({ length: 5000 }, (_, index) => ({ resource: { arn: `arn:aws:s3:::bucket-${index}` }, actions: ['s3:GetObject'], index }));
    const pieces = [...jsonWithLargeArray({ summary: { total: 1 }, accessMap: { accounts: [], edges } }, 'findings', [])];
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(1000);
    expect(JSON.parse(pieces.join('')).accessMap.edges).toHaveLength(5000);
  });
});

describe('compactJsonChunks', () => {
  const value = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(new Date('2026-12-01T00:00:00Z')), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))))),
  );

  it('writes exactly what JSON.stringify writes, whatever the number of levels split', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 5 }), (json, levels) => {
        expect([...compactJsonChunks(json, levels)].join('')).toBe(JSON.stringify(json) ?? 'null');
      }),
      { numRuns: 400 },
    );
  });

  it('splits an access map of thousands of edges into pieces of one edge each', () => {
    const edges = Array.from({ length: 5000 }, (_, index) => ({ resource: { arn: `arn:aws:s3:::bucket-${index}` }, actions: ['s3:GetObject'], index }));
    const map = { accounts: [{ accountId: '111111111111', known: true }], edges };
    const pieces = [...compactJsonChunks(map, 2)];
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(200);
    expect(pieces.join('')).toBe(JSON.stringify(map));
  });
});
