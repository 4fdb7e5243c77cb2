/**
 * Every network fault ends in bounded time as a named collection error (code, operation, host:port) and an
 * `error` result for the rules that needed the data — in-process, against the loopback fault server.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { planFor } from '../../../src/engine/plan.js';
import type { Inventory } from '../../../src/model/inventory.js';
import type { ResolvedPolicy } from '../../../src/policy/types.js';
import { builtinRules } from '../../../src/rules/index.js';
import type { AccountAccess } from '../../../src/aws/accounts.js';
import { collect } from '../../../src/scanners/collect.js';
import { s3Scanner } from '../../../src/scanners/s3.js';
import { DUMMY_CREDENTIALS } from '../../support/aws.js';
import { FAULTS, closedPort, startFaultServer } from '../../support/fault-server.js';

const RULES = builtinRules.filter((rule) => rule.id === 's3-bucket-versioning-enabled');
const POLICY: ResolvedPolicy = {
  name: 'test',
  source: 'test',
  digest: 'test',
  rules: new Map(RULES.map((rule) => [rule.id, { enabled: true, params: {} }])),
  customRules: [],
  exceptions: [],
};

function account(accountId: string, endpoint: string, timeouts: { connectTimeoutMs?: number; requestTimeoutMs?: number }): AccountAccess {
  const clients = new ClientFactory({ endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 2, meter: new ApiMeter(), ...timeouts });
  return { target: { accountId, regions: ['us-east-1'] }, clients };
}

async function collectFrom(accounts: AccountAccess[], accountTimeoutSeconds?: number): Promise<Inventory> {
  return collect({
    accounts,
    scanners: [s3Scanner],
    plan: planFor(RULES),
    meter: new ApiMeter(),
    ...(accountTimeoutSeconds ? { accountTimeoutSeconds } : {}),
  });
}

/** An S3 endpoint that answers ListBuckets with no bucket: an account that collects completely. */
let healthy: Server;
let healthyEndpoint: string;

beforeAll(async () => {
  healthy = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end('<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets></Buckets><Owner><ID>o</ID></Owner></ListAllMyBucketsResult>'),
    );
  });
  await new Promise<void>((done) => healthy.listen(0, '127.0.0.1', done));
  healthyEndpoint = `http://127.0.0.1:${(healthy.address() as { port: number }).port}`;
});

afterAll(() => {
  healthy.close();
});

