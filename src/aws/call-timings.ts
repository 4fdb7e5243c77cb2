import { AsyncLocalStorage } from 'node:async_hooks';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { AccountTiming, CallSpan, CollectionTimings, OperationTiming, PhaseTiming, ServiceTiming } from '../model/timings.js';
import { LatencyHistogram, round } from './latency-histogram.js';

/** Counters over a set of calls: O(1) memory whatever their number. */
class SpanCounter {
  calls = 0;
  start = Infinity;
  end = -Infinity;
  busy = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private busySince = 0;

  begin(now: number): void {
    this.calls++;
    if (now < this.start) this.start = now;
    if (this.inFlight === 0) this.busySince = now;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  finish(now: number): void {
    if (now > this.end) this.end = now;
    this.inFlight--;
    if (this.inFlight === 0) this.busy += now - this.busySince;
  }

  /** Busy time so far, counting a stretch still in flight up to `now`. */
  busyAt(now: number): number {
    return this.busy + (this.inFlight > 0 ? now - this.busySince : 0);
  }
}

interface OperationCounter {
  span: SpanCounter;
  attempts: number;
  latency: LatencyHistogram;
}

interface Phase {
  name: string;
  start: number;
  end?: number;
  span: SpanCounter;
  operations: Map<string, SpanCounter>;
}

interface AccountPhases {
  accountId: string;
  phases: Phase[];
}

/** The end of one call: updates every counter its start began. */
export type CallEnd = () => void;

/**
 * Times API calls: per operation (calls, wall, latency percentiles, concurrency), per service, and per
 * account phase (a scanner in a region, or connecting), attributed through the async context the phase runs
 * in. Memory is bounded by operations × phases, never by the number of calls.
 */
export class CallTimings {
  private readonly context = new AsyncLocalStorage<Phase>();
  private readonly all = new SpanCounter();
  private readonly operations = new Map<string, OperationCounter>();
  private readonly services = new Map<string, SpanCounter>();
  private readonly rateLimitWaits = new Map<string, number>();
  private readonly accounts = new Map<string, AccountPhases>();
  private origin: number | undefined;
  private loopAtOrigin: EventLoopUtilization | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  private clock(): number {
    const now = this.now();
    if (this.origin === undefined) {
      this.origin = now;
      this.loopAtOrigin = performance.eventLoopUtilization();
    }
    return now;
  }

  /** A call of `operation` (`Service.Operation`) starts; call the returned function when it ends. */
  callStarted(operation: string): CallEnd {
    const now = this.clock();
    const counter = this.operation(operation);
    const dot = operation.indexOf('.');
    const service = dot > 0 ? operation.slice(0, dot) : operation;
    let serviceSpan = this.services.get(service);
    if (!serviceSpan) this.services.set(service, (serviceSpan = new SpanCounter()));
    const spans = [this.all, counter.span, serviceSpan];
    const phase = this.context.getStore();
    if (phase) {
      let phaseOperation = phase.operations.get(operation);
      if (!phaseOperation) phase.operations.set(operation, (phaseOperation = new SpanCounter()));
      spans.push(phase.span, phaseOperation);
    }
    for (const span of spans) span.begin(now);
    return () => {
      const end = this.now();
      for (const span of spans) span.finish(end);
    };
  }

  /** One attempt (request and answer) of `operation` took `ms`. */
  recordAttempt(operation: string, ms: number): void {
    const counter = this.operation(operation);
    counter.attempts++;
    counter.latency.record(ms);
  }

  /** A request of `service` waited `ms` on the client-side rate limit. */
  recordRateLimitWait(service: string, ms: number): void {
    if (ms > 0) this.rateLimitWaits.set(service, (this.rateLimitWaits.get(service) ?? 0) + ms);
  }

