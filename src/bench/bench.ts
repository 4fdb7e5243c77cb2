// `npm run bench`: seeds an organization in moto, scans it with the real CLI through an optional latency
// proxy, and prints one JSON line of measurements. Flags: --small (CI size), --accounts N, --buckets N,
// --kms-keys N, --vpcs N, --roles N, --sagemaker N, --latency-ms N, --account-concurrency N, --concurrency N,
// --keep (leave the report and inventory in the work folder).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Inventory } from '../model/inventory.js';
import type { Report } from '../model/report.js';
import { builtinRules } from '../rules/index.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { repoRoot, startMotoServer } from './moto.js';
import { DEFAULT_SHAPE, SMALL_SHAPE, seedOrganization, type OrgShape } from './seed.js';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    accounts: { type: 'string' },
    buckets: { type: 'string' },
    'kms-keys': { type: 'string' },
    vpcs: { type: 'string' },
    roles: { type: 'string' },
    sagemaker: { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
    'account-concurrency': { type: 'string' },
    concurrency: { type: 'string' },
  },
});

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number ≥ 0, got "${value}"`);
  return n;
}

const base = values.small ? SMALL_SHAPE : DEFAULT_SHAPE;
const shape: OrgShape = {
  accounts: int(values.accounts, base.accounts, 'accounts'),
  buckets: int(values.buckets, base.buckets, 'buckets'),
  kmsKeys: int(values['kms-keys'], base.kmsKeys, 'kms-keys'),
  vpcs: int(values.vpcs, base.vpcs, 'vpcs'),
  roles: int(values.roles, base.roles, 'roles'),
  sagemaker: int(values.sagemaker, base.sagemaker, 'sagemaker'),
};
const latencyMs = int(values['latency-ms'], 0, 'latency-ms');
const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

const moto = await startMotoServer();
// An interrupted benchmark must not leave its emulator running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void moto.stop().finally(() => process.exit(130));
  });
}
let proxy: LatencyProxy | undefined;
const work = mkdtempSync(join(tmpdir(), 'squadguard-bench-'));
try {
  const seedStart = performance.now();
  const org = await seedOrganization(moto.endpoint, shape);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  log(`seeded ${org.memberAccountIds.length} member accounts in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(org.created)}`);
  if (latencyMs > 0) proxy = await startLatencyProxy(moto.endpoint, latencyMs);
  const endpoint = proxy?.endpoint ?? moto.endpoint;

  // Every registered rule on (what platform-baseline enables): the scanners read everything some rule needs.
  const policy = join(work, 'all-rules.yaml');
  writeFileSync(policy, `name: bench-all-rules\nrules:\n${builtinRules.map((rule) => `  ${rule.id}: on\n`).join('')}`);
  const rssFile = join(work, 'rss');
  const args = [
    '--import',
    resolve(repoRoot, 'dist/bench/rss-probe.js'),
    resolve(repoRoot, 'dist/cli/main.js'),
    'scan',
    '--org',
    '--exclude-accounts',
    org.managementAccountId,
    '--region',
    'us-east-1',
    '--role-name',
    'OrganizationAccountAccessRole',
    '-p',
    policy,
    '--format',
    'json',
    '-o',
    work,
    '--save-inventory',
    join(work, 'inventory.json'),
    '--quiet',
  ];
  if (values['account-concurrency']) args.push('--account-concurrency', values['account-concurrency']);
  if (values.concurrency) args.push('--concurrency', values.concurrency);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    SQUADGUARD_BENCH_RSS_FILE: rssFile,
    NO_COLOR: '1',
  };
  log(`scanning through ${proxy ? `a ${latencyMs} ms latency proxy` : 'moto directly'} …`);
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((done, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-8000)));
    child.once('error', reject);
    child.once('close', (exit) => done({ code: exit, stderr: text }));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (code === 2 || code === null) throw new Error(`scan failed (exit ${code}): ${stderr}`);

  const report = JSON.parse(readFileSync(join(work, 'squadguard-report.json'), 'utf8')) as Report;
  const inventory = JSON.parse(readFileSync(join(work, 'inventory.json'), 'utf8')) as Inventory;
  const apiCalls = Object.values(report.apiCalls).reduce((sum, n) => sum + n, 0);
  const byService: Record<string, number> = {};
  for (const [operation, n] of Object.entries(report.apiCalls)) {
    const service = operation.split('.')[0] ?? operation;
    byService[service] = (byService[service] ?? 0) + n;
  }
  const resourcesByType: Record<string, number> = {};
  for (const resource of inventory.resources) resourcesByType[resource.type] = (resourcesByType[resource.type] ?? 0) + 1;
  const resources = inventory.resources.length;
  const peakRssKiB = Number(readFileSync(rssFile, 'utf8'));
  const result = {
    accounts: report.targets.length,
    resources,
    wallSeconds: Number(wallSeconds.toFixed(2)),
    latencyMs,
    apiCalls,
    apiCallsByService: Object.fromEntries(Object.entries(byService).sort(([a], [b]) => a.localeCompare(b))),
    apiCallsPerResource: resources > 0 ? Number((apiCalls / resources).toFixed(2)) : null,
    throttlingRetries: Object.values(report.throttles).reduce((sum, n) => sum + n, 0),
    peakRssMb: Number((peakRssKiB / 1024).toFixed(1)),
    exitCode: code,
    findings: report.summary.byStatus,
    collectionErrors: report.collectionErrors.length,
    resourcesByType,
    shape,
    seedSeconds: Number(seedSeconds.toFixed(1)),
    apiCallsByOperation: report.apiCalls,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await proxy?.stop();
  await moto.stop();
  if (values.keep) log(`kept the report, inventory and policy in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
