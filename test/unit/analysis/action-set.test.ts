import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionSet } from '../../../src/analysis/iam/action-set.js';
import { catalogue } from '../../../src/analysis/iam/catalogue.js';

const size = catalogue().size;
// Indexes clustered like real statements (a few services), plus anywhere in the catalogue.
const index = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: size - 200, max: size - 1 }), fc.integer({ min: 0, max: size - 1 }));
const indexes = fc.array(index, { maxLength: 60 });

const model = (list: number[]): Set<number> => new Set(list);
const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);

describe('ActionSet (spans of words) behaves as a set of catalogue indexes', () => {
  it('union, difference, intersection, containment, overlap, size and order agree with a plain Set', () => {
    fc.assert(
      fc.property(indexes, indexes, indexes, (a, b, added) => {
        const left = ActionSet.of(a);
        const right = ActionSet.of(b);
        const [ma, mb] = [model(a), model(b)];
        expect([...left.union(right).indexes()]).toEqual(sorted(new Set([...ma, ...mb])));
        expect([...left.minus(right).indexes()]).toEqual(sorted(new Set([...ma].filter((i) => !mb.has(i)))));
        expect([...left.intersect(right).indexes()]).toEqual(sorted(new Set([...ma].filter((i) => mb.has(i)))));
        expect(left.containsAll(right)).toBe([...mb].every((i) => ma.has(i)));
        expect(left.intersects(right)).toBe([...mb].some((i) => ma.has(i)));
        expect(left.size()).toBe(ma.size);
        expect(left.isEmpty()).toBe(ma.size === 0);
        // In-place mutation never leaks into the operand or a clone.
        const copy = left.clone();
        for (const i of added) copy.add(i);
        expect([...left.indexes()]).toEqual(sorted(ma));
        expect([...copy.indexes()]).toEqual(sorted(new Set([...ma, ...added])));
        for (const i of [...added, 0, size - 1]) expect(copy.has(i)).toBe(ma.has(i) || added.includes(i));
        // Shared words are copied before a change, whichever side changes.
        const original = ActionSet.of(a);
        const shared = original.clone();
        original.removeAll(right).addAll(ActionSet.of(added));
        expect([...shared.indexes()]).toEqual(sorted(ma));
        const emptied = left.clone().removeAll(left);
        expect(emptied.isEmpty()).toBe(true);
        expect(emptied.union(right).size()).toBe(mb.size);
      }),
      { numRuns: 300 },
    );
  });

  it('the whole catalogue and the empty set are each other’s complement', () => {
    const all = ActionSet.all();
    expect(all.size()).toBe(size);
    expect(all.minus(all).isEmpty()).toBe(true);
    expect(ActionSet.empty().union(all).containsAll(all)).toBe(true);
    expect(all.has(size - 1) && !ActionSet.empty().has(size - 1)).toBe(true);
    // Every `all()` shares the catalogue's words: changing one leaves the others whole.
    ActionSet.all().removeAll(ActionSet.of([0, 5, size - 1]));
    ActionSet.all().retainAll(ActionSet.of([7]));
    expect(ActionSet.all().size()).toBe(size);
  });
});
