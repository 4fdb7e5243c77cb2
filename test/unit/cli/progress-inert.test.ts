import { expect, it } from 'vitest';
import { ApiMeter } from '../../../src/aws/meter.js';
import { createProgress } from '../../../src/cli/progress.js';
import { hasControlCharacters } from '../../../src/text/inert.js';

it('progress lines show account names (from Organizations or an accounts file) inert', () => {
  const stream = { isTTY: false, text: '', write(chunk: string) { stream.text += chunk; return true; } };
  const progress = createProgress({ accounts: 2, meter: new ApiMeter(), stream: stream as unknown as NodeJS.WriteStream });
  const target = { accountId: '111111111111', name: 'prod\u001b]0;pwned\u0007\u001b[2J\r', regions: ['us-east-1'] };
  progress.accountStarted?.(target);
  progress.accountDone(target, 0, 3);
  progress.finish();
  expect(stream.text).toContain('account 111111111111 (prod\\x1b]0;pwned\\x07\\x1b[2J\\x0d): 3 scan error(s), nothing collected');
  expect(hasControlCharacters(stream.text.replace(/\n/g, ''))).toBe(false);
});