describe('a network fault on a collection call', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['silent', 'Timeout', /no answer from 127\.0\.0\.1:\d+ within 0\.3 s \(--request-timeout\) \(2 attempts\)/],
    ['stall-body', 'Timeout', /127\.0\.0\.1:\d+ stopped sending for 0\.3 s \(--request-timeout\) \(2 attempts\)/],
    ['reset', 'ConnectionReset', /127\.0\.0\.1:\d+ reset the connection \(ECONNRESET\)/],
    ['partial-close', 'ConnectionReset', /127\.0\.0\.1:\d+ closed the connection before the answer was complete/],
    ['garbage', 'InvalidResponse', /127\.0\.0\.1:\d+ answered something that is not HTTP/],
  ];

  it.each(cases)('%s → %s with host:port and operation; the rule reports error', async (fault, code, message) => {
    expect(FAULTS).toContain(fault);
    const server = await startFaultServer({ fault: fault as (typeof FAULTS)[number] });
    try {
      const inventory = await collectFrom([account('111122223333', server.endpoint, { requestTimeoutMs: 300 })]);
      expect(inventory.errors).toEqual([
        expect.objectContaining({ accountId: '111122223333', service: 's3', operation: 'S3.ListBuckets', code, message: expect.stringMatching(message) }),
      ]);
      expect(inventory.errors[0]?.message).toContain(`127.0.0.1:${server.port}`);
      const evaluation = evaluate(inventory, { policies: [POLICY], rules: RULES });
      expect(evaluation.findings.length).toBeGreaterThan(0);
      expect(evaluation.findings.every((finding) => finding.status === 'error')).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('a closed port is ConnectionRefused', async () => {
    const port = await closedPort();
    const inventory = await collectFrom([account('111122223333', `http://127.0.0.1:${port}`, {})]);
    expect(inventory.errors).toEqual([
      expect.objectContaining({ code: 'ConnectionRefused', operation: 'S3.ListBuckets', message: `S3.ListBuckets: connection refused by 127.0.0.1:${port} (2 attempts)` }),
    ]);
  });

  it('TLS to a port that does not speak it is a TlsFailure', async () => {
    const server = await startFaultServer({ fault: 'garbage' });
    try {
      const inventory = await collectFrom([account('111122223333', `https://127.0.0.1:${server.port}`, {})]);
      expect(inventory.errors).toEqual([
        expect.objectContaining({ code: 'TlsFailure', message: expect.stringMatching(`TLS handshake with 127.0.0.1:${server.port} failed`) }),
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe('--account-timeout', () => {
  it('ends a stuck account at its deadline, names what did not finish, aborts its calls; other accounts complete', async () => {
    const server = await startFaultServer({ fault: 'silent' });
    try {
      // The request timeout (60 s) is far beyond the deadline: only the deadline can end this account.
      const stuck = account('111122223333', server.endpoint, { requestTimeoutMs: 60_000 });
      const fine = account('444455556666', healthyEndpoint, {});
      const inventory = await collectFrom([stuck, fine], 0.5);
      expect(inventory.errors).toEqual([
        {
          accountId: '111122223333',
          region: 'global',
          service: 's3',
          resourceTypes: s3Scanner.resourceTypes,
          code: 'AccountTimeout',
          operation: 's3.scan',
          message: '--account-timeout of 0.5 s passed before the s3 scan of account 111122223333 finished',
        },
      ]);
      expect(inventory.targets.map((target) => target.accountId)).toEqual(['111122223333', '444455556666']);
      // The stuck call was aborted: its connection is closed, nothing keeps the process waiting on it.
      await vi.waitFor(() => expect(server.openConnections).toBe(0), { timeout: 2_000 });
      const evaluation = evaluate(inventory, { policies: [POLICY], rules: RULES });
      const ofStuck = evaluation.findings.filter((finding) => finding.resource.accountId === '111122223333');
      expect(ofStuck.length).toBeGreaterThan(0);
      expect(ofStuck.every((finding) => finding.status === 'error')).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('names the connect step an account was stuck in', async () => {
    let aborted = false;
    const waiting: AccountAccess = {
      target: { accountId: '111122223333', regions: ['us-east-1'] },
      connect: (context) =>
        new Promise((_resolve, reject) => {
          context.step('STS.AssumeRole');
          context.signal.addEventListener('abort', () => {
            aborted = true;
            reject(context.signal.reason as Error);
          });
        }),
    };
    const inventory = await collectFrom([waiting], 0.2);
    expect(inventory.errors).toEqual([
      expect.objectContaining({
        region: '*',
        service: 'account',
        resourceTypes: ['*'],
        code: 'AccountTimeout',
        operation: 'STS.AssumeRole',
        message: '--account-timeout of 0.2 s passed while account 111122223333 was still waiting on STS.AssumeRole: nothing in it was collected',
      }),
    ]);
    expect(aborted).toBe(true);
  });
});

describe('an endpoint that stops answering after the list call', () => {
  it('is not sent every per-resource call: after a few failed attempts the rest fail at once with the named cause', async () => {
    const buckets = Array.from({ length: 60 }, (_, index) => `bucket-${index}`);
    let stalled = 0;
    const sockets = new Set<Socket>();
    const s3 = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/' || request.url?.startsWith('/?')) {
          const list = buckets.map((name) => `<Bucket><Name>${name}</Name><BucketRegion>us-east-1</BucketRegion></Bucket>`).join('');
          response.writeHead(200, { 'content-type': 'application/xml' }).end(`<ListAllMyBucketsResult><Buckets>${list}</Buckets></ListAllMyBucketsResult>`);
        } else {
          stalled++; // every per-bucket read: never answered
        }
      });
    });
    s3.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((done) => s3.listen(0, '127.0.0.1', done));
    try {
      const endpoint = `http://127.0.0.1:${(s3.address() as { port: number }).port}`;
      const inventory = await collectFrom([account('111122223333', endpoint, { requestTimeoutMs: 300 })]);
      const buckets = inventory.resources.filter((resource) => resource.type === 'aws.s3.bucket');
      expect(buckets).toHaveLength(60);
      for (const bucket of buckets) {
        expect(bucket.errors.versioning).toMatchObject({ code: 'Timeout', operation: 'S3.GetBucketVersioning' });
      }
      const fastFailed = buckets.filter((bucket) =>
        /^S3\.GetBucketVersioning: no answer from 127\.0\.0\.1:\d+ within 0\.3 s \(--request-timeout\); last attempt not sent: 127\.0\.0\.1:\d+ timed out \d+ times in a row/.test(
          bucket.errors.versioning?.message ?? '',
        ),
      );
      expect(fastFailed.length).toBeGreaterThan(40);
      // 60 reads × 2 attempts would be 120 requests; the first concurrent wave (8) and probes are all it gets.
      expect(stalled).toBeLessThan(20);
    } finally {
      for (const socket of sockets) socket.destroy();
      s3.close();
    }
  });
});
