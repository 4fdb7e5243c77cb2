import { ClientFactory } from '../../src/aws/clients.js';
import { ApiMeter } from '../../src/aws/meter.js';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import { planFor } from '../../src/engine/plan.js';
import type { Inventory, Target } from '../../src/model/inventory.js';
import type { Rule } from '../../src/rules/rule.js';
import { collect } from '../../src/scanners/collect.js';
import type { ScanOptions, Scanner } from '../../src/scanners/scanner.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT } from './aws.js';
import { policyFor } from './fixtures.js';

export interface MotoScanOptions {
  endpoint: string;
  scanners: Scanner[];
  rules: Rule[];
  regions?: string[];
  target?: Partial<Target>;
  params?: Record<string, Record<string, unknown>>;
  scanOptions?: ScanOptions;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Collects from moto with the real scanners and judges with the given rules: the library path of `scan`. */
export async function scanMoto(options: MotoScanOptions): Promise<{ inventory: Inventory; evaluation: Evaluation; meter: ApiMeter }> {
  const meter = new ApiMeter();
  const clients = new ClientFactory({
    endpoint: options.endpoint,
    credentials: options.credentials ?? DUMMY_CREDENTIALS,
    maxAttempts: 1,
    meter,
  });
  const target: Target = { accountId: MOTO_ACCOUNT, regions: options.regions ?? ['us-east-1'], ...options.target };
  const inventory = await collect({
    accounts: [{ target, clients }],
    scanners: options.scanners,
    plan: planFor(options.rules),
    meter,
    scanOptions: options.scanOptions,
  });
  const settings = Object.fromEntries(Object.entries(options.params ?? {}).map(([id, params]) => [id, { params }]));
  const policy = policyFor(options.rules, settings);
  const evaluation = evaluate(inventory, { policies: [policy], rules: options.rules });
  return { inventory, evaluation, meter };
}
