import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRITE_BUFFER_CHARS = 1 << 20;
const READ_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** Files still open when the process exits: removed even after an error. */
const open = new Set<TempLines>();
let exitHookInstalled = false;

/**
 * A temporary file of text lines (compact JSON: a raw newline never occurs inside one), appended through a
 * write buffer and read back sequentially or by byte range. Private to this process (mode 0600, in its own
 * folder) and removed on `close()` or at exit.
 */
export class TempLines {
  private readonly folder: string;
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;
  private flushed = 0;
  /** Bytes appended so far (flushed or not): where the next line starts. */
  private size = 0;
  private closed = false;

  constructor(name: string, parent = tmpdir()) {
    this.folder = mkdtempSync(join(parent, `squadguard-${name}-`));
    this.fd = openSync(join(this.folder, `${name}.jsonl`), 'w+', 0o600);
    open.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const lines of open) lines.close();
      });
    }
  }

  /** Appends one line (without its newline); returns its byte range [start, end). */
  append(line: string): [number, number] {
    const start = this.size;
    const end = start + Buffer.byteLength(line, 'utf8');
    this.buffer.push(line, '\n');
    this.buffered += line.length + 1;
    this.size = end + 1;
    if (this.buffered >= WRITE_BUFFER_CHARS) this.flush();
    return [start, end];
  }

  /** Every line, in order. */
  *lines(): Generator<string> {
    this.readable();
    const end = this.size;
    // One buffer for the whole pass: the unfinished line moves to its front before the next read (a line
    // longer than the buffer doubles it), so reading a large file leaves no Buffers for the GC.
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let filled = 0;
    for (let position = 0; position < end; ) {
      if (filled === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const read = readSync(this.fd, buffer, filled, Math.min(buffer.length - filled, end - position), position);
      if (read === 0) break;
      position += read;
      filled += read;
      let start = 0;
      // Only the filled part: the bytes after it are the previous read's.
      const data = buffer.subarray(0, filled);
      for (let at = data.indexOf(NEWLINE, start); at !== -1; at = data.indexOf(NEWLINE, start)) {
        yield buffer.toString('utf8', start, at);
        start = at + 1;
      }
      buffer.copy(buffer, 0, start, filled);
      filled -= start;
    }
    if (filled > 0) yield buffer.toString('utf8', 0, filled);
  }

  /** The bytes [start, end) of the file, read into `into` when it is large enough (else into a new Buffer). */
  read(start: number, end: number, into?: Buffer): Buffer {
    this.readable();
    const block = into && into.length >= end - start ? into.subarray(0, end - start) : Buffer.allocUnsafe(end - start);
    for (let done = 0; done < block.length; ) {
      const got = readSync(this.fd, block, done, block.length - done, start + done);
      if (got === 0) throw new Error('a temporary file of squadguard ended early');
      done += got;
    }
    return block;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  private readable(): void {
    if (this.closed) throw new Error('a temporary file of squadguard was read after it was removed');
    this.flush();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    // Encoded straight into the write (no Buffer left for the GC); a short write finishes from a Buffer.
    const written = writeSync(this.fd, text, this.flushed, 'utf8');
    const total = Buffer.byteLength(text, 'utf8');
    if (written < total) {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = written; done < total; ) done += writeSync(this.fd, bytes, done, total - done, this.flushed + done);
    }
    this.flushed += total;
  }
}
