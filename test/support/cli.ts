import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { validateReport } from '../../src/pipeline/schemas.js';
import { projectRoot } from './paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = resolve(projectRoot, 'dist/cli/main.js');

/**
 * Runs the built `squadguard` binary (what `npx squadguard` runs), without the caller's AWS settings; `stdin`
 * is sent to it when given (its stdin is closed either way).
 */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = projectRoot, stdin?: Buffer): Promise<CliRun> {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env } });
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * Runs the built CLI with a preload that records every module the process loaded, as file paths: each ES module
 * (a loader hook notes it as it loads) and, at exit, each CommonJS module (the AWS SDK packages, ajv and yaml are
 * CommonJS: every one loaded, by `import` or `require`, is in the require cache).
 */
export async function runCliRecordingModules(args: string[], env: Record<string, string> = {}): Promise<CliRun & { modules: string[] }> {
  const dir = tempDir();
  const record = join(dir, 'loaded.json');
  const esmRecord = join(dir, 'loaded-esm.txt');
  const preload = join(dir, 'record-loaded.mjs');
  const hook = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(esmRecord)}, url + '\\n');
  return next(url, context);
}`;
  writeFileSync(
    preload,
    `import { createRequire, register } from 'node:module';
import { writeFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(cache))));
`,
  );
  const run = await runCli(args, { ...env, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` });
  const esm = existsSync(esmRecord) ? readFileSync(esmRecord, 'utf8').split('\n').filter(Boolean).map((url) => fileURLToPath(url)) : [];
  return { ...run, modules: [...new Set([...(JSON.parse(readFileSync(record, 'utf8')) as string[]), ...esm])] };
}

export function tempDir(prefix = 'squadguard-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Reads a JSON report the CLI wrote and checks it against the published schema. */
export function readValidReport(dir: string): Report {
  const report = JSON.parse(readFileSync(join(dir, 'squadguard-report.json'), 'utf8')) as Report;
  expect(validateReport(report)).toEqual([]);
  return report;
}
