import { describe, expect, it } from 'vitest';
import { ApiMeter } from '../../../src/aws/meter.js';
import { createProgress } from '../../../src/cli/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, text: '', write(chunk: string) { stream.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

const target = (accountId: string) => ({ accountId, regions: ['us-east-1'] });

describe('collection progress', () => {
  it('in CI (not a TTY): rate-limited plain lines, unreachable accounts as they happen, one final line', () => {
    const stream = fakeStream(false);
    const meter = new ApiMeter();
    const progress = createProgress({ accounts: 4, meter, stream, logIntervalMs: 60_000 });
    for (let i = 0; i < 4; i++) {
      progress.accountStarted?.(target(`11111111111${i}`));
      meter.recordCall('S3.ListBuckets');
    }
    meter.recordThrottle('S3.ListBuckets');
    progress.accountDone(target('111111111110'), 10, 0); // first line: interval not yet started
    progress.accountDone(target('111111111111'), 5, 0); // within the interval: silent
    progress.accountDone(target('111111111112'), 0, 1); // unreachable: always said
    progress.accountDone(target('111111111113'), 7, 0);
    progress.finish();
    const lines = stream.text.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^accounts 1\/4 \(3 running\) · resources 10 · API calls 4 · throttled 1 · errors 0 · \d+s$/),
      'account 111111111112: 1 scan error(s), nothing collected',
      expect.stringMatching(/^accounts 4\/4 · resources 22 · API calls 4 · throttled 1 · errors 1 \(1 account\(s\) unreachable\) · \d+s$/),
    ]);
    expect(stream.text).not.toContain('\r');
  });

  it('on a TTY: redraws one line in place and ends it', () => {
    const stream = fakeStream(true);
    const progress = createProgress({ accounts: 1, meter: new ApiMeter(), stream });
    progress.accountStarted?.(target('111111111111'));
    progress.accountDone(target('111111111111'), 3, 0);
    progress.finish();
    const clearLine = `\r${String.fromCharCode(27)}[2K`;
    expect(stream.text.startsWith(`${clearLine}accounts 1/1 · resources 3 `)).toBe(true);
    expect(stream.text.endsWith('\n')).toBe(true);
  });

  it('--quiet, and single-account runs outside a terminal, print nothing', () => {
    for (const [quiet, isTTY, accounts] of [[true, true, 5], [false, false, 1]] as const) {
      const stream = fakeStream(isTTY);
      const progress = createProgress({ accounts, meter: new ApiMeter(), stream, quiet });
      progress.accountStarted?.(target('111111111111'));
      progress.accountDone(target('111111111111'), 0, 1);
      progress.finish();
      expect(stream.text).toBe('');
    }
  });
});
