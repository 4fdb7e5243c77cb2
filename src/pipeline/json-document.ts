import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { tooDeepAt } from '../policy/documents.js';
import { describeOpenError, firstInvalidUtf8, kindOf, MAX_DEPTH, tooLarge } from '../policy/input-file.js';
import { inert } from '../text/inert.js';
import { borrowReadBuffer, giveBackReadBuffer, withRoom } from '../text/read-buffer.js';
import { UsageError } from './errors.js';

/**
 * Large JSON documents (inventories, reports, baselines) read without holding them: one pass over the
 * file's bytes checks that it is JSON and notes where each element of its one large array lies; elements
 * are read back from the file by their offsets when asked for. Memory stays flat in the file's size
 * (besides 12 bytes per element), and no string ever holds the whole file (V8 strings stop at ~512 MiB).
 *
 * The layout is free: pretty-printed, minified, the array before or after the other members. The limits
 * and the wording of every refusal are those of `readJsonInput` (pipeline/judge.ts), so a file is refused
 * the same way whichever reader meets it; where a file has several problems the first in the file is named.
 */
export interface JsonDocument {
  /** Every top-level member except the large array (and the `ignore`d ones), parsed. */
  readonly header: Record<string, unknown>;
  /** Every top-level key, in file order, each once. */
  readonly keys: readonly string[];
  /** How many elements the large array holds (0 when it is absent: then `present` is false). */
  readonly count: number;
  readonly present: boolean;
  /** The elements at the given indexes, parsed, in the order given (ascending indexes read sequentially). */
  read(indexes: Iterable<number>): Iterable<unknown>;
  /** Every element in file order, parsed. */
  elements(): Iterable<unknown>;
  /** Every element's compact JSON text, in file order: the file's own bytes when they hold no whitespace. */
  texts(): Iterable<string>;
  /** Closes the file; the document cannot be read afterwards. */
  close(): void;
}

