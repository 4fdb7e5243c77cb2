import type { ClientFactory, ServiceName } from '../aws/clients.js';

export { operationOf } from '../aws/operations.js';

/**
 * An AWS SDK v3 command class, typed by what the SDK declares it takes and answers. Tables name the class
 * itself: the operation (`S3.GetBucketPolicy`) is derived from it, never typed beside it.
 */
export interface CommandClass<I extends object = never, O = unknown> {
  new (input: I): { readonly input: I; resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: O }> };
  readonly name: string;
}

// The widest command class, for tables that erase each entry's own input and output types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandClass = CommandClass<any, unknown>;

export type InputOf<C> = C extends CommandClass<infer I, unknown> ? I : never;
export type OutputOf<C> = C extends { new (input: never): { resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: infer O }> } } ? O : never;

/** Sends commands to one service in one region through the account's (metered, rate-limited) clients. */
export interface Sender {
  readonly service: ServiceName;
  send<C extends AnyCommandClass>(command: C, input: InputOf<C>): Promise<OutputOf<C>>;
}

interface Sendable {
  send(command: unknown): Promise<unknown>;
}

export function sender(clients: ClientFactory, service: ServiceName, region: string): Sender {
  return {
    service,
    send: async <C extends AnyCommandClass>(command: C, input: InputOf<C>) =>
      (await (clients.client(service, region) as unknown as Sendable).send(new command(input))) as OutputOf<C>,
  };
}

/** How a paginated operation carries its continuation token: the input field and the answer's field. */
export interface Pagination<C extends AnyCommandClass> {
  inputToken: keyof InputOf<C> & string;
  outputToken: keyof OutputOf<C> & string;
}

/**
 * Every page of a paginated operation, as the SDK's own paginators send them: the next request carries the
 * previous answer's token, until an answer has none.
 */
export async function* pagesOf<C extends AnyCommandClass>(
  client: Sender,
  command: C,
  input: InputOf<C>,
  pagination: Pagination<C>,
): AsyncGenerator<OutputOf<C>> {
  let token: unknown = (input as Record<string, unknown>)[pagination.inputToken];
  do {
    const page = await client.send(command, { ...input, [pagination.inputToken]: token });
    yield page;
    token = (page as Record<string, unknown>)[pagination.outputToken];
  } while (token);
}
