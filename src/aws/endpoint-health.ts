/**
 * Stops hammering an endpoint that has stopped answering. Without this, a service that stalls after its
 * list call (1,000 buckets, then S3 stops answering) costs every per-resource call its full retries and
 * timeouts: hours, with the default timeouts. After `threshold` timed-out attempts in a row on one host, the
 * next attempts to it fail at once with the same named cause, for a cool-down; then one attempt goes through
 * again as a probe, and any answer from the host (even an AWS error) makes it healthy again.
 */
import { httpStatus } from './errors.js';
import { EndpointDownError, classifyNetworkError, type AttemptContext, type NetworkProblem } from './network-errors.js';

export { EndpointDownError };

interface HostState {
  failures: number;
  lastProblem?: NetworkProblem;
  /** Until when attempts fail without being sent (ms since epoch). */
  downUntil: number;
}

export class EndpointHealth {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly threshold: number,
    private readonly coolDownMs: number,
  ) {}

  /** Throws EndpointDownError while `endpoint` is cooling down. */
  check(endpoint: string): void {
    const state = this.hosts.get(endpoint);
    if (!state?.lastProblem || state.failures < this.threshold) return;
    if (Date.now() < state.downUntil) throw new EndpointDownError(endpoint, state.lastProblem, state.failures);
    // Cool-down over: this attempt is the probe; until it ends, the others keep failing fast.
    state.downUntil = Date.now() + this.coolDownMs;
  }

  /** Records an attempt's outcome: an answer heals the host, a timeout counts against it. */
  record(attempt: AttemptContext, error?: unknown): void {
    if (error instanceof EndpointDownError) return;
    const endpoint = attempt.endpoint;
    const problem = error === undefined ? undefined : classifyNetworkError(error, attempt);
    if (problem) {
      // Only timeouts cost time; fast failures (refused, reset — also the stale keep-alive sockets a busy
      // host closes in batches) are left to the retries, and must not cut off a healthy host.
      if (problem.code !== 'Timeout') return;
      const state = this.hosts.get(endpoint) ?? { failures: 0, downUntil: 0 };
      state.failures++;
      state.lastProblem = problem;
      if (state.failures >= this.threshold) state.downUntil = Date.now() + this.coolDownMs;
      this.hosts.set(endpoint, state);
      return;
    }
    // Any HTTP answer (an AWS error included) shows the host is there; an abort or a local error says nothing.
    if (error === undefined || httpStatus(error) !== undefined) this.hosts.delete(endpoint);
  }
}
