import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLatencyProxy, type LatencyProxy } from '../../../src/bench/latency-proxy.js';

/** An upstream that, like moto's server, closes every connection after its answer. */
async function closingUpstream(): Promise<Server> {
  const server = createServer((_, answer) => {
    answer.writeHead(200, { Connection: 'close', 'Content-Type': 'text/plain', 'X-Upstream': 'yes' });
    answer.end('ok');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

function get(endpoint: string, agent: Agent): Promise<{ headers: Record<string, unknown>; localPort: number }> {
  return new Promise((done, reject) => {
    const url = new URL(endpoint);
    const outgoing = request({ host: url.hostname, port: url.port, path: '/', agent }, (answer) => {
      const localPort = answer.socket.localPort ?? 0;
      answer.resume();
      answer.once('end', () => done({ headers: answer.headers, localPort }));
    });
    outgoing.once('error', reject);
    outgoing.end();
  });
}

describe('latency proxy', () => {
  let upstream: Server | undefined;
  let proxy: LatencyProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    await new Promise((done) => upstream?.close(done));
  });

  it('does not pass on the emulator\'s Connection: close: the client keeps its connection, as with AWS', async () => {
    upstream = await closingUpstream();
    proxy = await startLatencyProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, 0);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(proxy.endpoint, agent);
    const second = await get(proxy.endpoint, agent);
    agent.destroy();
    expect(first.headers['x-upstream']).toBe('yes');
    expect(first.headers.connection).toBe('keep-alive');
    expect(second.localPort).toBe(first.localPort);
  });

  it('counts and times the requests without keeping them when asked not to (a large scan would fill the heap)', async () => {
    upstream = await closingUpstream();
    proxy = await startLatencyProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, 0);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    proxy.startRecording({ requests: false });
    await get(proxy.endpoint, agent);
    await get(proxy.endpoint, agent);
    const counted = proxy.stopRecording();
    proxy.startRecording();
    await get(proxy.endpoint, agent);
    const kept = proxy.stopRecording();
    agent.destroy();
    expect(counted.count).toBe(2);
    expect(counted.requests).toHaveLength(0);
    expect(counted.atEmulator).toHaveLength(2);
    expect(counted.lastAnswerMs).toBeGreaterThanOrEqual(counted.firstArrivalMs);
    expect(kept.count).toBe(1);
    expect(kept.requests).toHaveLength(1);
  });
});
