import { startMotoServer } from '../../src/bench/moto.js';

export interface MotoServer {
  endpoint: string;
  port: number;
  /** Drops every resource (and IAM enforcement state). */
  reset(): Promise<void>;
  /** From now on, requests are authorised against the caller's IAM policies (after `count` free requests). */
  enforceIam(count?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a moto server of its own on 127.0.0.1 and a free port (one per test file: no shared state). */
export async function startMoto(env: Record<string, string> = {}): Promise<MotoServer> {
  const server = await startMotoServer(env);
  const endpoint = server.endpoint;
  const port = Number(new URL(endpoint).port);
  return {
    endpoint,
    port,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async enforceIam(count = 0) {
      await fetch(`${endpoint}/moto-api/reset-auth`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: String(count),
      });
    },
    stop: () => server.stop(),
  };
}
