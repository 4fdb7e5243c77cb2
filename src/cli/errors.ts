import { EXIT } from '../engine/exit-code.js';
import { UsageError } from '../errors.js';
import { PolicyError } from '../policy/types.js';
import { debugEnabled, printErr } from './terminal.js';

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EEXIST: 'file exists',
  EIO: 'input/output error',
};

/** Errors the user can fix from the message alone: never a stack, not even with --debug. */
function isExpected(error: unknown): boolean {
  // Policy, credentials, organization, network, merge and output errors all extend it.
  return error instanceof UsageError;
}

/** The one line (or, for a policy, the list of problems) that describes an error to the user. */
export function describeError(error: unknown): string {
  if (error instanceof PolicyError) return `invalid policy:\n${error.message.replace(/^/gm, '  ')}`;
  if (isExpected(error)) return (error as Error).message;
  const system = error as NodeJS.ErrnoException;
  if (system instanceof Error && typeof system.code === 'string' && SYSTEM_ERRORS[system.code]) {
    const what = system.path ? `${system.syscall ?? 'access'} ${system.path}` : (system.syscall ?? 'file access');
    return `cannot ${what}: ${SYSTEM_ERRORS[system.code]}`;
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'internal error: data nested too deeply to process (Maximum call stack size exceeded)';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${firstLine(message)}${debugEnabled() ? '' : ' (run with --debug for the stack trace)'}`;
}

/**
 * Prints an error the way every failure ends: `squadguard: <cause>`; the stack only with --debug. Returns
 * the usage exit code: usage and configuration errors, and anything that stopped the run before a verdict.
 */
export function reportError(error: unknown): number {
  printErr(`squadguard: ${describeError(error)}\n`);
  if (debugEnabled() && !isExpected(error) && error instanceof Error && error.stack) printErr(`${error.stack}\n`);
  return EXIT.usage;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 0 ? line : 'unknown error';
}
