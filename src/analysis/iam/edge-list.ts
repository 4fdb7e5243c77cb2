/**
 * The principal graph's edges, stored a column per field in typed arrays. An organization's graph has
 * hundreds of thousands of edges (every principal allowed `iam:PassRole` to every role a service trusts, in
 * each account): an object per edge, with its index entries, cost about 200 bytes; a row here costs 17, with
 * hop names and statement lists interned and the trust label (assume-role hops only) kept aside. Columns
 * grow a block at a time: doubling arrays would hold up to twice the rows, and both copies while growing.
 */
import type { StatementSource } from './policy.js';
import type { GrantLevel } from './queries.js';

export interface EdgeFields {
  from: number;
  to: number;
  /** `assume-role`, `pass-role:<path id>`, `create-access-key` … */
  via: string;
  level: GrantLevel;
  statements: StatementSource[];
  trustStatement?: string;
}

const BLOCK_BITS = 14;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK_ROWS - 1;

/** A column of numbers in blocks of BLOCK_ROWS: grows without copying, at most one block unused. */
class Column<T extends Int32Array | Uint8Array> {
  private readonly blocks: T[] = [];

  constructor(private readonly block: () => T) {}

  at(row: number): number {
    return this.blocks[row >>> BLOCK_BITS]![row & IN_BLOCK]!;
  }

  set(row: number, value: number): void {
    const index = row >>> BLOCK_BITS;
    const block = this.blocks[index] ?? (this.blocks[index] = this.block());
    block[row & IN_BLOCK] = value;
  }
}

/** Growable columns: one row per edge added. */
export class EdgeList {
  private readonly from = new Column(() => new Int32Array(BLOCK_ROWS));
  private readonly to = new Column(() => new Int32Array(BLOCK_ROWS));
  private readonly via = new Column(() => new Int32Array(BLOCK_ROWS));
  private readonly statements = new Column(() => new Int32Array(BLOCK_ROWS));
  private readonly unconditional = new Column(() => new Uint8Array(BLOCK_ROWS));
  /** Trust labels of the rows that have one (assume-role hops). */
  private readonly trust = new Map<number, number>();
  private rows = 0;
  /** Hop names. */
  private readonly hops = new Numbered<string>();
  private readonly trustLabels = new Numbered<string>();
  /** Statement lists, keyed by their statements' ids. */
  private readonly statementLists = new Numbered<StatementSource[]>();
  private readonly statementIds = new Map<StatementSource, number>();

  get length(): number {
    return this.rows;
  }

  add(edge: EdgeFields): void {
    const row = this.rows++;
    this.from.set(row, edge.from);
    this.to.set(row, edge.to);
    this.via.set(row, this.hops.id(edge.via, edge.via));
    if (edge.trustStatement !== undefined) this.trust.set(row, this.trustLabels.id(edge.trustStatement, edge.trustStatement));
    this.statements.set(row, this.statementList(edge.statements));
    this.unconditional.set(row, edge.level === 'unconditional' ? 1 : 0);
  }

  fromOf(row: number): number {
    return this.from.at(row);
  }

  toOf(row: number): number {
    return this.to.at(row);
  }

  isUnconditional(row: number): boolean {
    return this.unconditional.at(row) === 1;
  }

  /** The row as an object (for a chain's hops; not for walking the graph). */
  get(row: number): EdgeFields {
    const trust = this.trust.get(row);
    return {
      from: this.from.at(row),
      to: this.to.at(row),
      via: this.hops.at(this.via.at(row)),
      level: this.unconditional.at(row) === 1 ? 'unconditional' : 'conditional',
      statements: this.statementLists.at(this.statements.at(row)),
      ...(trust === undefined ? {} : { trustStatement: this.trustLabels.at(trust) }),
    };
  }

  /**
   * One row per (from, to, kind of hop) — `pass-role:<path>` is one kind whichever service runs the code —
   * at the position of the first added, holding the first unconditional one if any (else the first).
   * Returns the kept rows in the order they were added.
   */
  distinctRows(): Int32Array {
    const kindIds = new Map<string, number>();
    const kindOf = Int32Array.from(this.hops.values, (label) => {
      const colon = label.indexOf(':');
      const kind = colon < 0 ? label : label.slice(0, colon);
      let id = kindIds.get(kind);
      if (id === undefined) kindIds.set(kind, (id = kindIds.size));
      return id;
    });
    const kind = (row: number): number => kindOf[this.via.at(row)]!;
    const order = Int32Array.from({ length: this.rows }, (_, row) => row);
    order.sort((a, b) => this.from.at(a) - this.from.at(b) || this.to.at(a) - this.to.at(b) || kind(a) - kind(b) || a - b);
    const kept = new Int32Array(order.length);
    let count = 0;
    for (let start = 0; start < order.length; ) {
      const first = order[start]!;
      let end = start + 1;
      let strongest = this.unconditional.at(first) === 1 ? first : -1;
      while (
        end < order.length &&
        this.from.at(order[end]!) === this.from.at(first) &&
        this.to.at(order[end]!) === this.to.at(first) &&
        kind(order[end]!) === kind(first)
      ) {
        if (strongest < 0 && this.unconditional.at(order[end]!) === 1) strongest = order[end]!;
        end++;
      }
      if (strongest > first) this.copyRow(strongest, first);
      kept[count++] = first;
      start = end;
    }
    return kept.slice(0, count).sort();
  }

  private copyRow(source: number, target: number): void {
    this.via.set(target, this.via.at(source));
    const trust = this.trust.get(source);
    if (trust === undefined) this.trust.delete(target);
    else this.trust.set(target, trust);
    this.statements.set(target, this.statements.at(source));
    this.unconditional.set(target, this.unconditional.at(source));
  }

  private statementList(list: StatementSource[]): number {
    const key = list
      .map((statement) => {
        let id = this.statementIds.get(statement);
        if (id === undefined) this.statementIds.set(statement, (id = this.statementIds.size));
        return id;
      })
      .join(',');
    return this.statementLists.id(key, list);
  }
}

/** One copy of each value, numbered in the order first seen under its key. */
class Numbered<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();

  id(key: string, value: T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return id;
  }

  at(id: number): T {
    return this.values[id]!;
  }
}

/** Rows grouped by a node (their source, or their target), in the order given: compressed-row adjacency. */
export class Adjacency {
  private readonly starts: Int32Array;
  private readonly rows: Int32Array;

  constructor(nodeCount: number, kept: Int32Array, nodeOf: (row: number) => number) {
    this.starts = new Int32Array(nodeCount + 1);
    for (const row of kept) this.starts[nodeOf(row) + 1]!++;
    for (let node = 0; node < nodeCount; node++) this.starts[node + 1]! += this.starts[node]!;
    const fill = this.starts.slice(0, nodeCount);
    this.rows = new Int32Array(kept.length);
    for (const row of kept) this.rows[fill[nodeOf(row)]!++] = row;
  }

  /** The rows of one node, in the order given to the constructor. */
  of(node: number): Int32Array {
    return this.rows.subarray(this.starts[node]!, this.starts[node + 1]!);
  }
}
