import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { inert } from '../text/inert.js';

/**
 * Reading input files (policies, inventories, reports, accounts files) so that no file can make squadguard
 * hang or grow without bound: only regular files are read (checked with fstat on the opened descriptor, so
 * a path swapped for a FIFO or a device between a check and the open is still caught), never more than a
 * documented number of bytes, and the bytes must be UTF-8. See docs/limits.md, "Input files".
 */

/** Policies are written by people: 4 MiB is thousands of waivers. */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;
/**
 * Inventories, reports and baselines: 500 MiB, just under the longest string V8 can hold (~512 MiB);
 * larger organizations are collected in shards (`--shard`), each its own file.
 */
export const MAX_DATA_BYTES = 500 * 1024 * 1024;
/** Deepest nesting accepted in any input document (IAM policy documents nest ~8 levels). */
export const MAX_DEPTH = 64;

/** Why an input file could not be read; `message` is one line, safe to print, without the path. */
export class InputFileError extends Error {
  override name = 'InputFileError';
  constructor(
    message: string,
    /** Byte offset of the offending byte, when the problem is one. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

export interface InputText {
  text: string;
  bytes: number;
}

/**
 * Reads a regular file of at most `maxBytes` bytes as UTF-8 text (a UTF-8 byte order mark is dropped).
 * Rejects, with an `InputFileError`: directories, FIFOs, sockets and devices; larger files; invalid UTF-8
 * and NUL bytes (with their offset); and, with `rejectControls`, other raw control characters.
 */
export function readInputFile(path: string, options: { maxBytes: number; rejectControls?: boolean }): InputText {
  const bytes = readInputBytes(path, options.maxBytes);
  return { text: decodeUtf8(bytes, options.rejectControls ?? false), bytes: bytes.length };
}

/**
 * The bytes of a regular file of at most `maxBytes` bytes, undecoded (for inputs with encodings of their
 * own, such as Terraform plans written as UTF-16 by Windows shells). Same refusals as `readInputFile` short
 * of the text checks.
 */
export function readInputBytes(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it has no effect on regular files.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputFileError(describeOpenError(error));
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputFileError(`not a regular file (${kindOf(stats)})`);
    if (stats.size > maxBytes) throw new InputFileError(tooLarge(stats.size, maxBytes));
    bytes = readBounded(fd, stats.size, maxBytes);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** Reads until end of file or one byte past the cap (files under /proc report size 0 and then grow). */
function readBounded(fd: number, sizeHint: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunkSize = Math.min(Math.max(sizeHint + 1, 64 * 1024), maxBytes + 1);
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, maxBytes + 1 - total));
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      throw new InputFileError(`cannot read: ${describeCode(error)}`);
    }
    if (read === 0) break;
    chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    total += read;
    if (total > maxBytes) throw new InputFileError(tooLarge(undefined, maxBytes));
    chunkSize = Math.min(chunkSize * 2, 16 * 1024 * 1024);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer, rejectControls: boolean): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new InputFileError(`NUL byte at byte offset ${nul} (a binary file, or text in UTF-16?)`, nul);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const hint = bytes[0] === 0xff || bytes[0] === 0xfe ? '; it looks like UTF-16: save it as UTF-8' : '';
    throw new InputFileError(`invalid UTF-8 at byte offset ${offset} (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')})${hint}`, offset);
  }
  if (rejectControls) {
    const index = text.search(RAW_CONTROL);
    if (index !== -1) {
      const offset = Buffer.byteLength(text.slice(0, index));
      throw new InputFileError(`control character ${inert(text[index])} at byte offset ${offset} (only tab and line breaks may appear raw; write "\\e" or "\\u001b" inside a quoted string if you mean it)`, offset);
    }
  }
  return text;
}

// C0 controls other than tab/LF/CR, DEL, and C1 controls: never meaningful raw in a policy.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

export function tooLarge(size: number | undefined, maxBytes: number): string {
  const limit = `${formatBytes(maxBytes)} limit`;
  return size === undefined ? `larger than the ${limit}` : `${formatBytes(size)}, larger than the ${limit}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}

export function describeOpenError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'not a regular file (a directory)';
    case 'ENXIO':
      return 'not a regular file (a socket or a device without a reader)';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ERR_INVALID_ARG_VALUE':
    case 'ERR_INVALID_ARG_TYPE':
      return 'not a usable path (it contains a NUL byte)';
    default:
      return `cannot open: ${describeCode(error)}`;
  }
}

function describeCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? inert((error as Error).message, { max: 200 });
}
