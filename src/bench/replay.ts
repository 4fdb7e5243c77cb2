import { Worker } from 'node:worker_threads';
import type { RecordedRequest } from './latency-proxy.js';

export interface ReplayResult {
  requests: number;
  seconds: number;
  callsPerSecond: number;
  /** Answers by HTTP status (5xx or 0 would mean the replay measured failures, not capacity). */
  statuses: Record<string, number>;
}

/**
 * Sends the recorded requests again, `concurrency` at a time, to `endpoint`, and measures calls per second:
 * the emulator's own capacity for the scan's call mix. The client runs on a worker thread, as the scanner
 * ran in its own process, so the bench's proxy does not share a thread with it.
 */
export function replay(requests: RecordedRequest[], endpoint: string, concurrency: number): Promise<ReplayResult> {
  return new Promise((done, reject) => {
    const worker = new Worker(new URL('./replay-worker.js', import.meta.url), { workerData: { requests, endpoint, concurrency } });
    worker.once('message', (result: ReplayResult) => done(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`replay worker exited with ${code}`));
    });
  });
}
