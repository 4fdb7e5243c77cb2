import type { ServiceName } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type { ScannerContext } from './scanner.js';
import { operationOf, pagesOf, sender, type AnyCommandClass, type InputOf, type OutputOf, type Pagination, type Sender } from './sdk.js';

/** A paginated list call and the items each page carries. */
export interface List<T> {
  readonly service: ServiceName;
  readonly command: AnyCommandClass;
  /** Every item of every page (the input may depend on the scan, e.g. a window from its options). */
  drain(client: Sender, context: ScannerContext): Promise<T[]>;
}

export function list<C extends AnyCommandClass, T>(
  service: ServiceName,
  command: C,
  spec: Pagination<C> & { input: (context: ScannerContext) => InputOf<C>; items: (page: OutputOf<C>) => T[] | undefined },
): List<T> {
  return {
    service,
    command,
    drain: async (client, context) => {
      const input = spec.input(context);
      const items: T[] = [];
      for await (const page of pagesOf(client, command, input, spec)) items.push(...(spec.items(page) ?? []));
      return items;
    },
  };
}

export function listOperation(spec: List<unknown>): string {
  return operationOf(spec.service, spec.command);
}

/**
 * Lists every page. A failed list hides whole resource types: it is a scan error for the types it would
 * have produced (in the scanner's region, `global` for global scanners), and the answer is undefined.
 * `limit`: the whole pagination runs under the per-service concurrency bound.
 */
export async function listOrFail<T>(
  context: ScannerContext,
  spec: List<T>,
  resourceTypes: string[],
  options: { region?: string; limit?: boolean } = {},
): Promise<T[] | undefined> {
  const client = sender(context.clients, spec.service, options.region ?? context.region);
  try {
    return await (options.limit ? context.limit(() => spec.drain(client, context)) : spec.drain(client, context));
  } catch (error) {
    context.fail({
      region: context.region,
      service: spec.service.toLowerCase(),
      resourceTypes,
      ...toCollectionError(error, listOperation(spec)),
    });
    return undefined;
  }
}
