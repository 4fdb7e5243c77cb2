/**
 * The fuzz suite: hostile and malformed policies and inventories from a fixed seed, run through the CLI in
 * this process (`run(argv)`), a handful through the built binary. For every input: the right exit code, a
 * message naming the file (and JSON path where one applies), no stack trace, no raw control byte on stdout
 * or stderr. Bounded time and memory are asserted as hang / blow-up detectors with generous limits (a
 * limit this suite hits is a hang, not a slow machine); the counts and the slowest input are written to
 * test-artifacts/fuzz-summary.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasControlCharacters } from '../../src/text/inert.js';
import { runCli } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';
import { runInProcess } from '../support/in-process.js';
import { baseInventory, Files, type FuzzCase } from './generators.js';
import { inventoryCases } from './inventory-cases.js';
import { policyCases } from './policy-cases.js';

process.env.NO_COLOR = '1';

const SEED = 20261130;
/** A case running this long has hung; a heap this large has blown up. Neither is a speed assertion. */
const HANG_MS = 30_000;
const HEAP_LIMIT = 1536 * 1024 * 1024;
const STACK_TRACE = /^\s+at \S.*(:\d+:\d+\)?|\(native\))$/m;

interface Outcome {
  kind: string;
  name: string;
  code: number;
  ms: number;
}

const outcomes: { policies: Outcome[]; inventories: Outcome[] } = { policies: [], inventories: [] };
let files: Files;
let policies: FuzzCase[];
let inventories: FuzzCase[];

beforeAll(async () => {
  files = new Files(mkdtempSync(join(tmpdir(), 'sg-fuzz-')));
  policies = policyCases(files, SEED);
  // A real report, for the inputs that pass a report where an inventory belongs.
  const inventory = files.write('seed-inventory', JSON.stringify(baseInventory()), 'json');
  const outputDir = files.out();
  const seeded = await runInProcess(['evaluate', '--inventory', inventory, '--format', 'json', '--output-dir', outputDir, '--quiet']);
  expect([0, 1, 3]).toContain(seeded.code);
  inventories = inventoryCases(files, SEED + 1, join(outputDir, 'squadguard-report.json'));
}, 120_000);

async function runCase(fuzz: FuzzCase, sink: Outcome[]): Promise<void> {
  const result = await runInProcess(fuzz.args);
  const label = `${fuzz.kind}: ${fuzz.name}`;
  sink.push({ kind: fuzz.kind, name: fuzz.name, code: result.code, ms: result.ms });
  const output = `${result.stdout}${result.stderr}`;
  expect(fuzz.codes, `${label} exited ${result.code}:\n${output.slice(0, 2000)}`).toContain(result.code);
  expect(output, `${label}: stack trace`).not.toMatch(STACK_TRACE);
  expect(output, `${label}: unexpected error`).not.toContain('unexpected error');
  expect(hasControlCharacters(result.stdout.replace(/\n/g, '')), `${label}: raw control byte on stdout`).toBe(false);
  expect(hasControlCharacters(result.stderr.replace(/\n/g, '')), `${label}: raw control byte on stderr`).toBe(false);
  if (result.code === 2) {
    for (const mention of fuzz.mentions) {
      const found = typeof mention === 'string' ? result.stderr.includes(mention) : mention.test(result.stderr);
      expect(found, `${label}: the message should mention ${mention}:\n${result.stderr.slice(0, 2000)}`).toBe(true);
    }
    expect(result.stderr, `${label}: one message starting with squadguard:`).toMatch(/^squadguard: /);
  } else if (fuzz.args[0] === 'validate-policy') {
    expect(result.stdout, `${label}: valid line`).toMatch(/: valid — policy/);
  }
  fuzz.check?.({ stdout: result.stdout, stderr: result.stderr, outputDir: fuzz.outputDir ?? '' });
  expect(result.ms, `${label}: hung`).toBeLessThan(HANG_MS);
  expect(process.memoryUsage().heapUsed, `${label}: heap blow-up`).toBeLessThan(HEAP_LIMIT);
}

describe('fuzz: hostile policies', () => {
  it('has at least 500 cases from the fixed seed', () => {
    expect(policies.length).toBeGreaterThanOrEqual(500);
  });

  // Cases are run in slices so one slow class never meets vitest's per-test timeout.
  for (let slice = 0; slice < 8; slice++) {
    it(`slice ${slice + 1}/8`, async () => {
      for (const [index, fuzz] of policies.entries()) if (index % 8 === slice) await runCase(fuzz, outcomes.policies);
    }, 240_000);
  }
});

describe('fuzz: hostile inventories', () => {
  it('has at least 100 cases from the fixed seed', () => {
    expect(inventories.length).toBeGreaterThanOrEqual(100);
  });

  for (let slice = 0; slice < 4; slice++) {
    it(`slice ${slice + 1}/4`, async () => {
      for (const [index, fuzz] of inventories.entries()) if (index % 4 === slice) await runCase(fuzz, outcomes.inventories);
    }, 240_000);
  }
});

describe('fuzz: the built binary on a few hostile inputs', () => {
  const spawned = (name: string, args: () => string[], mention: RegExp) =>
    it(name, async () => {
      const result = await runCli(args());
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(mention);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(hasControlCharacters(`${result.stdout}${result.stderr}`.replace(/\n/g, ''))).toBe(false);
    }, 60_000);

  spawned('extends /dev/zero', () => ['validate-policy', files.write('spawn', 'name: z\nextends: /dev/zero\n')], /\/extends: extends "\/dev\/zero" \(\/dev\/zero\): not a regular file/);
  spawned('a FIFO as the inventory', () => ['evaluate', '--inventory', files.fifo('spawn')], /not a regular file \(a FIFO\)/);
  spawned('an alias bomb', () => ['validate-policy', files.write('spawn', `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [${'*a,'.repeat(9)}*a]\nc: &c [${'*b,'.repeat(9)}*b]\nname: x\n`)], /aliases expand more than 100 times/);
  spawned('an inventory nested 100k levels', () => ['evaluate', '--inventory', files.write('spawn', `{"resources":[{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`, 'json')], /\/resources\/0\/data\/0\/0.*nested deeper than 64 levels/);
  spawned('control bytes in a policy', () => ['validate-policy', files.write('spawn', JSON.stringify({ name: 'c\u001b]0;x\u0007', rules: { '\u001b[2J': 'on' } }), 'json')], /\\x1b/);
});

afterAll(() => {
  const summarise = (list: Outcome[]) => {
    const byKind: Record<string, number> = {};
    for (const outcome of list) byKind[outcome.kind] = (byKind[outcome.kind] ?? 0) + 1;
    const slowest = [...list].sort((a, b) => b.ms - a.ms).slice(0, 5).map((o) => ({ kind: o.kind, name: o.name.slice(0, 120), ms: Math.round(o.ms) }));
    const codes: Record<string, number> = {};
    for (const outcome of list) codes[outcome.code] = (codes[outcome.code] ?? 0) + 1;
    return { cases: list.length, byKind, exitCodes: codes, totalMs: Math.round(list.reduce((sum, o) => sum + o.ms, 0)), slowest };
  };
  const summary = { seed: SEED, policies: summarise(outcomes.policies), inventories: summarise(outcomes.inventories) };
  const dir = join(projectRoot, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fuzz-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
});
