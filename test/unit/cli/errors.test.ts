import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/cli/errors.js';
import { configureTerminal } from '../../../src/cli/terminal.js';
import { UsageError } from '../../../src/pipeline/errors.js';

describe('every error is one line naming its cause', () => {
  it('usage errors as written; file system errors with the call and the path, in words', () => {
    expect(describeError(new UsageError('--format: unknown format(s) pdf'))).toBe('--format: unknown format(s) pdf');
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/x/y.json'"), { code: 'ENOENT', syscall: 'open', path: '/x/y.json' });
    expect(describeError(missing)).toBe('cannot open /x/y.json: no such file or directory');
  });

  it('anything else is an internal error: first line only, the --debug hint unless --debug is on', () => {
    configureTerminal({ debug: false });
    expect(describeError(new TypeError('boom\n    at somewhere'))).toBe('internal error: boom (run with --debug for the stack trace)');
    expect(describeError(new RangeError('Maximum call stack size exceeded'))).toMatch(/^internal error: data nested too deeply/);
    configureTerminal({ debug: true });
    expect(describeError('a thrown string')).toBe('internal error: a thrown string');
    configureTerminal({ debug: false });
  });
});
