// Worker thread of replay.ts: replays recorded requests at a fixed concurrency and posts the measurement.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReplayResult } from './replay.js';

interface Job {
  requests: Array<{ method: string; path: string; headers: IncomingHttpHeaders; body: Uint8Array }>;
  endpoint: string;
  concurrency: number;
}

const job = workerData as Job;
const target = new URL(job.endpoint);
const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
const statuses: Record<string, number> = {};

function send(recorded: Job['requests'][number]): Promise<void> {
  const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = recorded.headers;
  return new Promise((done) => {
    const outgoing = request({ host: target.hostname, port: target.port, method: recorded.method, path: recorded.path, headers, agent }, (answer) => {
      answer.resume();
      answer.once('end', () => {
        const status = String(answer.statusCode ?? 0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        done();
      });
    });
    outgoing.once('error', () => {
      statuses['0'] = (statuses['0'] ?? 0) + 1;
      done();
    });
    outgoing.end(recorded.body);
  });
}

let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(job.concurrency, job.requests.length) }, async () => {
    while (next < job.requests.length) {
      const recorded = job.requests[next++] as Job['requests'][number];
      await send(recorded);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
const result: ReplayResult = {
  requests: job.requests.length,
  seconds: Number(seconds.toFixed(3)),
  callsPerSecond: seconds > 0 ? Number((job.requests.length / seconds).toFixed(1)) : 0,
  statuses,
};
parentPort?.postMessage(result);