  /** Runs `work` as phase `name` of account `accountId`: the calls it makes are attributed to that phase. */
  async phase<T>(accountId: string, name: string, work: () => Promise<T>): Promise<T> {
    let account = this.accounts.get(accountId);
    if (!account) this.accounts.set(accountId, (account = { accountId, phases: [] }));
    const phase: Phase = { name, start: this.clock(), span: new SpanCounter(), operations: new Map() };
    account.phases.push(phase);
    try {
      return await this.context.run(phase, work);
    } finally {
      phase.end = this.now();
    }
  }

  snapshot(): CollectionTimings {
    const now = this.now();
    const origin = this.origin ?? now;
    const at = (time: number): number => round(Math.max(0, time - origin));
    const spanOf = (span: SpanCounter): CallSpan => ({
      calls: span.calls,
      startMs: span.calls > 0 ? at(span.start) : 0,
      endMs: span.calls > 0 ? at(Math.max(span.end, span.start)) : 0,
      busyMs: round(span.busyAt(now)),
      maxConcurrency: span.maxInFlight,
    });
    const operations: Record<string, OperationTiming> = {};
    for (const [name, counter] of [...this.operations].sort(([a], [b]) => a.localeCompare(b))) {
      operations[name] = { ...spanOf(counter.span), attempts: counter.attempts, latencyMs: counter.latency.summary() };
    }
    const services: Record<string, ServiceTiming> = {};
    for (const [name, span] of [...this.services].sort(([a], [b]) => a.localeCompare(b))) {
      const wait = this.rateLimitWaits.get(name);
      services[name] = { ...spanOf(span), ...(wait ? { rateLimitWaitMs: round(wait) } : {}) };
    }
    const accounts: AccountTiming[] = [...this.accounts.values()]
      .map((account) => accountTiming(account, now, at, spanOf))
      .sort((a, b) => a.startMs - b.startMs || a.accountId.localeCompare(b.accountId));
    const all = spanOf(this.all);
    const wallMs = round(all.endMs - all.startMs);
    const attempts = [...this.operations.values()].reduce((sum, counter) => sum + counter.attempts, 0);
    return {
      wallMs,
      calls: all.calls,
      attempts,
      callsPerSecond: wallMs > 0 ? round((all.calls * 1000) / wallMs) : 0,
      maxConcurrency: all.maxConcurrency,
      eventLoopUtilization: this.loopAtOrigin ? Math.round(performance.eventLoopUtilization(this.loopAtOrigin).utilization * 100) / 100 : 0,
      services,
      operations,
      accounts,
    };
  }

  private operation(name: string): OperationCounter {
    let counter = this.operations.get(name);
    if (!counter) this.operations.set(name, (counter = { span: new SpanCounter(), attempts: 0, latency: new LatencyHistogram() }));
    return counter;
  }
}

function accountTiming(
  account: AccountPhases,
  now: number,
  at: (time: number) => number,
  spanOf: (span: SpanCounter) => CallSpan,
): AccountTiming {
  const phases: PhaseTiming[] = account.phases
    .map((phase) => ({ ...spanOf(phase.span), name: phase.name, startMs: at(phase.start), endMs: at(phase.end ?? now) }))
    .sort((a, b) => a.startMs - b.startMs);
  // The phase that ended last set the account's wall time; ties go to the one that started first (the longer).
  let critical = account.phases[0];
  for (const phase of account.phases) {
    if (critical && (phase.end ?? now) > (critical.end ?? now)) critical = phase;
  }
  const operations = critical
    ? [...critical.operations]
        .map(([operation, span]) => ({ operation, ...spanOf(span) }))
        .sort((a, b) => a.startMs - b.startMs || a.operation.localeCompare(b.operation))
    : [];
  return {
    accountId: account.accountId,
    startMs: Math.min(...phases.map((phase) => phase.startMs)),
    endMs: Math.max(...phases.map((phase) => phase.endMs)),
    calls: phases.reduce((sum, phase) => sum + phase.calls, 0),
    phases,
    criticalPath: { phase: critical?.name ?? '', operations },
  };
}
