import pLimit from 'p-limit';
import type { AccountAccess, ConnectContext } from '../aws/accounts.js';
import type { ClientFactory } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type { ApiMeter } from '../aws/meter.js';
import { AccountDeadlineError } from '../aws/network-errors.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory, type ScanError, type Target } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import type { CollectionPlan, ScanOptions, Scanner } from './scanner.js';

export interface CollectProgress {
  accountStarted?(target: Target): void;
  accountDone(target: Target, resources: number, errors: number): void;
}

export interface CollectOptions {
  accounts: AccountAccess[];
  /** Scanners, loaded or still to load (each starts in an account as soon as it is loaded). */
  scanners: ReadonlyArray<Scanner | UnloadedScanner>;
  plan: CollectionPlan;
  meter: ApiMeter;
  /** Accounts collected at once. */
  accountConcurrency?: number;
  /** Concurrent calls per account and service (default DEFAULT_SERVICE_CONCURRENCY). */
  serviceConcurrency?: number;
  scanOptions?: ScanOptions;
  progress?: CollectProgress;
  /**
   * Whole-account deadline in seconds (off when absent): past it, what the account has not finished is
   * recorded as scan errors, its calls are aborted and the collector moves on to the next account.
   */
  accountTimeoutSeconds?: number;
  /**
   * Takes each account's resources as the account finishes (e.g. to spill them to disk); the inventory
   * returned then holds none. Without it, they are all kept in the inventory.
   */
  onResources?(resources: AnyResource[], target: Target): void;
}

/** A scanner known by its service and resource types, loaded on demand (a registry entry). */
export interface UnloadedScanner {
  service: string;
  resourceTypes: readonly string[];
  load(): Promise<Scanner>;
}

/** A scanner the plan needs, and its loading (started once for every account). */
interface ScannerSlot {
  service: string;
  resourceTypes: string[];
  loaded: Promise<Scanner>;
}

/** Concurrent calls per account and service, unless `--concurrency` says otherwise. */
export const DEFAULT_SERVICE_CONCURRENCY = 8;

