#!/usr/bin/env node
/**
 * Compiles `src/` into `dist/` only when something the build reads changed since the last successful build
 * (`npm run demo`, `npm test`, `npm pack` would otherwise spend 25–40 s in tsc every time).
 *
 * After tsc, the published JSON schemas (policy, inventory, report) are compiled into standalone ajv validators
 * (dist/schema/precompiled/), the shipped policy packs are parsed (dist/policy/pack-cache/) and the built-in
 * rules' metadata is written (dist/rules/metadata.json), so that a run loads them without ajv, without the YAML
 * parser, without compiling anything and (listing or configuring rules) without importing the rules.
 *
 * Stale when: no stamp; or any file or folder under src/, schemas/ or policies/ (a folder's mtime changes when a file is
 * added, removed or renamed), tsconfig*.json or package.json is newer than the moment the last successful build
 * STARTED (so an edit made during a build triggers the next one); or the stamp was written by a different
 * TypeScript version. `--force` always builds. dist/ (stamp included) is removed before compiling, so a
 * failed or interrupted build is never taken for a fresh one and no output of a deleted source survives.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampPath = join(root, 'dist', '.build-stamp.json');
const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function typescriptVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Why a build is needed, or undefined when dist/ is up to date. */
export function staleReason() {
  const stamp = readStamp();
  if (!stamp || typeof stamp.startedAt !== 'number') return 'no previous build';
  if (stamp.typescript !== typescriptVersion()) return 'TypeScript version changed';
  if (statSync(join(root, 'dist', 'cli', 'main.js'), { throwIfNoEntry: false }) === undefined) return 'dist/cli/main.js missing';
  const newest = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'schemas')), newestMtime(join(root, 'policies')), ...inputs.map((file) => newestMtime(join(root, file))));
  if (newest >= stamp.startedAt) return 'sources changed';
  return undefined;
}

const force = process.argv.includes('--force');
const reason = force ? 'forced' : staleReason();
if (!reason) {
  console.error('build: dist/ is up to date with src/');
} else {
  console.error(`build: compiling (${reason})`);
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const startedAt = Date.now();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // Build steps run from the compiled output (a project without one of these modules skips that step).
  for (const [module, step] of [
    ['schema/precompile.js', 'writePrecompiledValidators'],
    ['policy/precompile-packs.js', 'writePackCache'],
    ['rules/precompile-metadata.js', 'writeRuleMetadata'],
  ]) {
    const file = join(root, 'dist', module);
    if (statSync(file, { throwIfNoEntry: false })) await (await import(pathToFileURL(file).href))[step]();
  }
  writeFileSync(stampPath, `${JSON.stringify({ startedAt, typescript: typescriptVersion() })}\n`);
}
