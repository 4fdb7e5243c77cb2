/**
 * The principal graph's edges, stored a column per field in typed arrays. An organization's graph has
 * hundreds of thousands of edges (every principal allowed `iam:PassRole` to every role a service trusts, in
 * each account): an object per edge, with its index entries, cost about 200 bytes; a row here costs 21, with
 * hop names, trust labels and statement lists interned.
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

const NO_LABEL = -1;

/** Growable columns: one row per edge added. */
export class EdgeList {
  private from = new Int32Array(256);
  private to = new Int32Array(256);
  private via = new Int32Array(256);
  private trust = new Int32Array(256);
  private statements = new Int32Array(256);
  private unconditional = new Uint8Array(256);
  private rows = 0;
  /** Hop names and trust labels. */
  private readonly labels = new Interned<string>();
  /** Statement lists, keyed by their statements' ids. */
  private readonly statementLists = new Interned<StatementSource[]>();
  private readonly statementIds = new Map<StatementSource, number>();

  get length(): number {
    return this.rows;
  }

  add(edge: EdgeFields): void {
    if (this.rows === this.from.length) this.grow();
    const row = this.rows++;
    this.from[row] = edge.from;
    this.to[row] = edge.to;
    this.via[row] = this.labels.id(edge.via, edge.via);
    this.trust[row] = edge.trustStatement === undefined ? NO_LABEL : this.labels.id(edge.trustStatement, edge.trustStatement);
    this.statements[row] = this.statementList(edge.statements);
    this.unconditional[row] = edge.level === 'unconditional' ? 1 : 0;
  }

  fromOf(row: number): number {
    return this.from[row]!;
  }

  toOf(row: number): number {
    return this.to[row]!;
  }

  isUnconditional(row: number): boolean {
    return this.unconditional[row] === 1;
  }

  /** The row as an object (for a chain's hops; not for walking the graph). */
  get(row: number): EdgeFields {
    const trust = this.trust[row]!;
    return {
      from: this.from[row]!,
      to: this.to[row]!,
      via: this.labels.at(this.via[row]!),
      level: this.unconditional[row] === 1 ? 'unconditional' : 'conditional',
      statements: this.statementLists.at(this.statements[row]!),
      ...(trust === NO_LABEL ? {} : { trustStatement: this.labels.at(trust) }),
    };
  }

  /**
   * One row per (from, to, kind of hop) — `pass-role:<path>` is one kind whichever service runs the code —
   * at the position of the first added, holding the first unconditional one if any (else the first).
   * Returns the kept rows in the order they were added.
   */
  distinctRows(): Int32Array {
    const kinds = this.labels.values.map((label) => {
      const colon = label.indexOf(':');
      return colon < 0 ? label : label.slice(0, colon);
    });
    const kindIds = new Map<string, number>();
    const kindOf = Int32Array.from(kinds, (kind) => {
      let id = kindIds.get(kind);
      if (id === undefined) kindIds.set(kind, (id = kindIds.size));
      return id;
    });
    const order = Int32Array.from({ length: this.rows }, (_, row) => row);
    order.sort((a, b) => this.from[a]! - this.from[b]! || this.to[a]! - this.to[b]! || kindOf[this.via[a]!]! - kindOf[this.via[b]!]! || a - b);
    const kept = new Int32Array(order.length);
    let count = 0;
    for (let start = 0; start < order.length; ) {
      const first = order[start]!;
      let end = start + 1;
      let strongest = this.unconditional[first] === 1 ? first : -1;
      while (
        end < order.length &&
        this.from[order[end]!] === this.from[first] &&
        this.to[order[end]!] === this.to[first] &&
        kindOf[this.via[order[end]!]!] === kindOf[this.via[first]!]
      ) {
        if (strongest < 0 && this.unconditional[order[end]!] === 1) strongest = order[end]!;
        end++;
      }
      if (strongest > first) this.copyRow(strongest, first);
      kept[count++] = first;
      start = end;
    }
    return kept.slice(0, count).sort();
  }

  private copyRow(source: number, target: number): void {
    this.via[target] = this.via[source]!;
    this.trust[target] = this.trust[source]!;
    this.statements[target] = this.statements[source]!;
    this.unconditional[target] = this.unconditional[source]!;
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

  private grow(): void {
    const size = this.from.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(column: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(column);
      return next;
    };
    this.from = widen(this.from, (n) => new Int32Array(n));
    this.to = widen(this.to, (n) => new Int32Array(n));
    this.via = widen(this.via, (n) => new Int32Array(n));
    this.trust = widen(this.trust, (n) => new Int32Array(n));
    this.statements = widen(this.statements, (n) => new Int32Array(n));
    this.unconditional = widen(this.unconditional, (n) => new Uint8Array(n));
  }
}

/** One copy of each value, numbered in the order first seen under its key. */
class Interned<T> {
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
