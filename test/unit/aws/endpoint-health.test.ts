import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointDownError, EndpointHealth } from '../../../src/aws/endpoint-health.js';

const HOST = '127.0.0.1:4566';
const ATTEMPT = { endpoint: HOST, requestTimeoutMs: 1000 };
const timeout = (): Error => Object.assign(new Error('a request has exceeded the configured 1000 ms requestTimeout.'), { name: 'TimeoutError' });
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const denied = (): Error => Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
const aborted = (): Error => Object.assign(new Error('Request aborted'), { name: 'AbortError' });

afterEach(() => {
  vi.useRealTimers();
});

describe('EndpointHealth', () => {
  it('lets attempts through until `threshold` timeouts in a row, then fails them at once with the cause', () => {
    const health = new EndpointHealth(3, 10_000);
    health.record(ATTEMPT, timeout());
    health.record(ATTEMPT, timeout());
    expect(() => health.check(HOST)).not.toThrow();
    health.record(ATTEMPT, timeout());
    expect(() => health.check(HOST)).toThrow(EndpointDownError);
    try {
      health.check(HOST);
    } catch (error) {
      expect((error as EndpointDownError).problem.code).toBe('Timeout');
      expect((error as EndpointDownError).failures).toBe(3);
    }
    expect(() => health.check('127.0.0.1:9999')).not.toThrow();
  });

  it('fast failures (refused, reset) never cut a host off: the retries handle them', () => {
    const health = new EndpointHealth(2, 10_000);
    for (let i = 0; i < 5; i++) health.record(ATTEMPT, refused());
    health.record(ATTEMPT, Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expect(() => health.check(HOST)).not.toThrow();
  });

  it('sends one probe after the cool-down; an answer (even an AWS error) heals the host', () => {
    vi.useFakeTimers();
    const health = new EndpointHealth(2, 10_000);
    health.record(ATTEMPT, timeout());
    health.record(ATTEMPT, timeout());
    expect(() => health.check(HOST)).toThrow(EndpointDownError);
    vi.advanceTimersByTime(10_001);
    expect(() => health.check(HOST)).not.toThrow(); // the probe
    expect(() => health.check(HOST)).toThrow(EndpointDownError); // the others, while the probe is out
    health.record(ATTEMPT, denied());
    expect(() => health.check(HOST)).not.toThrow();
  });

  it('a failed probe keeps the host down for another cool-down', () => {
    vi.useFakeTimers();
    const health = new EndpointHealth(2, 10_000);
    health.record(ATTEMPT, timeout());
    health.record(ATTEMPT, timeout());
    vi.advanceTimersByTime(10_001);
    health.check(HOST);
    health.record(ATTEMPT, timeout());
    expect(() => health.check(HOST)).toThrow(EndpointDownError);
  });

  it('an abort (the account deadline) neither counts against the host nor heals it; a success resets the count', () => {
    const health = new EndpointHealth(2, 10_000);
    health.record(ATTEMPT, timeout());
    health.record(ATTEMPT, aborted());
    health.record(ATTEMPT);
    health.record(ATTEMPT, timeout());
    expect(() => health.check(HOST)).not.toThrow();
    health.record(ATTEMPT, aborted());
    health.record(ATTEMPT, timeout());
    expect(() => health.check(HOST)).toThrow(EndpointDownError);
  });
});
