import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError, prepareOutputDir, prepareOutputFile, writeFileAtomic } from '../../../src/cli/output.js';
import { tempDir } from '../../support/cli.js';

const isRoot = process.getuid?.() === 0;

describe('the output folder is checked before any work', () => {
  it('creates a missing folder, nested, and leaves no probe file behind', () => {
    const dir = join(tempDir(), 'a', 'b', 'c');
    expect(prepareOutputDir(dir, '--output-dir')).toBe(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['a file', (root: string) => (writeFileSync(join(root, 'file'), 'x'), join(root, 'file')), /file exists and is not a directory/],
    ['a path through a file', (root: string) => (writeFileSync(join(root, 'file'), 'x'), join(root, 'file', 'reports')), /file exists and is not a directory/],
    ['a symlink loop', (root: string) => (symlinkSync(join(root, 'b'), join(root, 'a')), symlinkSync(join(root, 'a'), join(root, 'b')), join(root, 'a', 'reports')), /symbolic links/],
    ['a dangling symlink', (root: string) => (symlinkSync(join(root, 'nowhere'), join(root, 'link')), join(root, 'link', 'reports')), /symbolic link to nothing/],
  ])('%s: OutputError naming the path, in bounded time', (_name, make, message) => {
    const root = tempDir();
    const path = make(root);
    expect(() => prepareOutputDir(path, `--output-dir ${path}`)).toThrow(OutputError);
    expect(() => prepareOutputDir(path, `--output-dir ${path}`)).toThrow(message);
    expect(() => prepareOutputDir(path, `--output-dir ${path}`)).toThrow(path);
  });

  it('a folder that cannot be written into (read-only)', () => {
    // As root, permission bits do not stop writes: /sys is a folder nobody may create files in.
    let dir = '/sys';
    if (!isRoot) {
      dir = join(tempDir(), 'ro');
      mkdirSync(dir);
      chmodSync(dir, 0o555);
    }
    if (!existsSync(dir)) return;
    expect(() => prepareOutputDir(dir, '--output-dir')).toThrow(/cannot write into .*(permission denied|operation not permitted|read-only)/);
  });

  it('a file flag naming a folder is refused', () => {
    const dir = tempDir();
    expect(() => prepareOutputFile(dir, '--output')).toThrow(/is a directory/);
  });
});

describe('reports are written atomically', () => {
  it('writes pieces into a temporary file and renames it: the content is complete, no temp file stays', () => {
    const dir = tempDir();
    const path = join(dir, 'report.json');
    writeFileAtomic(path, (function* () {
      for (let i = 0; i < 3000; i++) yield `${'x'.repeat(999)}\n`;
    })());
    expect(readFileSync(path, 'utf8')).toHaveLength(3_000_000);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a renderer failing midway leaves the previous report untouched and no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'report.json');
    writeFileSync(path, 'previous complete report');
    const failing = (function* () {
      for (let i = 0; i < 5; i++) yield `${'y'.repeat(1 << 20)}`; // flushed to the temp file already
      throw new RangeError('Maximum call stack size exceeded');
    })();
    expect(() => writeFileAtomic(path, failing)).toThrow(/cannot write .*report\.json: a value is nested too deeply/);
    expect(readFileSync(path, 'utf8')).toBe('previous complete report');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a FIFO or device (a named pipe, /dev/null) is written in place, never replaced by a rename', async () => {
    const fifo = join(tempDir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((done) => reader.once('close', () => done()));
    const stuck = setTimeout(() => reader.kill(), 5000);
    try {
      writeFileAtomic(prepareOutputFile(fifo, '--output'), ['{"a":', '1}']);
      await closed;
    } finally {
      clearTimeout(stuck);
      reader.kill();
    }
    expect(received).toBe('{"a":1}');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(join(fifo, '..'))).toEqual(['pipe']);
  });

  it('a write that cannot happen names the file and leaves nothing', () => {
    const dir = tempDir();
    expect(() => writeFileAtomic(join(dir, 'missing', 'r.json'), 'x')).toThrow(/cannot write .*r\.json/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
