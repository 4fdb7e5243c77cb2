import type { ServiceName } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type { AnyResource, CollectionError, ResourceDataByType, ResourceType } from '../model/resource.js';
import { listOperation, listOrFail, type List } from './list.js';
import { attributeOperations, matches, readAttributes, type ErrorMatch, type ReadTable } from './reads.js';
import { newResource } from './resource.js';
import { needs, type ScannerContext } from './scanner.js';
import { operationOf, sender, type AnyCommandClass, type InputOf, type OutputOf } from './sdk.js';

type Fills<T extends ResourceType, C extends AnyCommandClass> = {
  readonly [A in keyof ResourceDataByType[T]]?: (answer: OutputOf<C>) => ResourceDataByType[T][A];
};

/**
 * A list family: resources of one type that one paginated list call enumerates. The list answer gives each
 * item's identity and summary fields; an optional per-item Describe fills the attributes the list lacks
 * (`Object.keys(fills)`, called only when the plan needs one of them); `reads` are further per-item reads
 * (tags, a resource policy), each only when needed.
 */
export interface Family<T extends ResourceType, I, C extends AnyCommandClass = AnyCommandClass> {
  readonly type: T;
  readonly list: List<I>;
  /** Runs the whole pagination under the per-service concurrency bound (list-only families). */
  readonly listUnderLimit?: boolean;
  /** Which listed items to scan, in which order (a window, the account's own); may add a note. */
  readonly select?: (items: I[], context: ScannerContext) => I[];
  /** The resource's identity from its list item; undefined skips the item. */
  readonly identity: (item: I, context: ScannerContext) => { arn: string; name: string; tags?: Record<string, string> } | undefined;
  /** Attributes the list answer carries. */
  readonly summary: (item: I, context: ScannerContext) => Partial<ResourceDataByType[T]>;
  readonly describe?: {
    readonly command: C;
    readonly input: (item: I) => InputOf<C>;
    /** Attribute → its value from the answer; a mapper that throws makes that attribute an error. */
    readonly fills: Fills<T, C>;
  };
  readonly reads?: ReadTable<T, I>;
  /** Errors of the Describe that mean the resource was deleted since it was listed: it is dropped. */
  readonly gone?: ErrorMatch;
  /** Last step before the resource is emitted (a read that depends on described attributes). */
  readonly then?: (resource: AnyResource, context: ScannerContext, item: I) => Promise<void> | void;
}

export function family<T extends ResourceType, I, C extends AnyCommandClass = AnyCommandClass>(spec: Family<T, I, C>): Family<T, I, C> {
  return spec;
}

/** Runs a family: list (a failure is a scan error), then per item describe and reads, then emit. */
export async function scanFamily<T extends ResourceType, I, C extends AnyCommandClass>(context: ScannerContext, spec: Family<T, I, C>): Promise<void> {
  if (!context.plan.has(spec.type)) return;
  const listed = await listOrFail(context, spec.list, [spec.type], { limit: spec.listUnderLimit ?? false });
  if (!listed) return;
  const items = spec.select ? spec.select(listed, context) : listed;
  await Promise.all(
    items.map(async (item) => {
      const identity = spec.identity(item, context);
      if (!identity) return;
      const resource = newResource(context, spec.type, { ...identity, data: { ...spec.summary(item, context) } });
      const [described, read] = await Promise.all([
        describeInto(context, spec, resource, item),
        spec.reads ? readAttributes(context, resource, spec.reads, item, { limit: true }) : Promise.resolve('read' as const),
      ]);
      if (described === 'gone' || read === 'gone') return;
      await spec.then?.(resource, context, item);
      context.emit(resource);
    }),
  );
}

/** One Describe filling several attributes, only when one of them is needed; its failure is each one's error. */
async function describeInto<T extends ResourceType, I, C extends AnyCommandClass>(
  context: ScannerContext,
  spec: Family<T, I, C>,
  resource: AnyResource,
  item: I,
): Promise<'read' | 'skipped' | 'gone'> {
  const describe = spec.describe;
  if (!describe) return 'skipped';
  const fills = Object.entries(describe.fills as Record<string, ((answer: OutputOf<C>) => unknown) | undefined>).filter(
    (entry): entry is [string, (answer: OutputOf<C>) => unknown] => entry[1] !== undefined,
  );
  const wanted = fills.filter(([attribute]) => needs(context.plan, spec.type, attribute));
  if (wanted.length === 0) return 'skipped';
  const client = sender(context.clients, spec.list.service, context.region);
  const operation = operationOf(spec.list.service, describe.command);
  const errors = resource.errors as Record<string, CollectionError>;
  try {
    const answer = await context.limit(() => client.send(describe.command, describe.input(item)));
    for (const [attribute, fill] of fills) {
      try {
        resource.data[attribute] = fill(answer);
      } catch (error) {
        errors[attribute] = toCollectionError(error, operation);
      }
    }
    return 'read';
  } catch (error) {
    if (matches(spec.gone, error)) return 'gone';
    const failure = toCollectionError(error, operation);
    for (const [attribute] of wanted) errors[attribute] = failure;
    return 'read';
  }
}

/** What a family costs: its list for every resource, and per attribute the call that fills it. */
export function familyCosts<T extends ResourceType, I, C extends AnyCommandClass>(spec: Family<T, I, C>): { list: string[]; attributes: Record<string, string[]> } {
  const attributes: Record<string, string[]> = {};
  const service: ServiceName = spec.list.service;
  if (spec.describe) for (const attribute of Object.keys(spec.describe.fills)) attributes[attribute] = [operationOf(service, spec.describe.command)];
  if (spec.reads) Object.assign(attributes, attributeOperations(spec.reads));
  return { list: [listOperation(spec.list)], attributes };
}

/** A family with its own types erased, so a scanner can hold a list of them. */
export interface DeclaredFamily {
  readonly type: ResourceType;
  readonly scan: (context: ScannerContext) => Promise<void>;
  readonly costs: { list: string[]; attributes: Record<string, string[]> };
}

/** Erases a family's item and command types behind its runner and its costs. */
export function declared<T extends ResourceType, I, C extends AnyCommandClass>(spec: Family<T, I, C>): DeclaredFamily {
  return { type: spec.type, scan: (context) => scanFamily(context, spec), costs: familyCosts(spec) };
}
