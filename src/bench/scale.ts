// `node dist/bench/scale.js`: how memory and time grow with the organization, offline. For each size, writes
// a synthetic inventory (--per-account resources per account), runs `evaluate --format all` on it with the
// built CLI under the RSS probe, and prints one JSON line per size. Flags: --sizes 10000,100000,
// --per-account N, --keep (leave the inventories and reports in the work folder).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openJsonDocument } from '../pipeline/json-document.js';
import { builtinRules } from '../rules/index.js';
import { repoRoot } from './moto.js';
import { writeSyntheticInventory } from './synthetic-inventory.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    'per-account': { type: 'string', default: '500' },
    shards: { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
  },
});

const sizes = values.sizes.split(',').map((size) => Number(size));
const perAccount = Number(values['per-account']);
const shards = Number(values.shards);
if (sizes.some((size) => !Number.isInteger(size) || size <= 0) || !Number.isInteger(perAccount) || perAccount <= 0 || !Number.isInteger(shards) || shards < 0) {
  throw new Error('--sizes takes whole numbers > 0 separated by commas, --per-account a whole number > 0, --shards a whole number ≥ 0');
}
const log = (message: string): void => void process.stderr.write(`scale: ${message}\n`);

/** Runs the built CLI under the RSS probe; returns the exit code, wall seconds and peak RSS in MB. */
async function measure(args: string[], rssFile: string): Promise<{ exitCode: number | null; wallSeconds: number; peakRssMb: number }> {
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done, reject) => {
    const child = spawn(process.execPath, ['--import', resolve(repoRoot, 'dist/bench/rss-probe.js'), resolve(repoRoot, 'dist/cli/main.js'), ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SQUADGUARD_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-8000)));
    child.once('error', reject);
    child.once('close', (exit) => done({ code: exit, stderr: text }));
  });
  const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
  if (code === 2 || code === null) throw new Error(`squadguard ${args[0]} failed (exit ${code}): ${stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number };
  return { exitCode: code, wallSeconds, peakRssMb: Number((usage.maxRssKiB / 1024).toFixed(1)) };
}

/** The report's header, read without its findings. */
function reportHeader(path: string): { summary: { total: number } } {
  const document = openJsonDocument(path, { what: 'report', arrayKey: 'findings' });
  document.close();
  return document.header as { summary: { total: number } };
}

/**
 * The same organization judged as `shards` reports of disjoint account ranges (each evaluated with
 * `--format json`, unmeasured), then `merge --format all` of them, measured.
 */
async function measureMerge(size: number, accounts: number, policy: string): Promise<void> {
  const reports: string[] = [];
  const count = Math.min(shards, accounts);
  for (let shard = 0; shard < count; shard++) {
    const firstAccount = Math.floor((accounts * shard) / count);
    const shardAccounts = Math.floor((accounts * (shard + 1)) / count) - firstAccount;
    const inventory = join(work, `inventory-${size}-shard-${shard + 1}.json`);
    writeSyntheticInventory(inventory, { resources: Math.round((size * shardAccounts) / accounts), accounts: shardAccounts, firstAccount, organizationAccounts: accounts });
    const out = join(work, `report-${size}-shard-${shard + 1}`);
    mkdirSync(out);
    log(`evaluating shard ${shard + 1}/${count} of ${size} resources (unmeasured) …`);
    await measure(['evaluate', '--inventory', inventory, '-p', policy, '--format', 'json', '-o', out, '--quiet', '--exit-zero'], join(work, 'rss'));
    reports.push(join(out, 'squadguard-report.json'));
  }
  const out = join(work, `merged-${size}`);
  mkdirSync(out);
  log(`merging ${count} shard reports …`);
  const merge = await measure(['merge', ...reports, '--format', 'all', '-o', out, '--quiet', '--exit-zero'], join(work, 'rss'));
  process.stdout.write(
    `${JSON.stringify({
      command: 'merge --format all',
      resources: size,
      accounts,
      shards: count,
      reportsMb: Number((reports.reduce((sum, report) => sum + statSync(report).size, 0) / 1048576).toFixed(1)),
      findings: reportHeader(join(out, 'squadguard-report.json')).summary.total,
      ...merge,
    })}\n`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'squadguard-scale-'));
try {
  const policy = join(work, 'all-rules.yaml');
  writeFileSync(policy, `name: scale-all-rules\nrules:\n${builtinRules.map((rule) => `  ${rule.id}: on\n`).join('')}`);
  for (const size of sizes) {
    const inventory = join(work, `inventory-${size}.json`);
    const written = writeSyntheticInventory(inventory, { resources: size, accounts: Math.max(1, Math.round(size / perAccount)) });
    const out = join(work, `report-${size}`);
    mkdirSync(out);
    log(`evaluating ${written.resources} resources in ${written.accounts} accounts …`);
    const evaluate = await measure(['evaluate', '--inventory', inventory, '-p', policy, '--format', 'all', '-o', out, '--quiet', '--exit-zero'], join(work, 'rss'));
    const report = reportHeader(join(out, 'squadguard-report.json'));
    process.stdout.write(
      `${JSON.stringify({
        command: 'evaluate --format all',
        resources: written.resources,
        accounts: written.accounts,
        inventoryMb: Number((statSync(inventory).size / 1048576).toFixed(1)),
        findings: report.summary.total,
        ...evaluate,
      })}\n`,
    );
    if (shards > 0) await measureMerge(size, written.accounts, policy);
  }
} finally {
  if (values.keep) log(`kept the inventories and reports in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
