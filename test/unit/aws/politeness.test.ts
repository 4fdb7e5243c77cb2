import { createServer, type Server } from 'node:http';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import { RateLimiter } from '../../../src/aws/rate-limit.js';

const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::111122223333:user/scanner</Arn><UserId>AIDA</UserId><Account>111122223333</Account>
</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const THROTTLED = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>
<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>2</RequestId></ErrorResponse>`;

/** An STS endpoint that throttles the first `throttleFirst` requests, then answers; it logs arrival times. */
let server: Server;
let endpoint: string;
const arrivals: number[] = [];
let throttleLeft = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.push(Date.now());
      if (throttleLeft > 0) {
        throttleLeft--;
        response.writeHead(400, { 'content-type': 'text/xml' }).end(THROTTLED);
      } else {
        response.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY);
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => {
  server.close();
});

const factory = (meter: ApiMeter, ratePerSecond?: number): ClientFactory =>
  new ClientFactory({
    endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 4,
    meter,
    ...(ratePerSecond ? { ratePerSecond } : {}),
  });

describe('politeness toward the accounts\' API quotas', () => {
  it('counts throttling retries per operation, and the call once', async () => {
    const meter = new ApiMeter();
    throttleLeft = 2;
    arrivals.length = 0;
    await factory(meter).client('STS', 'us-east-1').send(new GetCallerIdentityCommand({}));
    expect(arrivals).toHaveLength(3);
    expect(meter.calls).toEqual({ 'STS.GetCallerIdentity': 1 });
    expect(meter.throttles).toEqual({ 'STS.GetCallerIdentity': 2 });
  });

  it('--rate-limit spaces the requests of one account and service (attempts included)', async () => {
    const meter = new ApiMeter();
    throttleLeft = 0;
    arrivals.length = 0;
    const sts = factory(meter, 20).client('STS', 'us-east-1');
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => sts.send(new GetCallerIdentityCommand({}))));
    // A burst of 20, then 20 per second: the last 10 need about half a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(meter.calls['STS.GetCallerIdentity']).toBe(30);
  });

  it('each account has its own bucket: one account\'s scan does not slow another\'s', async () => {
    const meter = new ApiMeter();
    arrivals.length = 0;
    const accounts = [factory(meter, 20), factory(meter, 20)];
    const started = Date.now();
    await Promise.all(accounts.flatMap((account) => Array.from({ length: 20 }, () => account.client('STS', 'us-east-1').send(new GetCallerIdentityCommand({})))));
    // 40 calls through one shared bucket would take ≥ 1 s (a burst of 20, then 20 at 20/s); two buckets: one burst each.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('the token bucket serves requests in arrival order at the configured rate', async () => {
    const limiter = new RateLimiter(50, 1);
    const started = Date.now();
    for (let i = 0; i < 11; i++) await limiter.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });
});
