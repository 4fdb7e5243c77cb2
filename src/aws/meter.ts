import type { CollectionTimings } from '../model/timings.js';
import { CallTimings, type CallEnd } from './call-timings.js';

/**
 * Counts API calls and throttling retries per `Service.Operation`, across all clients of a scan, and times
 * them (always: a few counters per call; the report shows them with `--timings`).
 */
export class ApiMeter {
  readonly calls: Record<string, number> = {};
  readonly throttles: Record<string, number> = {};
  private readonly timing = new CallTimings();
  /** Listeners for live progress displays. */
  private readonly listeners: Array<(event: 'call' | 'throttle', operation: string) => void> = [];

  recordCall(operation: string): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    for (const listener of this.listeners) listener('call', operation);
  }

  recordThrottle(operation: string): void {
    this.throttles[operation] = (this.throttles[operation] ?? 0) + 1;
    for (const listener of this.listeners) listener('throttle', operation);
  }

  /** A call starts (after `recordCall`); the returned function marks its end. */
  callStarted(operation: string): CallEnd {
    return this.timing.callStarted(operation);
  }

  /** One attempt (request and answer) of `operation` took `ms`. */
  recordAttempt(operation: string, ms: number): void {
    this.timing.recordAttempt(operation, ms);
  }

  /** A request of `service` waited `ms` on the client-side rate limit. */
  recordRateLimitWait(service: string, ms: number): void {
    this.timing.recordRateLimitWait(service, ms);
  }

  /** Runs `work` as phase `name` (connect, or a scanner in a region) of an account, for the timings. */
  phase<T>(accountId: string, name: string, work: () => Promise<T>): Promise<T> {
    return this.timing.phase(accountId, name, work);
  }

  /** Where the calls so far spent their time. */
  timings(): CollectionTimings {
    return this.timing.snapshot();
  }

  onEvent(listener: (event: 'call' | 'throttle', operation: string) => void): void {
    this.listeners.push(listener);
  }

  get totalCalls(): number {
    return Object.values(this.calls).reduce((sum, n) => sum + n, 0);
  }

  get totalThrottles(): number {
    return Object.values(this.throttles).reduce((sum, n) => sum + n, 0);
  }
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

export function isThrottlingError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    THROTTLING_CODES.has(record.name ?? '') ||
    THROTTLING_CODES.has(record.Code ?? '') ||
    record.$metadata?.httpStatusCode === 429
  );
}
