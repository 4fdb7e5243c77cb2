import { Agent, createServer, request, type Server } from 'node:http';
import { freePort } from './moto.js';

export interface LatencyProxy {
  endpoint: string;
  requests: number;
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy that holds every request `latencyMs` before forwarding it to the emulator, so a
 * benchmark measures how well concurrency hides network latency (as against real AWS endpoints) rather
 * than how fast the emulator answers on loopback.
 */
export async function startLatencyProxy(target: string, latencyMs: number): Promise<LatencyProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const port = await freePort();
  const state = { requests: 0 };
  const server: Server = createServer((incoming, outgoing) => {
    state.requests++;
    incoming.pause();
    setTimeout(() => {
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
          agent,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      incoming.pipe(forward);
      incoming.resume();
    }, latencyMs);
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
