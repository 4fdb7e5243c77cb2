/**
 * Scans with the AWS answers given at the client boundary (no network, no emulator): every call reaches
 * `answer` with its metered operation name (`S3.GetBucketPolicy`) and input; it returns the output or
 * throws an AWS-shaped error (`awsError`). Calls are still metered, so `inventory.apiCalls` is real.
 */
import { ClientFactory, type ServiceName } from '../../../src/aws/clients.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { collect } from '../../../src/scanners/collect.js';
import type { CollectionPlan, Scanner, ScanOptions } from '../../../src/scanners/scanner.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT } from '../../support/aws.js';

export type Answer = (operation: string, input: Record<string, unknown>, region: string) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** An error as the SDK throws it for an AWS error answer. */
export function awsError(code: string, status = 400, message = `${code} (stubbed)`): Error {
  return Object.assign(new Error(message), { name: code, $metadata: { httpStatusCode: status } });
}

class StubClients extends ClientFactory {
  private readonly stubbed = new WeakSet<object>();

  constructor(private readonly answer: Answer, meter: ApiMeter) {
    // Loopback, never contacted: every call is answered in the initialize step.
    super({ endpoint: 'http://127.0.0.1:9', credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter });
  }

  override client<S extends ServiceName>(service: S, region: string) {
    const client = super.client(service, region);
    if (!this.stubbed.has(client)) {
      this.stubbed.add(client);
      const answer = this.answer;
      (client.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
        (_next: unknown, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
          const operation = `${service}.${(context.commandName ?? '').replace(/Command$/, '')}`;
          return { output: { ...(await answer(operation, { ...args.input }, region)), $metadata: {} }, response: {} };
        },
        { step: 'initialize' },
      );
    }
    return client;
  }
}

export interface StubScan {
  inventory: Inventory;
  /** Every call in order: `Service.Operation` and its input. */
  calls: Array<{ operation: string; input: Record<string, unknown> }>;
}

export async function stubScan(options: {
  scanner: Scanner;
  plan: CollectionPlan;
  answer: Answer;
  regions?: string[];
  scanOptions?: ScanOptions;
  /** `--concurrency` (default: the scanner's own bound). */
  concurrency?: number;
}): Promise<StubScan> {
  const meter = new ApiMeter();
  const calls: StubScan['calls'] = [];
  const clients = new StubClients((operation, input, region) => {
    calls.push({ operation, input });
    return options.answer(operation, input, region);
  }, meter);
  const inventory = await collect({
    accounts: [{ target: { accountId: MOTO_ACCOUNT, regions: options.regions ?? ['us-east-1'] }, clients }],
    scanners: [options.scanner],
    plan: options.plan,
    meter,
    ...(options.scanOptions ? { scanOptions: options.scanOptions } : {}),
    ...(options.concurrency ? { serviceConcurrency: options.concurrency } : {}),
  });
  return { inventory, calls };
}

export const planOf = (entries: Record<string, string[]>): CollectionPlan =>
  new Map(Object.entries(entries).map(([type, attributes]) => [type, new Set(attributes)]));
