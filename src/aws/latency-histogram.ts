import type { LatencySummary } from '../model/timings.js';

/** Bucket bounds grow by this ratio: a percentile read from a bucket is within 5 % of the exact value. */
const RATIO = 1.1;
const LOG_RATIO = Math.log(RATIO);
/** Latencies at or below this (ms) share the first bucket. */
const FLOOR_MS = 0.05;

/**
 * Latencies in logarithmic buckets: memory grows with the spread of latencies (a few dozen buckets), not
 * with the number of calls, so a scan of 100,000 calls keeps the same few hundred bytes per operation.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private count = 0;
  private max = 0;
  private min = Infinity;

  record(ms: number): void {
    const index = ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / LOG_RATIO);
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
    if (ms < this.min) this.min = ms;
  }

  /** Latencies recorded. */
  get size(): number {
    return this.count;
  }

  /** Buckets in use: what the histogram's memory grows with. */
  get buckets(): number {
    return this.counts.size;
  }

  /** The `q` quantile (0–1): the middle of the bucket holding it, kept within the observed min and max. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const index of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(index) ?? 0;
      if (seen >= rank) {
        // Bucket `index` holds (FLOOR·RATIO^(index-1), FLOOR·RATIO^index]: its geometric middle is within 5 %.
        const middle = FLOOR_MS * RATIO ** (index - 0.5);
        return Math.min(this.max, Math.max(this.min, middle));
      }
    }
    return this.max;
  }

  summary(): LatencySummary {
    return { p50: round(this.quantile(0.5)), p95: round(this.quantile(0.95)), max: round(this.max) };
  }
}

/** Milliseconds to 0.1 ms. */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