export interface JsonDocumentOptions {
  /** What the file is to the user ('inventory', 'report', 'baseline'): the first word of every message. */
  what: string;
  /** The top-level member holding the large array (`resources`, `findings`). */
  arrayKey: string;
  /** Called with each element, parsed, during the first pass (it may throw a UsageError to stop). */
  onElement?: (value: unknown, index: number) => void;
  /** Called with each top-level key as soon as it is read (it may throw: e.g. on the wrong kind of document). */
  onKey?: (key: string) => void;
  /** Top-level members checked as JSON but neither parsed nor kept (e.g. another document kind's large array). */
  ignore?: readonly string[];
  /**
   * The kind of document expected ('inventory', 'report'): a top level that is not an object, or an
   * `arrayKey` that is not an array, is then refused as asInventory/asReport word it ("… is not a squadguard
   * inventory: …"). Without it, the message names the file alone.
   */
  kind?: string;
  /** Largest file accepted, in bytes (default 8 GiB). */
  maxBytes?: number;
  /** Bytes read at a time (default 1 MiB); tests use tiny ones to put every token across a boundary. */
  chunkBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 8 * 1024 * 1024 * 1024;
/** Longest single value (an element or a header member): its text must fit a V8 string with room to spare. */
export const MAX_VALUE_BYTES = 256 * 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Nesting scanned on to name the first value nested deeper than MAX_DEPTH by its JSON pointer. */
const MAX_SCANNED_DEPTH = 200_000;
/** read(): spans closer than this are fetched in one read, up to BATCH_BYTES at a time. */
const GAP_BYTES = 64 * 1024;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Opens a JSON document whose top level is an object with one large array member, and makes the first pass
 * over it. Duplicate top-level keys: the later wins, as with JSON.parse, except for `arrayKey`, which is
 * refused when repeated (its elements have been handed to `onElement` already). Every failure is a
 * UsageError naming the file.
 */
export function openJsonDocument(path: string, options: JsonDocumentOptions): JsonDocument {
  const shown = inert(path, { max: 1024 });
  const name = `${options.what} ${shown}`;
  const fd = openFile(path, name, options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
  try {
    const wrongShape = options.kind === undefined ? name : `${options.what} ${shown} is not a squadguard ${options.kind}`;
    return new Document(fd, name, firstPass(fd, name, wrongShape, options));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function openFile(path: string, name: string, maxBytes: number): number {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it has no effect on regular files.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UsageError(`${name}: ${describeOpenError(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`${name}: not a regular file (${kindOf(stats)})`);
    if (stats.size > maxBytes) throw new UsageError(`${name}: ${tooLarge(stats.size, maxBytes)}`);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

interface Pass {
  header: Record<string, unknown>;
  keys: string[];
  present: boolean;
  count: number;
  starts: Float64Array;
  ends: Float64Array;
  compact: boolean;
}

// Scanner states.
const VALUE = 0; // a value must come
const VALUE_OR_CLOSE = 1; // after '['
const KEY = 2; // after ',' in an object
const KEY_OR_CLOSE = 3; // after '{'
const COLON = 4;
const AFTER = 5; // after a value: ',' or a closing bracket
const STRING = 6;
const ESCAPE = 7;
const UNICODE = 8;
const NUM_MINUS = 9; // after '-': a digit must come
const NUM_ZERO = 10; // after a leading 0
const NUM_INT = 11;
const NUM_DOT = 12; // after '.': a digit must come
const NUM_FRAC = 13;
const NUM_E = 14; // after 'e': a sign or a digit
const NUM_ESIGN = 15; // after the exponent's sign: a digit must come
const NUM_EXP = 16;
const LITERAL = 17;
const DONE = 18; // the top-level value is complete: only whitespace may follow

const OBJECT = 1;
const ARRAY = 2;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * The first pass: a byte-level JSON scanner (states carried across chunks, so a token, an escape or a
 * multi-byte character may straddle two reads) that checks UTF-8 and JSON as strictly as JSON.parse and
 * `readJsonInput`, with the line and column of the first offending character.
 */
function firstPass(fd: number, name: string, wrongShape: string, options: JsonDocumentOptions): Pass {
  const { arrayKey, onElement, onKey } = options;
  const ignore = new Set(options.ignore ?? []);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const chunkBytes = Math.max(1, Math.floor(options.chunkBytes ?? DEFAULT_CHUNK_BYTES));

  const header: Record<string, unknown> = {};
  const keys: string[] = [];
  const seenKeys = new Set<string>();
  let starts = new Float64Array(1024);
  let ends = new Float64Array(1024);
  let count = 0;
  let present = false;
  let compact = true;

  const head = readAt(fd, name, Buffer.alloc(3), 3, 0);
  const firstByte = head.length > 0 ? head[0] : undefined;
  const bom = head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;

  let stack = new Uint8Array(256);
  let depth = 0;
  let state = VALUE;
  let rootKind = 0; // the first byte of the top-level value, 0 until it is seen
  let rootIsObject = false;
  let line = 1;
  let lineStart = bom ? 3 : 0;
  // UTF-8 inside strings: continuation bytes still expected, and the range allowed for the next one.
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let seqStart = 0;
  let stringIsKey = false;
  let stringStart = 0;
  let escStart = 0;
  let hexLeft = 0;
  let numStart = 0;
  let numBack = 0;
  let literal = TRUE;
  let litPos = 0;
  let litStart = 0;
  // The top-level member being read, and the element being read when inside the large array.
  let key = '';
  let valueStart = 0;
  let inArray = false;
  let elementStart = 0;
  let deep = false;
  let notArray = 0; // the first byte of an `arrayKey` value that is not an array

  const chunk = Buffer.allocUnsafe(chunkBytes);
  // Where the chunk lies in the file, for the hooks (the scanning loop keeps its own copies, in registers).
  let chunkStart = 0;
  let chunkLength = 0;

  const bytesAt = (at: number, size: number): Buffer => readAt(fd, name, Buffer.alloc(size), size, at);
  const textOf = (start: number, end: number, where: () => string): string => {
    if (end - start > MAX_VALUE_BYTES) throw new UsageError(`${name}: ${where()}: ${tooLarge(end - start, MAX_VALUE_BYTES)} for one value`);
    if (start >= chunkStart && end <= chunkStart + chunkLength) return chunk.toString('utf8', start - chunkStart, end - chunkStart);
    const bytes = Buffer.allocUnsafe(end - start);
    readExact(fd, name, bytes, end - start, start);
    return bytes.toString('utf8');
  };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw changed(name);
    }
  };

  const utf8Error = (at: number, byte: number): UsageError => {
    const hint = firstByte === 0xff || firstByte === 0xfe ? '; it looks like UTF-16: save it as UTF-8' : '';
    return new UsageError(`${name}: invalid UTF-8 at byte offset ${at} (byte 0x${byte.toString(16).padStart(2, '0')})${hint}`);
  };
  const nulError = (at: number) => new UsageError(`${name}: NUL byte at byte offset ${at} (a binary file, or text in UTF-16?)`);
  const position = (at: number): string => `line ${line}, column ${columnOf(fd, name, lineStart, at)}`;
  /** The error for the byte at `bad`: a NUL or invalid UTF-8 there, else JSON that stops being JSON at `report`. */
  const fail = (report: number, bad: number): UsageError => {
    const byte = bytesAt(bad, 1)[0] ?? 0;
    if (byte === 0) return nulError(bad);
    if (byte >= 0x80 && firstInvalidUtf8(bytesAt(bad, 4)) === 0) return utf8Error(bad, byte);
    const char = bytesAt(report, 4).toString('utf8').codePointAt(0) ?? 0;
    const shown = char >= 0x20 && char < 0x7f ? `"${String.fromCodePoint(char)}"` : `U+${char.toString(16).toUpperCase().padStart(4, '0')}`;
    return new UsageError(`${name}: not valid JSON at ${position(report)}: unexpected ${shown}`);
  };

  const memberEnded = (end: number) => {
    if (notArray !== 0) throw new UsageError(`${wrongShape}: /${inert(arrayKey)} must be an array, not ${describeValue(notArray)}`);
    if (ignore.has(key)) return;
    const value = parse(textOf(valueStart, end, () => `/${key}`));
    if (deep) tooDeep({ [key]: value });
    Object.defineProperty(header, key, { value, enumerable: true, writable: true, configurable: true });
  };
  const elementEnded = (end: number) => {
    if (count === starts.length) {
      starts = grow(starts);
      ends = grow(ends);
    }
    starts[count] = elementStart;
    ends[count] = end;
    const index = count++;
    if (onElement || deep) {
      const value = parse(textOf(elementStart, end, () => `/${arrayKey}/${index}`));
      if (deep) tooDeep({ [arrayKey]: { [index]: value } });
      onElement?.(value, index);
    }
  };
  /** Throws the message readJsonInput gives, with the JSON pointer of the first value nested too deep. */
  const tooDeep = (wrapped: object) => {
    const at = tooDeepAt(wrapped, MAX_DEPTH);
    if (at !== undefined) throw new UsageError(`${name}: ${at}: nested deeper than ${MAX_DEPTH} levels`);
  };
  /** A value starts at depth 1 (a top-level member) or 2 (maybe an element of the large array). */
  const valueBegins = (at: number, byte: number, depth: number) => {
    if (!rootIsObject) return;
    if (depth === 1) {
      deep = false;
      valueStart = at;
      if (key !== arrayKey) return;
      if (present) throw new UsageError(`${name}: "${inert(arrayKey)}" appears twice at the top level`);
      present = true;
      // Anything but an array is refused once the value has been read: a JSON error in it comes first.
      if (byte === 0x5b) inArray = true;
      else notArray = byte;
    } else if (inArray) {
      deep = false;
      elementStart = at;
    }
  };
  /** A value ended at depth ≤ 2. */
  const valueEnded = (end: number, depth: number) => {
    if (depth === 0 || !rootIsObject) return;
    if (depth === 1) {
      if (inArray) inArray = false;
      else memberEnded(end);
    } else if (inArray) {
      elementEnded(end);
    }
  };
  const keyEnded = (stringStart: number, end: number, depth: number) => {
    if (depth !== 1 || !rootIsObject) return;
    key = parse(textOf(stringStart, end, () => 'a key')) as string;
    if (!seenKeys.has(key)) {
      seenKeys.add(key);
      keys.push(key);
    }
    onKey?.(key);
  };

  let base = bom ? 3 : 0; // file offset of chunk[0]
  for (;;) {
    const n = readInto(fd, name, chunk, chunkBytes, base);
    if (n === 0) break;
    if (base + n > maxBytes) throw new UsageError(`${name}: ${tooLarge(undefined, maxBytes)}`);
    chunkStart = base;
    chunkLength = n;
    const buf = chunk;
    let i = 0;
    while (i < n) {
      const b = buf[i] as number;
      switch (state) {
        case STRING: {
          if (need !== 0) {
            if (b < lo || b > hi) throw b === 0 ? nulError(base + i) : utf8Error(seqStart, bytesAt(seqStart, 1)[0] ?? 0);
            need--;
            lo = 0x80;
            hi = 0xbf;
            i++;
            continue;
          }
          if (b === 0x22) {
            i++;
            if (stringIsKey) {
              state = COLON;
              if (depth === 1) keyEnded(stringStart, base + i, depth);
            } else {
              state = depth === 0 ? DONE : AFTER;
              if (depth <= 2) valueEnded(base + i, depth);
            }
            continue;
          }
          if (b === 0x5c) {
            escStart = base + i;
            state = ESCAPE;
            i++;
            continue;
          }
          if (b < 0x20) throw fail(base + i, base + i);
          if (b >= 0x80) {
            seqStart = base + i;
            if (b >= 0xc2 && b <= 0xdf) need = 1;
            else if (b >= 0xe0 && b <= 0xef) {
              need = 2;
              if (b === 0xe0) lo = 0xa0;
              else if (b === 0xed) hi = 0x9f;
            } else if (b >= 0xf0 && b <= 0xf4) {
              need = 3;
              if (b === 0xf0) lo = 0x90;
              else if (b === 0xf4) hi = 0x8f;
            } else throw utf8Error(seqStart, b);
            i++;
            continue;
          }
          i++;
          while (i < n) {
            const c = buf[i] as number;
            if (c === 0x22 || c === 0x5c || c < 0x20 || c >= 0x80) break;
            i++;
          }
          continue;
        }
        case ESCAPE:
          if (b === 0x75) {
            hexLeft = 4;
            state = UNICODE;
          } else if (b === 0x22 || b === 0x5c || b === 0x2f || b === 0x62 || b === 0x66 || b === 0x6e || b === 0x72 || b === 0x74) {
            state = STRING;
          } else throw fail(escStart, base + i);
          i++;
          continue;
        case UNICODE:
          if (!((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))) throw fail(escStart, base + i);
          if (--hexLeft === 0) state = STRING;
          i++;
          continue;
        case NUM_MINUS:
          if (b < 0x30 || b > 0x39) throw fail(numStart, base + i);
          state = b === 0x30 ? NUM_ZERO : NUM_INT;
          i++;
          continue;
        case NUM_DOT:
          if (b < 0x30 || b > 0x39) throw fail(numBack, base + i);
          state = NUM_FRAC;
          i++;
          continue;
        case NUM_E:
          if (b === 0x2b || b === 0x2d) state = NUM_ESIGN;
          else if (b >= 0x30 && b <= 0x39) state = NUM_EXP;
          else throw fail(numBack, base + i);
          i++;
          continue;
        case NUM_ESIGN:
          if (b < 0x30 || b > 0x39) throw fail(numBack, base + i);
          state = NUM_EXP;
          i++;
          continue;
        case NUM_ZERO:
        case NUM_INT:
        case NUM_FRAC:
        case NUM_EXP:
          if (b >= 0x30 && b <= 0x39 && state !== NUM_ZERO) {
            i++;
            continue;
          }
          if (b === 0x2e && (state === NUM_ZERO || state === NUM_INT)) {
            numBack = base + i;
            state = NUM_DOT;
            i++;
            continue;
          }
          if ((b === 0x65 || b === 0x45) && state !== NUM_EXP) {
            numBack = base + i;
            state = NUM_E;
            i++;
            continue;
          }
          // The number ends before this byte, which is read again after it.
          state = depth === 0 ? DONE : AFTER;
          if (depth <= 2) valueEnded(base + i, depth);
          continue;
        case LITERAL:
          if (b !== literal[litPos]) throw fail(litStart, base + i);
          i++;
          if (++litPos === literal.length) {
            state = depth === 0 ? DONE : AFTER;
            if (depth <= 2) valueEnded(base + i, depth);
          }
          continue;
        default:
          break;
      }

      // Between tokens.
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
        if (b === 0x0a) {
          line++;
          lineStart = base + i + 1;
        }
        if (depth > 2 && inArray) compact = false;
        i++;
        continue;
      }
      const at = base + i;
      if (state === AFTER) {
        const top = stack[depth - 1];
        if (b === 0x2c) {
          state = top === ARRAY ? VALUE : KEY;
          i++;
          continue;
        }
        if ((b === 0x7d && top === OBJECT) || (b === 0x5d && top === ARRAY)) {
          depth--;
          i++;
          state = depth === 0 ? DONE : AFTER;
          if (depth <= 2) valueEnded(base + i, depth);
          continue;
        }
        throw fail(at, at);
      }
      if (state === COLON) {
        if (b !== 0x3a) throw fail(at, at);
        state = VALUE;
        i++;
        continue;
      }
      if (state === KEY || state === KEY_OR_CLOSE) {
        if (b === 0x22) {
          stringIsKey = true;
          stringStart = at;
          state = STRING;
          i++;
          continue;
        }
        if (b === 0x7d && state === KEY_OR_CLOSE) {
          depth--;
          i++;
          state = depth === 0 ? DONE : AFTER;
          if (depth <= 2) valueEnded(base + i, depth);
          continue;
        }
        throw fail(at, at);
      }
      if (state === VALUE_OR_CLOSE && b === 0x5d) {
        depth--;
        i++;
        state = depth === 0 ? DONE : AFTER;
        if (depth <= 2) valueEnded(base + i, depth);
        continue;
      }
      if (state === DONE) throw fail(at, at);
      // A value starts here.
      const opens = b === 0x7b || b === 0x5b || b === 0x22 || b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e;
      if (!opens) throw fail(at, at);
      if (depth === 0) {
        rootKind = b;
        rootIsObject = b === 0x7b;
      } else if (depth <= 2) valueBegins(at, b, depth);
      i++;
      if (b === 0x7b || b === 0x5b) {
        if (depth === stack.length) {
          const larger = new Uint8Array(stack.length * 2);
          larger.set(stack);
          stack = larger;
        }
        stack[depth++] = b === 0x7b ? OBJECT : ARRAY;
        if (depth > MAX_DEPTH) {
          deep = true;
          // Past this, the path of the first value too deep is not worth the memory of reading on to find it.
          if (depth > MAX_SCANNED_DEPTH) throw new UsageError(`${name}: ${position(at)}: nested deeper than ${MAX_DEPTH} levels`);
        }
        state = b === 0x7b ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
      } else if (b === 0x22) {
        stringIsKey = false;
        stringStart = at;
        state = STRING;
      } else if (b === 0x2d) {
        numStart = at;
        state = NUM_MINUS;
      } else if (b >= 0x30 && b <= 0x39) {
        numStart = at;
        state = b === 0x30 ? NUM_ZERO : NUM_INT;
      } else {
        literal = b === 0x74 ? TRUE : b === 0x66 ? FALSE : NULL;
        litPos = 1;
        litStart = at;
        state = LITERAL;
      }
    }
    base += n;
  }

  // End of file.
  const end = base;
  chunkLength = 0;
  if (state === STRING && need !== 0) throw utf8Error(seqStart, bytesAt(seqStart, 1)[0] ?? 0);
  if (state === VALUE && depth === 0 && rootKind === 0) throw new UsageError(`${name}: the file is empty`);
  if (state === LITERAL) throw fail(litStart, litStart);
  if (state === ESCAPE || state === UNICODE) throw fail(escStart, escStart);
  if (state === NUM_MINUS) throw fail(numStart, numStart);
  if (state === NUM_DOT || state === NUM_E || state === NUM_ESIGN) throw fail(numBack, numBack);
  const numberDone = state === NUM_ZERO || state === NUM_INT || state === NUM_FRAC || state === NUM_EXP;
  if (state !== DONE && !(numberDone && depth === 0)) {
    throw new UsageError(`${name}: not valid JSON at ${position(end)}: the text ends too early (truncated?)`);
  }
  if (rootKind !== 0x7b) throw new UsageError(`${wrongShape}: the top level is ${describeValue(rootKind)}, not an object`);
  return { header, keys, present, count, starts: starts.subarray(0, count), ends: ends.subarray(0, count), compact };
}

function describeValue(firstByte: number): string {
  if (firstByte === 0x7b) return 'an object';
  if (firstByte === 0x5b) return 'an array';
  if (firstByte === 0x22) return 'a string';
  if (firstByte === 0x74 || firstByte === 0x66) return 'a boolean';
  if (firstByte === 0x6e) return 'null';
  return 'a number';
}

function grow(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}

const changed = (name: string) => new UsageError(`${name}: the file changed while it was being read`);

/** 1-based column of byte `at` on the line starting at `lineStart`, counted in UTF-16 units like JSON.parse's text. */
function columnOf(fd: number, name: string, lineStart: number, at: number): number {
  let column = 1;
  const buffer = Buffer.allocUnsafe(Math.min(DEFAULT_CHUNK_BYTES, Math.max(1, at - lineStart)));
  for (let position = lineStart; position < at; ) {
    const read = readInto(fd, name, buffer, Math.min(buffer.length, at - position), position);
    if (read === 0) break;
    for (let i = 0; i < read; i++) {
      const b = buffer[i] as number;
      if ((b & 0xc0) !== 0x80) column += b >= 0xf0 ? 2 : 1;
    }
    position += read;
  }
  return column;
}

function readInto(fd: number, name: string, buffer: Buffer, size: number, position: number): number {
  try {
    return readSync(fd, buffer, 0, size, position);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${name}: cannot read: ${code ?? inert((error as Error).message, { max: 200 })}`);
  }
}

/** Up to `size` bytes at `position` (fewer at the end of the file). */
function readAt(fd: number, name: string, buffer: Buffer, size: number, position: number): Buffer {
  let filled = 0;
  while (filled < size) {
    const read = readInto(fd, name, buffer.subarray(filled), size - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

function readExact(fd: number, name: string, buffer: Buffer, size: number, position: number): void {
  if (readAt(fd, name, buffer, size, position).length !== size) throw changed(name);
}

class Document implements JsonDocument {
  readonly header: Record<string, unknown>;
  readonly keys: readonly string[];
  readonly count: number;
  readonly present: boolean;
  readonly #starts: Float64Array;
  /** Each element's length in bytes (at most MAX_VALUE_BYTES): 12 bytes an element with its start. */
  readonly #lengths: Uint32Array;
  readonly #compact: boolean;
  #fd: number | undefined;

  constructor(
    fd: number,
    private readonly name: string,
    pass: Pass,
  ) {
    this.#fd = fd;
    this.header = pass.header;
    this.keys = pass.keys;
    this.count = pass.count;
    this.present = pass.present;
    // Exactly `count` of each: the pass's arrays grew by doubling.
    this.#starts = pass.starts.slice(0, pass.count);
    this.#lengths = new Uint32Array(pass.count);
    for (let index = 0; index < pass.count; index++) this.#lengths[index] = pass.ends[index]! - pass.starts[index]!;
    this.#compact = pass.compact;
  }

  *read(indexes: Iterable<number>): Generator<unknown> {
    for (const text of this.#texts(indexes)) yield this.#parse(text);
  }

  elements(): Iterable<unknown> {
    return this.read(range(this.count));
  }

  *texts(): Generator<string> {
    for (const text of this.#texts(range(this.count))) yield this.#compact ? text : JSON.stringify(this.#parse(text));
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw changed(this.name);
    }
  }

  /** The raw text of each element asked for; neighbouring spans are fetched in one read. */
  *#texts(indexes: Iterable<number>): Generator<string> {
    const starts = this.#starts;
    const lengths = this.#lengths;
    const endOf = (index: number): number => starts[index]! + lengths[index]!;
    // Lent from pass to pass (text/read-buffer.ts); two iterations may interleave: the second gets its own.
    let buffer = borrowReadBuffer();
    const batch: number[] = [];
    const flush = function* (this: Document): Generator<string> {
      const first = starts[batch[0] as number] as number;
      const size = endOf(batch[batch.length - 1]!) - first;
      buffer = withRoom(buffer, size, BATCH_BYTES);
      readExact(this.#open(), this.name, buffer, size, first);
      for (const index of batch) yield buffer.toString('utf8', (starts[index] as number) - first, endOf(index) - first);
      batch.length = 0;
    };
    try {
      for (const index of indexes) {
        if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no element ${index} (${this.count} elements)`);
        if (batch.length > 0) {
          const first = starts[batch[0] as number] as number;
          const last = endOf(batch[batch.length - 1]!);
          const start = starts[index] as number;
          const fits = start >= last && start - last <= GAP_BYTES && endOf(index) - first <= BATCH_BYTES;
          if (!fits) yield* flush.call(this);
        }
        batch.push(index);
      }
      if (batch.length > 0) yield* flush.call(this);
    } finally {
      giveBackReadBuffer(buffer);
    }
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error('the document is closed');
    return this.#fd;
  }
}

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}
