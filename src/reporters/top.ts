/**
 * The `limit` best items of a stream by `compare` (smallest first), kept in a bounded heap: what a list
 * "most severe first, cut to N" needs without holding every item. Ties keep arrival order, so `sorted()`
 * equals a stable sort of everything offered, cut to `limit`.
 */
export class Top<T> {
  /** Max-heap by (compare, arrival): the root is the worst item kept, the first to give way. */
  private readonly heap: Array<{ item: T; seq: number }> = [];
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  /** Items offered so far (kept or not). */
  get count(): number {
    return this.seen;
  }

  offer(item: T): void {
    const entry = { item, seq: this.seen++ };
    if (this.limit <= 0) return;
    if (this.heap.length < this.limit) {
      this.heap.push(entry);
      this.up(this.heap.length - 1);
    } else if (this.order(entry, this.heap[0]!) < 0) {
      this.heap[0] = entry;
      this.down(0);
    }
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => this.order(a, b)).map((entry) => entry.item);
  }

  private order(a: { item: T; seq: number }, b: { item: T; seq: number }): number {
    return this.compare(a.item, b.item) || a.seq - b.seq;
  }

  private up(index: number): void {
    const { heap } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.order(heap[index]!, heap[parent]!) <= 0) return;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private down(index: number): void {
    const { heap } = this;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let largest = index;
      if (left < heap.length && this.order(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && this.order(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === index) return;
      [heap[index], heap[largest]] = [heap[largest]!, heap[index]!];
      index = largest;
    }
  }
}
