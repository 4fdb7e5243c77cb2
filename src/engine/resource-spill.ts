import type { Inventory } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import { stringifyBounded } from '../text/bounded-json.js';
import { borrowReadBuffer, giveBackReadBuffer, withRoom } from '../text/read-buffer.js';
import type { ReportCollectionError } from '../model/report.js';
import { attributeErrors } from './collection-errors.js';
import type { InventorySource } from './evaluate.js';
import { TempLines } from './temp-lines.js';

/** Adjacent resources are read back in one read of at most this many bytes. */
const READ_BATCH_BYTES = 4 << 20;

/**
 * Collected resources written to a temporary file as each account finishes (one compact JSON line each),
 * indexed by account and type, and read back one account (or one set of types) at a time: a scan of an
 * organization holds the offsets of its resources, never the resources.
 */
export class ResourceSpill {
  private readonly file: TempLines;
  private starts = new Float64Array(1024);
  private ends = new Float64Array(1024);
  private typeOf = new Uint16Array(1024);
  private count = 0;
  private readonly types: string[] = [];
  private readonly byAccount = new Map<string, number[]>();
  /** The attributes of the spilled resources that could not be read. */
  readonly attributeErrors: ReportCollectionError[] = [];

  constructor(parent?: string) {
    this.file = new TempLines('resources', parent);
  }

  get length(): number {
    return this.count;
  }

  add(resources: Iterable<AnyResource>): void {
    for (const resource of resources) {
      this.grow();
      [this.starts[this.count], this.ends[this.count]] = this.file.append(stringifyBounded(resource));
      this.typeOf[this.count] = this.typeIndex(resource.type);
      const indexes = this.byAccount.get(resource.accountId);
      if (indexes) indexes.push(this.count);
      else this.byAccount.set(resource.accountId, [this.count]);
      this.count++;
      for (const error of attributeErrors(resource)) this.attributeErrors.push(error);
    }
  }

  /** The spilled resources with this header, as a source a streamed evaluation reads. */
  source(header: Omit<Inventory, 'resources'>): InventorySource {
    return {
      header,
      resourcesOf: (accountId) => this.parse(this.byAccount.get(accountId) ?? []),
      resourcesOfTypes: (types, accountId) => {
        const wanted = new Set(this.types.flatMap((type, index) => (types.has(type) ? [index] : [])));
        return this.parse((this.byAccount.get(accountId) ?? []).filter((index) => wanted.has(this.typeOf[index]!)));
      },
    };
  }

  /** Every resource's JSON text, in the order added. */
  jsonLines(): Iterable<string> {
    return this.file.lines();
  }

  close(): void {
    this.file.close();
  }

  private parse(indexes: number[]): AnyResource[] {
    const resources: AnyResource[] = [];
    for (const text of this.texts(indexes)) resources.push(JSON.parse(text) as AnyResource);
    return resources;
  }

  /** The texts of the given resources (ascending indexes), adjacent ones read in one batch into the lent read buffer. */
  private *texts(indexes: number[]): Generator<string> {
    let buffer = borrowReadBuffer();
    try {
      for (let first = 0; first < indexes.length; ) {
        let last = first;
        const start = this.starts[indexes[first]!]!;
        while (
          last + 1 < indexes.length &&
          indexes[last + 1] === indexes[last]! + 1 &&
          this.ends[indexes[last + 1]!]! - start <= READ_BATCH_BYTES
        ) {
          last++;
        }
        const end = this.ends[indexes[last]!]!;
        buffer = withRoom(buffer, end - start, READ_BATCH_BYTES);
        const block = this.file.read(start, end, buffer);
        for (let at = first; at <= last; at++) {
          const index = indexes[at]!;
          yield block.toString('utf8', this.starts[index]! - start, this.ends[index]! - start);
        }
        first = last + 1;
      }
    } finally {
      giveBackReadBuffer(buffer);
    }
  }

  private typeIndex(type: string): number {
    let index = this.types.indexOf(type);
    if (index === -1) index = this.types.push(type) - 1;
    return index;
  }

  private grow(): void {
    if (this.count < this.starts.length) return;
    const size = this.starts.length * 2;
    const widen = <A extends Float64Array | Uint16Array>(from: A, to: A): A => (to.set(from), to);
    this.starts = widen(this.starts, new Float64Array(size));
    this.ends = widen(this.ends, new Float64Array(size));
    this.typeOf = widen(this.typeOf, new Uint16Array(size));
  }
}
