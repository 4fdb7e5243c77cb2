/**
 * Sets of actions as bitsets over the catalogue's numbering: union, difference and intersection of two
 * sets cost ~700 word operations, so hundreds of principals × dozens of statements stay in milliseconds.
 */
import { catalogue } from './catalogue.js';

export class ActionSet {
  private constructor(readonly words: Uint32Array) {}

  static empty(): ActionSet {
    return new ActionSet(new Uint32Array(Math.ceil(catalogue().size / 32)));
  }

  static all(): ActionSet {
    const set = ActionSet.empty();
    const size = catalogue().size;
    set.words.fill(0xffffffff);
    const tail = size % 32;
    if (tail !== 0) set.words[set.words.length - 1] = (1 << tail) - 1 >>> 0;
    return set;
  }

  static of(indexes: Iterable<number>): ActionSet {
    const set = ActionSet.empty();
    for (const index of indexes) set.add(index);
    return set;
  }

  clone(): ActionSet {
    return new ActionSet(this.words.slice());
  }

  add(index: number): void {
    this.words[index >>> 5]! |= 1 << (index & 31);
  }

  has(index: number): boolean {
    return (this.words[index >>> 5]! & (1 << (index & 31))) !== 0;
  }

  /** In place: this ∪ other. */
  addAll(other: ActionSet): this {
    for (let i = 0; i < this.words.length; i++) this.words[i]! |= other.words[i]!;
    return this;
  }

  /** In place: this − other. */
  removeAll(other: ActionSet): this {
    for (let i = 0; i < this.words.length; i++) this.words[i]! &= ~other.words[i]!;
    return this;
  }

  /** In place: this ∩ other. */
  retainAll(other: ActionSet): this {
    for (let i = 0; i < this.words.length; i++) this.words[i]! &= other.words[i]!;
    return this;
  }

  union(other: ActionSet): ActionSet {
    return this.clone().addAll(other);
  }

  minus(other: ActionSet): ActionSet {
    return this.clone().removeAll(other);
  }

  intersect(other: ActionSet): ActionSet {
    return this.clone().retainAll(other);
  }

  isEmpty(): boolean {
    return this.words.every((word) => word === 0);
  }

  /** Whether every action of `other` is in this set. */
  containsAll(other: ActionSet): boolean {
    for (let i = 0; i < this.words.length; i++) if ((other.words[i]! & ~this.words[i]!) !== 0) return false;
    return true;
  }

  intersects(other: ActionSet): boolean {
    for (let i = 0; i < this.words.length; i++) if ((other.words[i]! & this.words[i]!) !== 0) return true;
    return false;
  }

  size(): number {
    let count = 0;
    for (let word of this.words) {
      while (word !== 0) {
        word &= word - 1;
        count++;
      }
    }
    return count;
  }

  /** Indexes in catalogue order. */
  *indexes(): Generator<number> {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield w * 32 + bit;
        word &= word - 1;
      }
    }
  }

  /** Action names, in catalogue order. */
  names(): string[] {
    const { names } = catalogue();
    return [...this.indexes()].map((index) => names[index]!);
  }

  /** Keeps the actions for which `predicate(index)` holds. */
  filter(predicate: (index: number) => boolean): ActionSet {
    const result = ActionSet.empty();
    for (const index of this.indexes()) if (predicate(index)) result.add(index);
    return result;
  }
}