/** Runs every scanner the plan needs over every account and region, and assembles the inventory. */
export async function collect(options: CollectOptions): Promise<Inventory> {
  const collectedAt = new Date().toISOString();
  const resources: AnyResource[] = [];
  const errors: ScanError[] = [];
  const notes = new Set<string>();
  // Loading a scanner loads its SDK package (hundreds of ms for some, the thread busy meanwhile). The
  // scanners the plan needs load one after the other, in the registry's order, and each starts in an
  // account as soon as it is loaded (and the account connected): the first scanners' calls are in flight
  // while the next ones load, instead of every call waiting for the last package.
  let previous: Promise<unknown> = Promise.resolve();
  const scanners: ScannerSlot[] = options.scanners
    .filter((scanner) => scanner.resourceTypes.some((type) => options.plan.has(type)))
    .map((scanner) => {
      const loaded = 'load' in scanner ? previous.then(() => scanner.load()) : Promise.resolve(scanner);
      previous = loaded.catch(() => undefined);
      return { service: scanner.service, resourceTypes: [...scanner.resourceTypes], loaded };
    });
  const accountLimit = pLimit(options.accountConcurrency ?? 4);
  const targets: Target[] = options.accounts.map((access) => access.target);

  // A scanner that cannot load is a broken installation, not a finding about the accounts: the scan fails
  // at once, as it would have before any account was started.
  const failedLoad = new Promise<never>((_, reject) => {
    for (const scanner of scanners) scanner.loaded.catch(reject);
  });
  const work = Promise.all(
    options.accounts.map((candidate, index) =>
      accountLimit(async () => {
        options.progress?.accountStarted?.(candidate.target);
        const account = await collectAccountWithDeadline(candidate, scanners, options);
        targets[index] = account.target;
        if (options.onResources) options.onResources(account.resources, account.target);
        // One account at a time, in a loop: push(...list) of a very large account would overflow the stack.
        else for (const resource of account.resources) resources.push(resource);
        for (const error of account.errors) errors.push(error);
        for (const note of account.notes) notes.add(note);
        options.progress?.accountDone(account.target, account.resources.length, account.errors.length);
      }),
    ),
  );
  await Promise.race([work, failedLoad]);

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

/** What one account yielded. Writes after the account's deadline are dropped: the account is closed. */
class AccountSink {
  readonly resources: AnyResource[] = [];
  readonly errors: ScanError[] = [];
  readonly notes = new Set<string>();
  private closed = false;

  constructor(public target: Target) {}

  emit(resource: AnyResource): void {
    if (!this.closed) this.resources.push(resource);
  }

  fail(error: ScanError): void {
    if (!this.closed) this.errors.push(error);
  }

  note(message: string): void {
    if (!this.closed) this.notes.add(message);
  }

  close(): void {
    this.closed = true;
  }
}

/** A (scanner, region) job of an account that has not finished yet. */
interface PendingJob {
  /** `global` while the scanner is still loading. */
  region: string;
  scanner: Pick<Scanner, 'service' | 'resourceTypes'>;
}

interface AccountState {
  /** What the account is waiting on before its scanners run (connect's current step). */
  step: string;
  connected: boolean;
  pending: Set<PendingJob>;
}

/**
 * Connects to and collects one account. With a deadline, the account's calls share an AbortSignal: when it
 * passes, they are aborted (sockets closed, no retry started), what had not finished becomes scan errors
 * naming it, and the account's slot goes to the next account, whatever the stuck calls do.
 */
async function collectAccountWithDeadline(candidate: AccountAccess, scanners: ScannerSlot[], options: CollectOptions): Promise<AccountSink> {
  const controller = new AbortController();
  const sink = new AccountSink(candidate.target);
  const state: AccountState = { step: 'account.connect', connected: false, pending: new Set() };
  const work = collectOneAccount(candidate, scanners, options, sink, state, controller.signal);
  const seconds = options.accountTimeoutSeconds;
  if (!seconds) {
    await work;
    sink.close();
    return sink;
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), seconds * 1000);
  });
  const outcome = await Promise.race([work.then(() => 'done' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'deadline') {
    const reason = new AccountDeadlineError(seconds);
    for (const error of deadlineErrors(sink.target, state, reason)) sink.fail(error);
    sink.close();
    controller.abort(reason);
  } else {
    sink.close();
  }
  return sink;
}

async function collectOneAccount(
  candidate: AccountAccess,
  scanners: ScannerSlot[],
  options: CollectOptions,
  sink: AccountSink,
  state: AccountState,
  signal: AbortSignal,
): Promise<void> {
  const connect = candidate.connect;
  const access = connect
    ? await options.meter.phase(candidate.target.accountId, 'connect', () =>
        connectSafely(candidate, connect, { signal, step: (operation) => (state.step = operation) }),
      )
    : candidate;
  sink.target = access.target;
  if (!access.clients) {
    sink.fail({
      accountId: access.target.accountId,
      region: '*',
      service: 'account',
      resourceTypes: ['*'],
      ...(access.accessError ?? { code: 'NoAccess', message: 'account could not be reached', operation: 'STS.AssumeRole' }),
    });
    return;
  }
  state.connected = true;
  // Clients made before the deadline existed (the current account's) get it bound; without a deadline they
  // are used as given (callers may have customised them).
  const clients = options.accountTimeoutSeconds ? access.clients.bound(signal) : access.clients;
  await collectAccount(access.target, clients, scanners, options, sink, state.pending);
}

/** The scan errors for what an account had not finished when its deadline passed. */
function deadlineErrors(target: Target, state: AccountState, reason: AccountDeadlineError): ScanError[] {
  const accountId = target.accountId;
  if (!state.connected) {
    return [
      {
        accountId,
        region: '*',
        service: 'account',
        resourceTypes: ['*'],
        code: 'AccountTimeout',
        operation: state.step,
        message: `${reason.message} while account ${accountId} was still waiting on ${state.step}: nothing in it was collected`,
      },
    ];
  }
  return [...state.pending].map(({ region, scanner }) => ({
    accountId,
    region,
    service: scanner.service,
    resourceTypes: scanner.resourceTypes,
    code: 'AccountTimeout',
    operation: `${scanner.service}.scan`,
    message: `${reason.message} before the ${scanner.service} scan of account ${accountId}${region === 'global' ? '' : ` in ${region}`} finished`,
  }));
}

/** A connect() that throws is that account's scan error, never the whole scan's crash. */
async function connectSafely(
  candidate: AccountAccess,
  connect: (context: ConnectContext) => Promise<AccountAccess>,
  context: ConnectContext,
): Promise<AccountAccess> {
  try {
    return await connect(context);
  } catch (error) {
    return { target: candidate.target, accessError: toCollectionError(error, 'account.connect') };
  }
}

async function collectAccount(
  target: Target,
  clients: ClientFactory,
  scanners: ScannerSlot[],
  options: CollectOptions,
  sink: AccountSink,
  pending: Set<PendingJob>,
): Promise<void> {
  await Promise.all(
    scanners.map(async (slot) => {
      const loading: PendingJob = { region: 'global', scanner: slot };
      pending.add(loading);
      let scanner: Scanner;
      try {
        scanner = await slot.loaded;
      } catch (error) {
        sink.fail({ accountId: target.accountId, region: 'global', service: slot.service, resourceTypes: slot.resourceTypes, ...toCollectionError(error, `${slot.service}.scan`) });
        return;
      } finally {
        pending.delete(loading);
      }
      await runScanner(target, clients, scanner, options, sink, pending);
    }),
  );
}

/** Runs one scanner in every region it covers, under one bound per service and account. */
async function runScanner(
  target: Target,
  clients: ClientFactory,
  scanner: Scanner,
  options: CollectOptions,
  sink: AccountSink,
  pending: Set<PendingJob>,
): Promise<void> {
  const jobs: Array<Promise<void>> = [];
  // One bound per service and account: regions of one service share it.
  const limit = pLimit(options.serviceConcurrency ?? DEFAULT_SERVICE_CONCURRENCY);
  const regions = scanner.scope === 'global' ? ['global'] : target.regions;
  for (const region of regions) {
    const job: PendingJob = { region, scanner };
    pending.add(job);
    // Timed as a phase of the account: the timings name the scanner that set the account's wall time.
    jobs.push(
      options.meter
        .phase(target.accountId, `${scanner.service} ${region}`, () => scanner.scan({
          target,
          region,
          clients,
          plan: options.plan,
          limit: (task) => limit(task),
          emit: (resource) => sink.emit(resource),
          fail: (error) => sink.fail({ accountId: target.accountId, ...error }),
          note: (message) => sink.note(message),
          options: options.scanOptions ?? {},
        }))
        .catch((error: unknown) => {
          // A scanner bug or an unexpected answer must not pass silently: the service is unseen.
          sink.fail({
            accountId: target.accountId,
            region,
            service: scanner.service,
            resourceTypes: scanner.resourceTypes,
            ...toCollectionError(error, `${scanner.service}.scan`),
          });
        })
        .finally(() => pending.delete(job)),
    );
  }
  await Promise.all(jobs);
}
