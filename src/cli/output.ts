/**
 * Report and snapshot files: the output folder is checked before any work (so a scan never collects for an
 * hour and then fails to write), and every file is written atomically — a temporary file in the same folder,
 * then a rename — so a reader never sees a truncated or empty report, and a failed write leaves nothing.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import { UsageError } from '../pipeline/errors.js';
import type { OptionTable } from './option-table.js';
import { shown, writeRaw } from './terminal.js';

/** A report or snapshot that could not be written: exit 2, with the path and the cause. */
export class OutputError extends UsageError {
  override name = 'OutputError';
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  EEXIST: 'exists and is not a directory',
  EIO: 'input/output error',
};

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && REASONS[code]) return REASONS[code];
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'a value is nested too deeply to serialise';
  return error instanceof Error ? (error.message.split('\n', 1)[0] ?? 'unknown error') : String(error);
}

/**
 * Creates a folder one component at a time (Node's recursive mkdir can spin on a symlink loop), stopping at
 * the first component that is a file, a dangling link or a loop. Returns the absolute path.
 */
function makeDirectory(dir: string, label: string): string {
  const absolute = resolve(dir);
  const { root } = parse(absolute);
  let current = root;
  for (const part of absolute.slice(root.length).split(sep).filter(Boolean)) {
    current = join(current, part);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(`${label}: ${shown(current)}: ${reason(error)}`);
      try {
        mkdirSync(current);
        continue;
      } catch (made) {
        const code = (made as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' && lstatSync(current, { throwIfNoEntry: false })?.isSymbolicLink()) {
          throw new OutputError(`${label}: ${shown(current)} is a symbolic link to nothing`);
        }
        if (code === 'EEXIST' && statSync(current, { throwIfNoEntry: false })?.isDirectory()) continue; // created meanwhile
        throw new OutputError(`${label}: cannot create ${shown(current)}: ${reason(made)}`);
      }
    }
    if (!isDirectory) throw new OutputError(`${label}: ${shown(current)} exists and is not a directory`);
  }
  return absolute;
}

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Checks that reports can be written into `dir` before any work: creates it and a temporary file in it.
 * `label` names the flag in the message (`--output-dir reports`). Returns the absolute folder.
 */
export function prepareOutputDir(dir: string, label: string): string {
  const absolute = makeDirectory(dir, label);
  const probe = tempName(join(absolute, 'probe'));
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    throw new OutputError(`${label}: cannot write into ${shown(absolute)}: ${reason(error)}`);
  }
  unlinkSync(probe);
  return absolute;
}

/**
 * A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe): written in place, never replaced — a
 * rename over it would turn `/dev/null` into a regular file for every other program on the machine.
 */
function isSpecialFile(path: string): boolean {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats !== undefined && !stats.isFile() && !stats.isDirectory();
}

/** Checks that a file can be written at `path` (its folder writable, the path not a folder). */
export function prepareOutputFile(path: string, label: string): string {
  const absolute = resolve(path);
  if (isSpecialFile(absolute)) {
    try {
      accessSync(absolute, constants.W_OK);
    } catch (error) {
      throw new OutputError(`${label}: cannot write ${shown(absolute)}: ${reason(error)}`, { cause: error });
    }
    return absolute;
  }
  prepareOutputDir(dirname(absolute), label);
  if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) throw new OutputError(`${label}: ${shown(absolute)} is a directory`);
  return absolute;
}

/**
 * Writes a file atomically from a string or from pieces (batched into ~1 MB writes, so large reports never
 * exist as one string). Any failure — the disk, the folder, or the renderer throwing midway — removes the
 * temporary file and throws an OutputError naming the path; the previous file, if any, stays untouched.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  if (isSpecialFile(path)) return writeInPlace(path, content);
  const temp = tempName(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    writeContent(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    throw new OutputError(`cannot write ${shown(path)}: ${reason(error)}`, { cause: error });
  }
}

/** A device or pipe gets the bytes as they come: there is nothing to swap in atomically. */
function writeInPlace(path: string, content: string | Iterable<string>): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeContent(fd, content);
    closeSync(fd);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    throw new OutputError(`cannot write ${shown(path)}: ${reason(error)}`, { cause: error });
  }
}

/** A string, or pieces batched into ~1 MB writes (large reports never exist as one string). */
function writeContent(fd: number, content: string | Iterable<string>): void {
  if (typeof content === 'string') return writeAll(fd, content);
  let batch: string[] = [];
  let size = 0;
  for (const chunk of content) {
    batch.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) {
      writeAll(fd, batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) writeAll(fd, batch.join(''));
}

/** One write call may write less than asked (a full disk, a signal): loop until every byte is out. */
function writeAll(fd: number, text: string): void {
  // The string is encoded straight into the write, leaving no Buffer behind: a report written in megabyte
  // pieces would otherwise pile up tens of megabytes of dead Buffers between two garbage collections.
  const written = writeSync(fd, text, null, 'utf8');
  const total = Buffer.byteLength(text, 'utf8');
  if (written === total) return;
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = written; offset < total; ) offset += writeSync(fd, bytes, offset, total - offset);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing: the write error is the one to report
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or already gone
  }
}

/** A generated text for `--output FILE` (written atomically) or stdout (`docs`, `scanning-role-policy`). */
/** `--output` of the commands that print one text (`docs`, `scanning-role-policy`): a file instead of stdout. */
export const TEXT_OUTPUT_OPTIONS = {
  output: { flags: '--output <file>', help: 'file to write (default: stdout)' },
} as const satisfies OptionTable;

export function writeTextOutput(text: string, output: string | undefined): void {
  if (output) writeFileAtomic(prepareOutputFile(output, `--output ${output}`), text);
  else writeRaw('stdout', text);
}
