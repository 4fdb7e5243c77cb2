import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { FindingList } from '../model/report.js';
import { stringifyBounded } from '../text/bounded-json.js';

const WRITE_BUFFER_CHARS = 1 << 20;
const READ_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** Spills still open when the process exits: their files are removed even after an error. */
const open = new Set<FindingSpill>();
let exitHookInstalled = false;

/**
 * Findings written to a temporary file as they are judged, one compact JSON line each (a raw newline never
 * occurs inside compact JSON), and read back in the same order as often as a reporter iterates. Memory stays
 * one write buffer and one read chunk, whatever the number of findings.
 */
export class FindingSpill {
  private readonly folder: string;
  private readonly file: string;
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;
  private count = 0;
  private bytes = 0;
  private closed = false;

  constructor(parent = tmpdir()) {
    this.folder = mkdtempSync(join(parent, 'squadguard-findings-'));
    this.file = join(this.folder, 'findings.jsonl');
    this.fd = openSync(this.file, 'w+', 0o600);
    open.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const spill of open) spill.close();
      });
    }
  }

  get length(): number {
    return this.count;
  }

  add(finding: Finding): void {
    const line = stringifyBounded(finding);
    this.buffer.push(line, '\n');
    this.buffered += line.length + 1;
    this.count++;
    if (this.buffered >= WRITE_BUFFER_CHARS) this.flush();
  }

  /** The findings written so far, as a list that re-reads the file on each iteration. */
  list(): FindingList {
    this.flush();
    const lines = (): Iterable<string> => this.lines();
    const length = this.count;
    return {
      length,
      jsonLines: lines,
      *[Symbol.iterator](): Iterator<Finding> {
        for (const line of lines()) yield JSON.parse(line) as Finding;
      },
    };
  }

  /** Removes the file; lists handed out before stop working. */
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

  private flush(): void {
    if (this.buffered === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.bytes + written);
    this.bytes += bytes.length;
  }

  private *lines(): Generator<string> {
    if (this.closed) throw new Error('the findings spill was closed before its findings were read');
    const end = this.size();
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let carry: Buffer | undefined;
    for (let position = 0; position < end; ) {
      const read = readSync(this.fd, chunk, 0, Math.min(chunk.length, end - position), position);
      if (read === 0) break;
      position += read;
      const data = carry ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let at = data.indexOf(NEWLINE, start); at !== -1; at = data.indexOf(NEWLINE, start)) {
        yield data.toString('utf8', start, at);
        start = at + 1;
      }
      // Copied: the chunk buffer is reused by the next read.
      carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
    }
    if (carry) yield carry.toString('utf8');
  }

  private size(): number {
    this.flush();
    return this.bytes;
  }
}
