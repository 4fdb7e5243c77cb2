import type { Inventory } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import { inert } from '../text/inert.js';
import { elementProblems } from './element-problems.js';
import { UsageError } from './errors.js';
import { openJsonDocument } from './json-document.js';
import { validateInventory } from './schemas.js';

/**
 * An inventory read from disk without holding its resources: the header parsed and validated, each
 * resource validated once during the first pass and read back by account (or by type) when asked for.
 */
export interface InventoryDocument {
  /** The inventory without its resources. */
  readonly header: Omit<Inventory, 'resources'>;
  /** How many resources the file holds. */
  readonly count: number;
  /** Indexes of each account's resources, in file order; accounts in order of their first resource. */
  readonly accounts: ReadonlyMap<string, readonly number[]>;
  /** One account's resources, in file order (none for an account without resources). */
  resourcesOf(accountId: string): AnyResource[];
  /** One account's resources of the given types, in file order. */
  resourcesOfTypes(types: ReadonlySet<string>, accountId: string): AnyResource[];
  /** Every resource in file order, read from disk at each iteration. */
  resources(): Iterable<AnyResource>;
  close(): void;
}

let resourceProblems: ((element: unknown, index: number) => string[]) | undefined;

/**
 * Opens an inventory (see openJsonDocument for the layouts accepted and the file refusals), refusing, with
 * asInventory's messages, a report given instead, a header that does not fit the inventory schema, and the
 * first resource that does not (named by its index: `/resources/123/arn: …`).
 */
export function openInventory(path: string, options: { chunkBytes?: number; maxBytes?: number } = {}): InventoryDocument {
  const shown = inert(path, { max: 1024 });
  const invalid = (problems: string[]) => new UsageError(`inventory ${shown} is not a squadguard inventory:\n  ${problems.join('\n  ')}`);
  resourceProblems ??= elementProblems('inventory-resource.schema.json', 'resources');
  const check = resourceProblems;
  const accounts = new Map<string, number[]>();
  const typeNames: string[] = [];
  const typeIds = new Map<string, number>();
  let types = new Uint16Array(1024);

  const document = openJsonDocument(path, {
    ...options,
    what: 'inventory',
    kind: 'inventory',
    arrayKey: 'resources',
    onKey: (key) => {
      if (key === 'findings') {
        throw new UsageError(
          `inventory ${shown}: this is a squadguard report, not an inventory; --inventory takes the inventory \`collect\` writes (--output), ` +
            'and a report is compared against with --baseline',
        );
      }
    },
    onElement: (value, index) => {
      const problems = check(value, index);
      if (problems.length > 0) throw invalid(problems);
      const resource = value as AnyResource;
      let list = accounts.get(resource.accountId);
      if (!list) accounts.set(resource.accountId, (list = []));
      list.push(index);
      let id = typeIds.get(resource.type);
      if (id === undefined) {
        if (typeNames.length === 0xffff) throw invalid([`/resources/${index}/type: more than 65,535 resource types`]);
        typeIds.set(resource.type, (id = typeNames.length));
        typeNames.push(resource.type);
      }
      if (index === types.length) {
        const larger = new Uint16Array(types.length * 2);
        larger.set(types);
        types = larger;
      }
      types[index] = id;
    },
  });
  try {
    const problems = validateInventory(document.present ? { ...document.header, resources: [] } : document.header);
    if (problems.length > 0) throw invalid(problems);
  } catch (error) {
    document.close();
    throw error;
  }

  const read = (indexes: Iterable<number>) => [...document.read(indexes)] as AnyResource[];
  return {
    header: document.header as Omit<Inventory, 'resources'>,
    count: document.count,
    accounts,
    resourcesOf: (accountId) => read(accounts.get(accountId) ?? []),
    resourcesOfTypes: (wanted, accountId) => {
      const ids = new Set(typeNames.flatMap((type, id) => (wanted.has(type) ? [id] : [])));
      return read((accounts.get(accountId) ?? []).filter((index) => ids.has(types[index] as number)));
    },
    resources: () => document.elements() as Iterable<AnyResource>,
    close: () => document.close(),
  };
}
