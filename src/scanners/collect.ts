import pLimit from 'p-limit';
import type { ClientFactory } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type { ApiMeter } from '../aws/meter.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory, type ScanError, type Target } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import type { CollectionPlan, ScanOptions, Scanner } from './scanner.js';

/** An account to collect, with the clients (credentials) to reach it. */
export interface AccountAccess {
  target: Target;
  /** Absent when access failed before collection (e.g. the role could not be assumed). */
  clients?: ClientFactory;
  /** Why the account could not be reached, when it could not. */
  accessError?: Omit<ScanError, 'accountId' | 'region' | 'service' | 'resourceTypes'>;
  /**
   * Reaches the account when its turn comes (assume its role, list its regions) and returns the access to
   * collect with: roles are assumed under the account-concurrency bound, not all at once up front.
   */
  connect?: () => Promise<AccountAccess>;
}

export interface CollectProgress {
  accountStarted?(target: Target): void;
  accountDone(target: Target, resources: number, errors: number): void;
}

export interface CollectOptions {
  accounts: AccountAccess[];
  scanners: Scanner[];
  plan: CollectionPlan;
  meter: ApiMeter;
  /** Accounts collected at once. */
  accountConcurrency?: number;
  /** Concurrent calls per account and service. */
  serviceConcurrency?: number;
  scanOptions?: ScanOptions;
  progress?: CollectProgress;
}

/** Runs every scanner the plan needs over every account and region, and assembles the inventory. */
export async function collect(options: CollectOptions): Promise<Inventory> {
  const collectedAt = new Date().toISOString();
  const resources: AnyResource[] = [];
  const errors: ScanError[] = [];
  const notes = new Set<string>();
  const scanners = options.scanners.filter((scanner) =>
    scanner.resourceTypes.some((type) => options.plan.has(type)),
  );
  const accountLimit = pLimit(options.accountConcurrency ?? 4);
  const targets: Target[] = options.accounts.map((access) => access.target);

  await Promise.all(
    options.accounts.map((candidate, index) =>
      accountLimit(async () => {
        options.progress?.accountStarted?.(candidate.target);
        const access = candidate.connect ? await connectSafely(candidate, candidate.connect) : candidate;
        targets[index] = access.target;
        const before = { resources: resources.length, errors: errors.length };
        if (!access.clients) {
          errors.push({
            accountId: access.target.accountId,
            region: '*',
            service: 'account',
            resourceTypes: ['*'],
            ...(access.accessError ?? { code: 'NoAccess', message: 'account could not be reached', operation: 'STS.AssumeRole' }),
          });
        } else {
          await collectAccount(access.target, access.clients, scanners, options, { resources, errors, notes });
        }
        options.progress?.accountDone(
          access.target,
          resources.length - before.resources,
          errors.length - before.errors,
        );
      }),
    ),
  );

  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    collectedAt,
    finishedAt: new Date().toISOString(),
    targets,
    resources,
    errors,
    apiCalls: { ...options.meter.calls },
    throttles: { ...options.meter.throttles },
    collected: Object.fromEntries([...options.plan].map(([type, attributes]) => [type, [...attributes].sort()])),
    notes: [...notes],
  };
}

/** A connect() that throws is that account's scan error, never the whole scan's crash. */
async function connectSafely(candidate: AccountAccess, connect: () => Promise<AccountAccess>): Promise<AccountAccess> {
  try {
    return await connect();
  } catch (error) {
    return { target: candidate.target, accessError: toCollectionError(error, 'account.connect') };
  }
}

interface Sink {
  resources: AnyResource[];
  errors: ScanError[];
  notes: Set<string>;
}

async function collectAccount(
  target: Target,
  clients: ClientFactory,
  scanners: Scanner[],
  options: CollectOptions,
  sink: Sink,
): Promise<void> {
  const jobs: Array<Promise<void>> = [];
  for (const scanner of scanners) {
    // One bound per service and account: regions of one service share it.
    const limit = pLimit(options.serviceConcurrency ?? 8);
    const regions = scanner.scope === 'global' ? ['global'] : target.regions;
    for (const region of regions) {
      jobs.push(
        scanner
          .scan({
            target,
            region,
            clients,
            plan: options.plan,
            limit: (task) => limit(task),
            emit: (resource) => sink.resources.push(resource),
            fail: (error) => sink.errors.push({ accountId: target.accountId, ...error }),
            note: (message) => sink.notes.add(message),
            options: options.scanOptions ?? {},
          })
          .catch((error: unknown) => {
            // A scanner bug or an unexpected answer must not pass silently: the service is unseen.
            sink.errors.push({
              accountId: target.accountId,
              region,
              service: scanner.service,
              resourceTypes: scanner.resourceTypes,
              ...toCollectionError(error, `${scanner.service}.scan`),
            });
          }),
      );
    }
  }
  await Promise.all(jobs);
}
