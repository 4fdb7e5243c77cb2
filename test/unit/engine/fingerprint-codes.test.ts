import { describe, expect, it } from 'vitest';
import { FingerprintCodesBuilder, type FingerprintCodes } from '../../../src/engine/fingerprint-codes.js';

const hex = (n: number) => n.toString(16).padStart(32, '0');
const a = 'a'.repeat(32);

function table(entries: Array<[string, number]>): FingerprintCodes {
  const builder = new FingerprintCodesBuilder();
  for (const [key, code] of entries) builder.add(key, code);
  return builder.build();
}

/** What the table answers for `key`: its code, or undefined when absent. */
const lookup = (codes: FingerprintCodes, key: string) => {
  const slot = codes.slot(key);
  return slot < 0 ? undefined : codes.codes[slot];
};

describe('FingerprintCodes', () => {
  // Each case: what was added (in order), then keys and what a Map built the same way answers for them.
  const cases: Array<{ name: string; added: Array<[string, number]>; asked: Array<[string, number | undefined]> }> = [
    { name: 'empty', added: [], asked: [[a, undefined], ['', undefined]] },
    {
      name: 'hex keys, found whatever the order added',
      added: [[hex(3), 3], [hex(1), 1], ['f'.repeat(32), 9], [hex(2), 2], [a, 7]],
      asked: [[hex(1), 1], [hex(2), 2], [hex(3), 3], [a, 7], ['f'.repeat(32), 9], [hex(0), undefined], [hex(4), undefined]],
    },
    {
      name: 'keys that differ in one word only',
      added: [['0'.repeat(31) + '1', 1], ['1' + '0'.repeat(31), 2], ['0'.repeat(8) + '1' + '0'.repeat(23), 3]],
      asked: [['0'.repeat(31) + '1', 1], ['1' + '0'.repeat(31), 2], ['0'.repeat(8) + '1' + '0'.repeat(23), 3], ['0'.repeat(16) + '1' + '0'.repeat(15), undefined]],
    },
    {
      name: 'upper-case hex is another key than its lower-case twin',
      added: [[a, 1], ['A'.repeat(32), 2]],
      asked: [[a, 1], ['A'.repeat(32), 2], ['a'.repeat(31) + 'A', undefined]],
    },
    {
      name: 'non-hex keys are exact: a hex prefix, a longer or shorter key, other characters',
      added: [['fp-1', 4], [a + '0', 5], ['', 6], ['g'.repeat(32), 8], [hex(1), 1]],
      asked: [['fp-1', 4], [a + '0', 5], ['', 6], ['g'.repeat(32), 8], [a, undefined], [a.slice(1), undefined], ['fp-2', undefined], [hex(1), 1]],
    },
    {
      name: 'a key added twice keeps its last code (hex and not)',
      added: [[hex(5), 1], ['x', 1], [hex(6), 3], [hex(5), 2], ['x', 2], [hex(5), 4]],
      asked: [[hex(5), 4], ['x', 2], [hex(6), 3]],
    },
  ];

  it.each(cases)('$name', ({ added, asked }) => {
    const codes = table(added);
    const map = new Map(added);
    for (const [key, expected] of asked) {
      expect(lookup(codes, key), JSON.stringify(key)).toBe(expected);
      expect(map.get(key), `case table: ${JSON.stringify(key)}`).toBe(expected);
    }
    expect(codes.size).toBe(map.size);
  });

  it('a code written at a slot is read back there and nowhere else', () => {
    const codes = table([[hex(1), 1], [hex(2), 2], ['other', 3]]);
    codes.codes[codes.slot(hex(2))] = 42;
    codes.codes[codes.slot('other')] = 43;
    expect([lookup(codes, hex(1)), lookup(codes, hex(2)), lookup(codes, 'other')]).toEqual([1, 42, 43]);
  });

  it('agrees with a Map over many random keys, repeats and misses included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const keys = Array.from({ length: 3000 }, () => Array.from({ length: 4 }, () => random().toString(16).padStart(8, '0').slice(-8)).join(''));
    const added: Array<[string, number]> = Array.from({ length: 5000 }, (_, i) => [keys[random() % keys.length]!, i % 256]);
    const codes = table(added);
    const map = new Map(added);
    expect(codes.size).toBe(map.size);
    for (const key of keys) expect(lookup(codes, key)).toBe(map.get(key));
  });

  it('is built once: no key and no second build afterwards', () => {
    const builder = new FingerprintCodesBuilder();
    builder.add(a, 1);
    builder.build();
    expect(() => builder.add(a, 2)).toThrow(/already built/);
    expect(() => builder.build()).toThrow(/already built/);
  });
});
