import type { CollectionTimings } from '../model/timings.js';

/** The bench line's view of a scan's timings: services, the busiest operations, and what set the accounts' wall time. */
export interface TimingsSummary {
  collectionMs: number;
  calls: number;
  callsPerSecond: number;
  maxConcurrency: number;
  eventLoopUtilization: number;
  services: Record<string, { calls: number; wallMs: number; busyMs: number; maxConcurrency: number; rateLimitWaitMs?: number }>;
  /** The ten operations with the most time in flight. */
  busiestOperations: Array<{ operation: string; calls: number; busyMs: number; p50Ms: number; p95Ms: number; maxConcurrency: number }>;
  accounts: {
    count: number;
    wallMsP50: number;
    wallMsMax: number;
    /** How many accounts each phase was the critical path of (`IAM global`: 10). */
    criticalPhases: Record<string, number>;
    /** The account that took longest: its phases, and the operations of its critical phase. */
    slowest?: { accountId: string; wallMs: number; phases: Record<string, string>; criticalPath: string[] };
  };
}

export function summariseTimings(timings: CollectionTimings): TimingsSummary {
  const walls = timings.accounts.map((account) => account.endMs - account.startMs).sort((a, b) => a - b);
  const criticalPhases: Record<string, number> = {};
  for (const account of timings.accounts) criticalPhases[account.criticalPath.phase] = (criticalPhases[account.criticalPath.phase] ?? 0) + 1;
  const slowest = [...timings.accounts].sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs))[0];
  const ms = (n: number): number => Math.round(n);
  return {
    collectionMs: ms(timings.wallMs),
    calls: timings.calls,
    callsPerSecond: timings.callsPerSecond,
    maxConcurrency: timings.maxConcurrency,
    eventLoopUtilization: timings.eventLoopUtilization,
    services: Object.fromEntries(
      Object.entries(timings.services).map(([service, span]) => [
        service,
        {
          calls: span.calls,
          wallMs: ms(span.endMs - span.startMs),
          busyMs: ms(span.busyMs),
          maxConcurrency: span.maxConcurrency,
          ...(span.rateLimitWaitMs ? { rateLimitWaitMs: ms(span.rateLimitWaitMs) } : {}),
        },
      ]),
    ),
    busiestOperations: Object.entries(timings.operations)
      .sort(([, a], [, b]) => b.busyMs - a.busyMs)
      .slice(0, 10)
      .map(([operation, span]) => ({
        operation,
        calls: span.calls,
        busyMs: ms(span.busyMs),
        p50Ms: span.latencyMs.p50,
        p95Ms: span.latencyMs.p95,
        maxConcurrency: span.maxConcurrency,
      })),
    accounts: {
      count: timings.accounts.length,
      wallMsP50: ms(walls[Math.floor((walls.length - 1) / 2)] ?? 0),
      wallMsMax: ms(walls.at(-1) ?? 0),
      criticalPhases,
      ...(slowest
        ? {
            slowest: {
              accountId: slowest.accountId,
              wallMs: ms(slowest.endMs - slowest.startMs),
              // `IAM global`: "120→2400 ms, 62 calls, busy 2100 ms, ≤8 in flight"
              phases: Object.fromEntries(
                slowest.phases.map((phase) => [
                  phase.name,
                  `${ms(phase.startMs - slowest.startMs)}→${ms(phase.endMs - slowest.startMs)} ms, ${phase.calls} calls, busy ${ms(phase.busyMs)} ms, ≤${phase.maxConcurrency} in flight`,
                ]),
              ),
              criticalPath: slowest.criticalPath.operations.map(
                (step) =>
                  `${step.operation} ×${step.calls} ${ms(step.startMs - slowest.startMs)}→${ms(step.endMs - slowest.startMs)} ms (busy ${ms(step.busyMs)}, ≤${step.maxConcurrency})`,
              ),
            },
          }
        : {}),
    },
  };
}
