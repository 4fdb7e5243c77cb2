import { createServer, type Server } from 'node:http';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallTimings } from '../../../src/aws/call-timings.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { LatencyHistogram } from '../../../src/aws/latency-histogram.js';
import { ApiMeter } from '../../../src/aws/meter.js';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; at: (ms: number) => void } {
  let time = 1000;
  return { now: () => time, at: (ms) => void (time = 1000 + ms) };
}

describe('call timings', () => {
  it('per operation and service: calls, first start to last end, busy time, most in flight', () => {
    const clock = manualClock();
    const timings = new CallTimings(clock.now);
    clock.at(0);
    const a = timings.callStarted('S3.ListBuckets');
    clock.at(10);
    const b = timings.callStarted('S3.GetBucketPolicy');
    const c = timings.callStarted('S3.GetBucketPolicy');
    clock.at(30);
    b();
    clock.at(40);
    c();
    a();
    // 60 ms with nothing in flight, then one more call: busy time leaves the gap out.
    clock.at(100);
    const d = timings.callStarted('S3.GetBucketPolicy');
    clock.at(120);
    d();
    const snapshot = timings.snapshot();
    expect(snapshot.operations['S3.GetBucketPolicy']).toMatchObject({ calls: 3, startMs: 10, endMs: 120, busyMs: 50, maxConcurrency: 2 });
    expect(snapshot.operations['S3.ListBuckets']).toMatchObject({ calls: 1, startMs: 0, endMs: 40, busyMs: 40, maxConcurrency: 1 });
    expect(snapshot.services.S3).toMatchObject({ calls: 4, startMs: 0, endMs: 120, busyMs: 60, maxConcurrency: 3 });
    expect(snapshot).toMatchObject({ wallMs: 120, calls: 4, maxConcurrency: 3, callsPerSecond: 33.3 });
  });

  it('latency percentiles per attempt, retries counted as attempts', () => {
    const timings = new CallTimings();
    for (let i = 1; i <= 100; i++) timings.recordAttempt('IAM.GetRole', i);
    const operation = timings.snapshot().operations['IAM.GetRole'];
    expect(operation?.attempts).toBe(100);
    expect(operation?.latencyMs.max).toBe(100);
    expect(operation?.latencyMs.p50).toBeGreaterThanOrEqual(50 * 0.95);
    expect(operation?.latencyMs.p50).toBeLessThanOrEqual(50 * 1.05);
    expect(operation?.latencyMs.p95).toBeGreaterThanOrEqual(95 * 0.95);
    expect(operation?.latencyMs.p95).toBeLessThanOrEqual(95 * 1.05);
  });

  it('names the phase that ended last as the account\'s critical path, with its operations in order', async () => {
    const clock = manualClock();
    const timings = new CallTimings(clock.now);
    const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    clock.at(0);
    const connect = timings.phase('111122223333', 'connect', async () => {
      const end = timings.callStarted('STS.AssumeRole');
      await pause();
      clock.at(5);
      end();
    });
    await connect;
    let releaseIam: () => void = () => undefined;
    const iam = timings.phase('111122223333', 'IAM global', async () => {
      const list = timings.callStarted('IAM.ListRoles');
      await new Promise<void>((resolve) => (releaseIam = resolve));
      list();
      const report = timings.callStarted('IAM.GetCredentialReport');
      clock.at(90);
      report();
    });
    const s3 = timings.phase('111122223333', 'S3 global', async () => {
      const end = timings.callStarted('S3.ListBuckets');
      await pause();
      clock.at(20);
      end();
    });
    await s3;
    clock.at(40);
    releaseIam();
    await iam;
    // A call outside any phase (organization discovery) counts for its operation, not for an account.
    timings.callStarted('Organizations.ListAccounts')();
    const [account, ...others] = timings.snapshot().accounts;
    expect(others).toHaveLength(0);
    expect(account).toMatchObject({ accountId: '111122223333', startMs: 0, endMs: 90, calls: 4 });
    expect(account?.phases.map((phase) => [phase.name, phase.startMs, phase.endMs, phase.calls])).toEqual([
      ['connect', 0, 5, 1],
      ['IAM global', 5, 90, 2],
      ['S3 global', 5, 20, 1],
    ]);
    expect(account?.criticalPath.phase).toBe('IAM global');
    expect(account?.criticalPath.operations.map((operation) => [operation.operation, operation.startMs, operation.endMs])).toEqual([
      ['IAM.ListRoles', 5, 40],
      ['IAM.GetCredentialReport', 40, 90],
    ]);
  });

  it('a histogram of 100,000 latencies keeps every percentile within 5 % in a few dozen buckets', () => {
    const histogram = new LatencyHistogram();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 100_000; i++) {
      seed = (seed * 48271) % 2147483647;
      const ms = 2 + (seed / 2147483647) ** 3 * 500; // skewed: most fast, a long tail
      values.push(ms);
      histogram.record(ms);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1] as number;
      expect(Math.abs(histogram.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.05);
    }
    expect(histogram.size).toBe(100_000);
    expect(histogram.buckets).toBeLessThan(100);
  });
});

/** An STS endpoint that answers after `delayMs`, throttling the first `throttleLeft` requests. */
let server: Server;
let endpoint: string;
let throttleLeft = 0;
const delayMs = 20;
const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::111122223333:user/scanner</Arn><UserId>AIDA</UserId><Account>111122223333</Account>
</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const THROTTLED = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>
<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>2</RequestId></ErrorResponse>`;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      setTimeout(() => {
        if (throttleLeft > 0) {
          throttleLeft--;
          response.writeHead(400, { 'content-type': 'text/xml' }).end(THROTTLED);
        } else {
          response.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY);
        }
      }, delayMs),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => {
  server.close();
});

describe('the API meter times calls made through the SDK clients', () => {
  const factory = (meter: ApiMeter, ratePerSecond?: number): ClientFactory =>
    new ClientFactory({
      endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 3,
      meter,
      ...(ratePerSecond ? { ratePerSecond } : {}),
    });

  it('records each attempt\'s latency and the calls in flight at once', async () => {
    const meter = new ApiMeter();
    const sts = factory(meter).client('STS', 'us-east-1');
    await Promise.all(Array.from({ length: 4 }, () => meter.phase('111122223333', 'STS global', () => sts.send(new GetCallerIdentityCommand({})))));
    const timings = meter.timings();
    const operation = timings.operations['STS.GetCallerIdentity'];
    expect(operation).toMatchObject({ calls: 4, attempts: 4, maxConcurrency: 4 });
    expect(operation?.latencyMs.p50).toBeGreaterThanOrEqual(delayMs * 0.95);
    expect(operation?.latencyMs.max).toBeLessThan(1000);
    expect(timings.accounts[0]?.phases).toHaveLength(4);
    expect(timings.accounts[0]?.calls).toBe(4);
  });

  it('counts a throttled retry as an attempt, not a call, and sums the time spent on the rate limit', async () => {
    const meter = new ApiMeter();
    throttleLeft = 1;
    await factory(meter).client('STS', 'us-east-1').send(new GetCallerIdentityCommand({}));
    expect(meter.timings().operations['STS.GetCallerIdentity']).toMatchObject({ calls: 1, attempts: 2 });

    const limited = new ApiMeter();
    const sts = factory(limited, 10).client('STS', 'us-east-1');
    await Promise.all(Array.from({ length: 12 }, () => sts.send(new GetCallerIdentityCommand({}))));
    // A burst of 10, then 10 per second: the last two waited about 100 and 200 ms.
    expect(limited.timings().services.STS?.rateLimitWaitMs).toBeGreaterThanOrEqual(250);
  });
});
