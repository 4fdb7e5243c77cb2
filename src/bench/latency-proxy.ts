import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { freePort } from './moto.js';

/** One request as the scanner sent it (signed bytes included), for replaying against the same endpoint. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What the proxy saw while recording: the requests, and the first arrival and last answer (performance.now). */
export interface Recording {
  /** The requests themselves, when recorded with their bodies (else empty). */
  requests: RecordedRequest[];
  /** How many requests passed while recording. */
  count: number;
  firstArrivalMs: number;
  lastAnswerMs: number;
  /** Per request, when it was forwarded to the emulator and when the emulator's answer ended (performance.now). */
  atEmulator: Array<[number, number]>;
}

export interface LatencyProxy {
  endpoint: string;
  requests: number;
  /**
   * Starts recording every request (and the time from the first arrival to the last answer). Without
   * `requests`, only their count and timings are kept: a large scan's requests would fill the bench's heap.
   */
  startRecording(options?: { requests?: boolean }): void;
  /** Stops recording and returns what was recorded. */
  stopRecording(): Recording;
  stop(): Promise<void>;
}

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and are not forwarded. moto answers every
 * request with `Connection: close`; passed on, it made the scanner (and the replay) open a new connection
 * for every call, which no AWS endpoint does.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * A loopback HTTP proxy that holds every request `latencyMs` (0: none) before forwarding it to the emulator,
 * so a benchmark measures how well concurrency hides network latency (as against real AWS endpoints) rather
 * than how fast the emulator answers on loopback. It can record the requests that pass, to replay them.
 */
export async function startLatencyProxy(target: string, latencyMs: number): Promise<LatencyProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const port = await freePort();
  const state = { requests: 0 };
  let recording: Recording | undefined;
  let keepRequests = true;
  const server: Server = createServer((incoming, outgoing) => {
    state.requests++;
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => {
      const body = Buffer.concat(chunks);
      const record = recording;
      if (record) {
        record.count++;
        if (keepRequests) record.requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', headers: incoming.headers, body });
        if (record.firstArrivalMs === 0) record.firstArrivalMs = arrived;
        outgoing.once('finish', () => (record.lastAnswerMs = Math.max(record.lastAnswerMs, performance.now())));
      }
      setTimeout(() => {
        const forwarded = performance.now();
        const forward = request(
          { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
          (answer) => {
            if (record) answer.once('end', () => record.atEmulator.push([forwarded, performance.now()]));
            outgoing.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
            answer.pipe(outgoing);
          },
        );
        forward.on('error', (error) => {
          outgoing.writeHead(502);
          outgoing.end(String(error));
        });
        forward.end(body);
      }, latencyMs);
    });
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    startRecording(options = {}) {
      keepRequests = options.requests ?? true;
      recording = { requests: [], count: 0, firstArrivalMs: 0, lastAnswerMs: 0, atEmulator: [] };
    },
    stopRecording() {
      const recorded = recording ?? { requests: [], count: 0, firstArrivalMs: 0, lastAnswerMs: 0, atEmulator: [] };
      recording = undefined;
      return recorded;
    },
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
