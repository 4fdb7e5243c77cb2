/**
 * Where collection spent its time (`--timings`): per service and operation, and per account the phase that
 * set the account's wall time. Times are milliseconds since the scan's first metered event (the first call or
 * the first account phase started).
 */
export interface CollectionTimings {
  /** The first call's start to the last call's end. */
  wallMs: number;
  calls: number;
  /** HTTP requests sent: calls plus their retries. */
  attempts: number;
  /** Calls per second over `wallMs`. */
  callsPerSecond: number;
  /** Most calls in flight at once, all accounts and services together. */
  maxConcurrency: number;
  /**
   * Share of the time since the first call that the scanner's own event loop was busy (0–1). Near 1, the
   * scanner's CPU (or its share of a busy machine), not the API, set the pace.
   */
  eventLoopUtilization: number;
  services: Record<string, ServiceTiming>;
  operations: Record<string, OperationTiming>;
  /** Accounts in the order they started. */
  accounts: AccountTiming[];
}

/** A set of calls: how many, when the first started and the last ended, how busy and how parallel. */
export interface CallSpan {
  calls: number;
  startMs: number;
  endMs: number;
  /** Time with at least one of these calls in flight; `endMs - startMs - busyMs` is time spent waiting on nothing. */
  busyMs: number;
  /** Most of these calls in flight at once. */
  maxConcurrency: number;
}

export interface ServiceTiming extends CallSpan {
  /** Time requests waited on the client-side rate limit (`--rate-limit`), summed over requests. */
  rateLimitWaitMs?: number;
}

export interface OperationTiming extends CallSpan {
  attempts: number;
  /** Latency of one attempt (a request and its answer): client-side waits and retry back-off excluded. */
  latencyMs: LatencySummary;
}

/** Percentiles from a log-bucketed histogram: each within 5 % of the exact value. */
export interface LatencySummary {
  p50: number;
  p95: number;
  max: number;
}

/** A phase of an account: `connect` (assuming its role) or one scanner in one region (`IAM global`, `EC2 us-east-1`). */
export interface PhaseTiming extends CallSpan {
  name: string;
}

export interface AccountTiming {
  accountId: string;
  /** The account's first phase start to its last phase end. */
  startMs: number;
  endMs: number;
  calls: number;
  /** In the order they started. */
  phases: PhaseTiming[];
  /** The phase that ended last (it set the account's wall time), with its operations in the order they started. */
  criticalPath: { phase: string; operations: Array<CallSpan & { operation: string }> };
}
