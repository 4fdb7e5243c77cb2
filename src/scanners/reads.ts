import type { ServiceName } from '../aws/clients.js';
import { errorCode, toCollectionError } from '../aws/errors.js';
import type { AnyResource, AttributeOf, CollectionError, ResourceDataByType, ResourceType } from '../model/resource.js';
import { needs, type ScannerContext } from './scanner.js';
import { operationOf, pagesOf, sender, type AnyCommandClass, type InputOf, type OutputOf, type Pagination, type Sender } from './sdk.js';

/** Error codes, or a test of the error, that mean one thing (e.g. "not configured", "gone"). */
export type ErrorMatch = readonly string[] | ((error: unknown) => boolean);

export function matches(match: ErrorMatch | undefined, error: unknown): boolean {
  if (match === undefined) return false;
  return typeof match === 'function' ? match(error) : match.includes(errorCode(error));
}

/**
 * One read of one value: an SDK call (or its pages), its input from the subject (a resource, a list item,
 * or the scan itself for an account-wide read), and the mapping of the answer into the model.
 */
export interface Read<S, V> {
  readonly command: AnyCommandClass;
  run(client: Sender, subject: S): Promise<V>;
  /** Errors that mean "not configured": the value becomes `notConfiguredValue` (default `null`). */
  readonly notConfigured?: ErrorMatch;
  readonly notConfiguredValue?: V;
  /** Whether the read applies to this subject; when not, the value is `notApplicable`, without a call. */
  readonly applies?: (subject: S) => boolean;
  readonly notApplicable?: V;
}

interface Options<S, V> {
  notConfigured?: ErrorMatch;
  notConfiguredValue?: V;
  applies?: (subject: S) => boolean;
  notApplicable?: V;
}

/** A read of one call: `map` turns the answer into the model's value (throwing makes it an error). */
export function call<C extends AnyCommandClass, S, V>(
  command: C,
  spec: Options<S, V> & { input: (subject: S) => InputOf<C>; map: (answer: OutputOf<C>, subject: S) => V },
): Read<S, V> {
  return { ...spec, command, run: async (client, subject) => spec.map(await client.send(command, spec.input(subject)), subject) };
}

/** A read of every page of a call: `map` gets the items of all pages. */
export function paged<C extends AnyCommandClass, S, T, V>(
  command: C,
  spec: Options<S, V> &
    Pagination<C> & { input: (subject: S) => InputOf<C>; items: (page: OutputOf<C>) => T[] | undefined; map: (items: T[], subject: S) => V },
): Read<S, V> {
  return {
    ...spec,
    command,
    run: async (client, subject) => {
      const items: T[] = [];
      for await (const page of pagesOf(client, command, spec.input(subject), spec)) items.push(...(spec.items(page) ?? []));
      return spec.map(items, subject);
    },
  };
}

/** What a read came to: a value, a collection error, or the subject is gone (deleted since it was listed). */
export type Outcome<V> = { value: V } | { error: CollectionError } | { gone: true };

/** Runs one read: "not configured" and "not applicable" answers are values; every other failure an error. */
export async function attempt<S, V>(client: Sender, read: Read<S, V>, subject: S, gone?: ErrorMatch): Promise<Outcome<V>> {
  if (read.applies && !read.applies(subject)) return { value: (read.notApplicable ?? null) as V };
  try {
    return { value: await read.run(client, subject) };
  } catch (error) {
    if (matches(read.notConfigured, error)) return { value: (read.notConfiguredValue ?? null) as V };
    if (matches(gone, error)) return { gone: true };
    return { error: toCollectionError(error, operationOf(client.service, read.command)) };
  }
}

/** The value an attribute of type T holds (`tags` is the resource's tag record). */
export type ValueOf<T extends ResourceType, A extends AttributeOf<T>> = A extends keyof ResourceDataByType[T]
  ? ResourceDataByType[T][A]
  : Record<string, string>;

/**
 * The per-resource reads of one resource type, keyed by the model's attribute names: a misspelt attribute
 * does not compile, and each read's value must fit the model's type.
 */
export interface ReadTable<T extends ResourceType, S> {
  readonly type: T;
  readonly service: ServiceName;
  readonly reads: { readonly [A in AttributeOf<T>]?: Read<S, ValueOf<T, A>> };
  /** Errors that mean the resource was deleted between list and read: it is dropped, not an error. */
  readonly gone?: ErrorMatch;
}

export function table<T extends ResourceType, S>(spec: ReadTable<T, S>): ReadTable<T, S> {
  return spec;
}

/** Sets an attribute's value, or its collection error. */
export function settle(resource: AnyResource, attribute: string, outcome: { value: unknown } | { error: CollectionError }): void {
  if ('error' in outcome) (resource.errors as Record<string, CollectionError>)[attribute] = outcome.error;
  else if (attribute === 'tags') resource.tags = outcome.value as Record<string, string>;
  else resource.data[attribute] = outcome.value;
}

/**
 * Reads the attributes of a resource that the plan needs (`*`: all of them), in parallel. Returns `gone`
 * when any read says the resource no longer exists.
 */
export async function readAttributes<T extends ResourceType, S>(
  context: ScannerContext,
  resource: AnyResource,
  spec: ReadTable<T, S>,
  subject: S,
  options: { region?: string; limit?: boolean } = {},
): Promise<'read' | 'gone'> {
  const client = sender(context.clients, spec.service, options.region ?? resource.region);
  const entries = Object.entries(spec.reads as Record<string, Read<S, unknown> | undefined>).filter(
    (entry): entry is [string, Read<S, unknown>] => entry[1] !== undefined && needs(context.plan, spec.type, entry[0]),
  );
  const outcomes = await Promise.all(
    entries.map(async ([attribute, read]) => {
      const run = () => attempt(client, read, subject, spec.gone);
      const outcome = await (options.limit ? context.limit(run) : run());
      if (!('gone' in outcome)) settle(resource, attribute, outcome);
      return outcome;
    }),
  );
  return outcomes.some((outcome) => 'gone' in outcome) ? 'gone' : 'read';
}

/** The operations each attribute of a table costs. */
export function attributeOperations(spec: { service: ServiceName; reads: object }): Record<string, string[]> {
  const costs: Record<string, string[]> = {};
  for (const [attribute, read] of Object.entries(spec.reads as Record<string, Read<never, unknown> | undefined>)) {
    if (read) costs[attribute] = [operationOf(spec.service, read.command)];
  }
  return costs;
}

/**
 * A read made once per account or region whose value feeds an attribute of many resources (the account's
 * public access block, the region's aliases, the credential report). Its failure is each attribute's error.
 */
export interface SharedRead<V> {
  readonly service: ServiceName;
  readonly read: Read<ScannerContext, V>;
}

export function shared<V>(service: ServiceName, read: Read<ScannerContext, V>): SharedRead<V> {
  return { service, read };
}

export async function readShared<V>(context: ScannerContext, spec: SharedRead<V>, region: string): Promise<Outcome<V>> {
  return attempt(sender(context.clients, spec.service, region), spec.read, context);
}

export function sharedOperation(spec: SharedRead<unknown>): string {
  return operationOf(spec.service, spec.read.command);
}

/** Sets an attribute from a shared read's outcome, picking this resource's part of the value. */
export function fillFrom<V>(resource: AnyResource, attribute: string, outcome: Outcome<V>, pick: (value: V) => unknown = (value) => value): void {
  if ('gone' in outcome) return;
  settle(resource, attribute, 'error' in outcome ? outcome : { value: pick(outcome.value) });
}
