/**
 * Sets of actions as bitsets over the catalogue's numbering: union, difference and intersection of two
 * sets cost at most ~700 word operations, so hundreds of principals × dozens of statements stay in
 * milliseconds. A set stores only the span of words between its first and last action (a statement naming a
 * few services holds a few dozen words, not the whole catalogue's ~700): an organization's principal graph
 * holds tens of thousands of these sets at once. Words are shared copy-on-write: a clone, or the whole
 * catalogue, costs no words until one of the sets sharing them changes a word.
 */
import { catalogue } from './catalogue.js';

const NONE = new Uint32Array(0);
/** The whole catalogue's words, per catalogue, shared by every `ActionSet.all()`. */
const ALL = new WeakMap<object, Uint32Array>();

export class ActionSet {
  /**
   * `words[i]` is word `offset + i` of the full bitset; words outside the span are zero. Mutations
   * replace `words` (and `offset`) when the span must grow.
   */
  private constructor(
    private offset: number,
    private words: Uint32Array,
    /** Whether another set may hold the same `words` (then they are copied before a change). */
    private shared = false,
  ) {}

  static empty(): ActionSet {
    return new ActionSet(0, NONE);
  }

  static all(): ActionSet {
    const known = catalogue();
    let words = ALL.get(known);
    if (!words) {
      words = new Uint32Array(Math.ceil(known.size / 32)).fill(0xffffffff);
      const tail = known.size % 32;
      if (tail !== 0) words[words.length - 1] = (1 << tail) - 1 >>> 0;
      ALL.set(known, words);
    }
    return new ActionSet(0, words, true);
  }

  static of(indexes: Iterable<number>): ActionSet {
    const dense = new Uint32Array(Math.ceil(catalogue().size / 32));
    for (const index of indexes) dense[index >>> 5]! |= 1 << (index & 31);
    return ActionSet.trimmed(0, dense);
  }

  /** A set over `words` (starting at word `offset`), keeping only the span between its first and last non-zero word. */
  private static trimmed(offset: number, words: Uint32Array): ActionSet {
    let first = 0;
    while (first < words.length && words[first] === 0) first++;
    if (first === words.length) return ActionSet.empty();
    let last = words.length - 1;
    while (words[last] === 0) last--;
    return new ActionSet(offset + first, first === 0 && last === words.length - 1 ? words : words.slice(first, last + 1));
  }

  clone(): ActionSet {
    if (this.words.length === 0) return ActionSet.empty();
    this.shared = true;
    return new ActionSet(this.offset, this.words, true);
  }

  add(index: number): void {
    if (this.has(index)) return;
    const word = index >>> 5;
    this.cover(word, word + 1);
    this.own();
    this.words[word - this.offset]! |= 1 << (index & 31);
  }

  has(index: number): boolean {
    const at = (index >>> 5) - this.offset;
    return at >= 0 && at < this.words.length && (this.words[at]! & (1 << (index & 31))) !== 0;
  }

  /** In place: this ∪ other. */
  addAll(other: ActionSet): this {
    if (other.words.length === 0 || this.containsAll(other)) return this;
    if (this.words.length === 0) {
      // An empty set filled from one other (a statement's `*`, a copy of its actions) shares its words.
      other.shared = true;
      this.shared = true;
      return this.become(other.offset, other.words);
    }
    this.cover(other.offset, other.offset + other.words.length);
    this.own();
    const shift = other.offset - this.offset;
    for (let i = 0; i < other.words.length; i++) this.words[i + shift]! |= other.words[i]!;
    return this;
  }

  /** In place: this − other. */
  removeAll(other: ActionSet): this {
    if (!this.intersects(other)) return this;
    const [from, to] = this.overlap(other);
    this.own();
    for (let w = from; w < to; w++) this.words[w - this.offset]! &= ~other.words[w - other.offset]!;
    return this.shrink();
  }

  /** In place: this ∩ other. */
  retainAll(other: ActionSet): this {
    if (other.containsAll(this)) return this;
    const [from, to] = this.overlap(other);
    if (from >= to) return this.become(0, NONE);
    const words = this.words.slice(from - this.offset, to - this.offset);
    for (let w = from; w < to; w++) words[w - from]! &= other.words[w - other.offset]!;
    return this.become(from, words).shrink();
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
    for (let i = 0; i < other.words.length; i++) {
      const word = other.words[i]!;
      if (word === 0) continue;
      const at = other.offset + i - this.offset;
      const mine = at >= 0 && at < this.words.length ? this.words[at]! : 0;
      if ((word & ~mine) !== 0) return false;
    }
    return true;
  }

  intersects(other: ActionSet): boolean {
    const [from, to] = this.overlap(other);
    for (let w = from; w < to; w++) if ((other.words[w - other.offset]! & this.words[w - this.offset]!) !== 0) return true;
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
    for (let i = 0; i < this.words.length; i++) {
      let word = this.words[i]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        yield (this.offset + i) * 32 + bit;
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

  /** The words both sets span: [from, to). */
  private overlap(other: ActionSet): [number, number] {
    return [Math.max(this.offset, other.offset), Math.min(this.offset + this.words.length, other.offset + other.words.length)];
  }

  /** Makes `words` this set's own before a change. */
  private own(): void {
    if (!this.shared) return;
    this.words = this.words.slice();
    this.shared = false;
  }

  /** Widens the span to cover words [from, to). */
  private cover(from: number, to: number): void {
    if (this.words.length === 0) {
      this.become(from, new Uint32Array(to - from));
      this.shared = false;
      return;
    }
    const start = Math.min(from, this.offset);
    const end = Math.max(to, this.offset + this.words.length);
    if (start === this.offset && end === this.offset + this.words.length) return;
    const words = new Uint32Array(end - start);
    words.set(this.words, this.offset - start);
    this.become(start, words);
    this.shared = false;
  }

  /** Drops zero words at either end of the span. */
  private shrink(): this {
    const trimmed = ActionSet.trimmed(this.offset, this.words);
    return this.become(trimmed.offset, trimmed.words);
  }

  private become(offset: number, words: Uint32Array): this {
    this.offset = offset;
    this.words = words;
    return this;
  }
}
