// `npm run bench`: seeds an organization in moto, scans it with the real CLI through a recording proxy
// (holding each request --latency-ms), replays the recorded requests at full concurrency to measure the
// emulator's own capacity for that call mix, and prints one JSON line of measurements per size.
// Flags: --small (CI size), --accounts N, --sizes N,N,… (one line per account count; sizes above 12 use a
// thinner shape per account unless the shape flags say otherwise), --buckets N, --kms-keys N, --vpcs N,
// --roles N, --sagemaker N, --latency-ms N, --account-concurrency N, --concurrency N, --replay-concurrency N
// (default 64), --scans N (measured scans, each followed by a replay of its calls; default 2, 1 at --small: the
// best scan over the best replay is the fraction), --no-replay (nor keep the requests), --formats F,F,… (the
// scan's --format, e.g. `all`; json is always among them), --keep (leave the report and inventory in the work
// folder). An organization of one member account is scanned as that account (`--accounts ID`, as a squad or a
// CI gate scans it), without the organization's discovery.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinRules } from '../rules/index.js';
import { emulatorLoad } from './emulator-load.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { repoRoot, startMotoServer, type BenchMoto } from './moto.js';
import { replay, type ReplayResult } from './replay.js';
import { countResourcesByType, readReportHeader, scanFormats } from './scan-outputs.js';
import { DEFAULT_SHAPE, SMALL_SHAPE, THIN_SHAPE, seedOrganization, type OrgShape } from './seed.js';
import { summariseTimings } from './timings-summary.js';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-replay': { type: 'boolean', default: false },
    accounts: { type: 'string' },
    sizes: { type: 'string' },
    buckets: { type: 'string' },
    'kms-keys': { type: 'string' },
    vpcs: { type: 'string' },
    roles: { type: 'string' },
    sagemaker: { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
    'account-concurrency': { type: 'string' },
    concurrency: { type: 'string' },
    'replay-concurrency': { type: 'string', default: '64' },
    scans: { type: 'string' },
    formats: { type: 'string', default: 'json' },
  },
});

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number ≥ 0, got "${value}"`);
  return n;
}

/** Organizations larger than this are seeded with THIN_SHAPE per account (seeding is serial: minutes per dozen accounts). */
const FULL_SHAPE_UP_TO = 12;

function shapeFor(accounts: number | undefined): OrgShape {
  const count = accounts ?? int(values.accounts, (values.small ? SMALL_SHAPE : DEFAULT_SHAPE).accounts, 'accounts');
  const base = values.small ? SMALL_SHAPE : count > FULL_SHAPE_UP_TO ? THIN_SHAPE : DEFAULT_SHAPE;
  return {
    accounts: count,
    buckets: int(values.buckets, base.buckets, 'buckets'),
    kmsKeys: int(values['kms-keys'], base.kmsKeys, 'kms-keys'),
    vpcs: int(values.vpcs, base.vpcs, 'vpcs'),
    roles: int(values.roles, base.roles, 'roles'),
    sagemaker: int(values.sagemaker, base.sagemaker, 'sagemaker'),
  };
}

const latencyMs = int(values['latency-ms'], 0, 'latency-ms');
const replayConcurrency = int(values['replay-concurrency'], 64, 'replay-concurrency');
const scans = Math.max(1, int(values.scans, values.small ? 1 : 2, 'scans'));
const formats = scanFormats(values.formats);
const sizes = values.sizes ? values.sizes.split(',').map((size) => int(size.trim(), 0, 'sizes')) : [undefined];
const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

async function benchOrganization(emulator: BenchMoto, shape: OrgShape): Promise<Record<string, unknown>> {
  let proxy: LatencyProxy | undefined;
  const work = mkdtempSync(join(tmpdir(), 'squadguard-bench-'));
  try {
    const seedStart = performance.now();
    // Large organizations take minutes to seed: a line every tenth of the way.
    const every = Math.max(10, Math.ceil(shape.accounts / 10));
    const org = await seedOrganization(emulator.endpoint, shape, (seeded) => {
      if (seeded % every === 0 && seeded < shape.accounts) log(`seeded ${seeded}/${shape.accounts} member accounts (${((performance.now() - seedStart) / 1000).toFixed(0)} s) …`);
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`seeded ${org.memberAccountIds.length} member accounts in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(org.created)}`);
    // Every request of the scan passes the proxy (with no latency at 0 ms), which records them for the replay.
    proxy = await startLatencyProxy(emulator.endpoint, latencyMs);

    // Every registered rule on (what platform-baseline enables): the scanners read everything some rule needs.
    const policy = join(work, 'all-rules.yaml');
    writeFileSync(policy, `name: bench-all-rules\nrules:\n${builtinRules.map((rule) => `  ${rule.id}: on\n`).join('')}`);
    const rssFile = join(work, 'rss');
    const cli = ['--import', resolve(repoRoot, 'dist/bench/rss-probe.js'), resolve(repoRoot, 'dist/cli/main.js'), 'scan'];
    const common = ['--region', 'us-east-1', '--role-name', 'OrganizationAccountAccessRole', '-p', policy, '--format', formats, '-o', work, '--quiet'];
    if (values['account-concurrency']) common.push('--account-concurrency', values['account-concurrency']);
    if (values.concurrency) common.push('--concurrency', values.concurrency);
    // One member: that account, as a squad or a CI gate scans it; more: the organization, discovery included.
    const single = org.memberAccountIds.length === 1;
    const targets = single ? ['--accounts', org.memberAccountIds[0] as string] : ['--org', '--exclude-accounts', org.managementAccountId];
    const args = [...cli, ...targets, ...common, '--save-inventory', join(work, 'inventory.json'), '--timings'];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      SQUADGUARD_BENCH_RSS_FILE: rssFile,
      NO_COLOR: '1',
    };
    const scan = (scanArgs: string[]): Promise<{ code: number | null; stderr: string }> =>
      new Promise((done, reject) => {
        const child = spawn(process.execPath, scanArgs, { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let text = '';
        child.stderr.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-8000)));
        child.once('error', reject);
        child.once('close', (exit) => done({ code: exit, stderr: text }));
      });
    // moto loads a service's code on its first request (seconds for some): a scan of one member account first
    // warms every read path, so neither the measured scan nor the replay pays for it (not at the CI size,
    // which must stay well under a minute and whose fraction nobody reads).
    const firstMember = org.memberAccountIds[0];
    if (firstMember && !values.small) {
      log('warming the emulator up with a scan of one member account …');
      await scan([...cli, '--accounts', firstMember, ...common]);
    }
    // Scans and replays alternate, so both see the same machine; a busy machine only ever lowers either
    // measurement, so the best of each is compared.
    const measuredScans: ScanRun[] = [];
    const measured: ReplayResult[] = [];
    const replaying = !values['no-replay'];
    let code: number | null = null;
    for (let n = 0; n < scans; n++) {
      log(`scanning through ${latencyMs > 0 ? `a ${latencyMs} ms latency proxy` : 'a pass-through proxy'} (${n + 1}/${scans}) …`);
      proxy.startRecording({ requests: replaying });
      const started = performance.now();
      const run = await scan(args);
      const wallSeconds = (performance.now() - started) / 1000;
      const recording = proxy.stopRecording();
      code = run.code;
      if (code === 2 || code === null) throw new Error(`scan failed (exit ${code}): ${run.stderr}`);
      const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as ScanRun['usage'];
      // Throughput as the proxy saw it: requests from the scan's first arrival to its last answer.
      const scanSeconds = (recording.lastAnswerMs - recording.firstArrivalMs) / 1000;
      measuredScans.push({
        wallSeconds,
        usage,
        callsPerSecond: scanSeconds > 0 ? recording.count / scanSeconds : 0,
        load: emulatorLoad(recording.atEmulator, recording.firstArrivalMs, recording.lastAnswerMs),
      });
      if (replaying && recording.requests.length > 0) {
        log(`replaying ${recording.requests.length} requests, ${replayConcurrency} in flight (${n + 1}/${scans}) …`);
        measured.push(await replay(recording.requests, proxy.endpoint, replayConcurrency));
      }
    }
    const best = [...measuredScans].sort((x, y) => y.callsPerSecond - x.callsPerSecond)[0] as ScanRun;

    // Both files can be larger than a string holds: read as streams.
    const report = readReportHeader(join(work, 'squadguard-report.json'));
    const resourcesByType = countResourcesByType(join(work, 'inventory.json'));
    const apiCalls = Object.values(report.apiCalls).reduce((sum, n) => sum + n, 0);
    const resources = Object.values(resourcesByType).reduce((sum, n) => sum + n, 0);
    // The emulator's capacity is the best of the replays.
    const capacity = [...measured].sort((x, y) => y.callsPerSecond - x.callsPerSecond)[0];
    return {
      accounts: report.targets.length,
      resources,
      targets: single ? 'account' : 'organization',
      wallSeconds: Number(best.wallSeconds.toFixed(2)),
      collectionSeconds: report.timings ? Number((report.timings.wallMs / 1000).toFixed(2)) : null,
      latencyMs,
      formats,
      apiCalls,
      apiCallsByService: byService(report.apiCalls),
      apiCallsPerResource: resources > 0 ? Number((apiCalls / resources).toFixed(2)) : null,
      apiCallsPerResourceByService: perResourceByService(report.apiCalls, resourcesByType, report.targets.length),
      throttlingRetries: Object.values(report.throttles).reduce((sum, n) => sum + n, 0),
      // The highest of the measured scans.
      peakRssMb: Number((Math.max(...measuredScans.map((run) => run.usage.maxRssKiB)) / 1024).toFixed(1)),
      // CPU the fastest scan's process used (all of it: start-up, collection, evaluation, report).
      cpuSeconds: Number(((best.usage.userCpuUs + best.usage.systemCpuUs) / 1e6).toFixed(2)),
      throughput: {
        scanCallsPerSecond: Number(best.callsPerSecond.toFixed(1)),
        scansCallsPerSecond: measuredScans.map((run) => Number(run.callsPerSecond.toFixed(1))),
        emulatorCallsPerSecond: capacity?.callsPerSecond ?? null,
        replaysCallsPerSecond: measured.map((result) => result.callsPerSecond),
        replayConcurrency,
        replayStatuses: capacity?.statuses ?? null,
      },
      // Idle stretches of the emulator during the scan: time the scan waited on itself.
      emulatorLoad: best.load,
      // The best scan over the best replay; and each scan over the replay of its own calls that followed it.
      throughputFraction: capacity && capacity.callsPerSecond > 0 ? Number((best.callsPerSecond / capacity.callsPerSecond).toFixed(2)) : null,
      throughputFractionPerScan: measured.map((result, n) =>
        result.callsPerSecond > 0 ? Number(((measuredScans[n] as ScanRun).callsPerSecond / result.callsPerSecond).toFixed(2)) : null,
      ),
      exitCode: code,
      findings: report.summary.byStatus,
      collectionErrors: report.collectionErrors.length,
      resourcesByType,
      shape,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      timings: report.timings ? summariseTimings(report.timings) : null,
      apiCallsByOperation: report.apiCalls,
    };
  } finally {
    await proxy?.stop();
    if (values.keep) log(`kept the report, inventory and policy in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** One measured scan: its wall time, the process's peak RSS and CPU, and its throughput at the proxy. */
interface ScanRun {
  wallSeconds: number;
  usage: { maxRssKiB: number; userCpuUs: number; systemCpuUs: number };
  callsPerSecond: number;
  load: ReturnType<typeof emulatorLoad>;
}

function byService(apiCalls: Record<string, number>): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [operation, n] of Object.entries(apiCalls)) {
    const service = operation.split('.')[0] ?? operation;
    calls[service] = (calls[service] ?? 0) + n;
  }
  return Object.fromEntries(Object.entries(calls).sort(([a], [b]) => a.localeCompare(b)));
}

/** The service (as metered) whose calls collect a resource type's resources: `aws.s3.bucket` → S3 (and S3 Control). */
const SERVICE_OF_TYPE: Record<string, string[]> = { s3: ['S3', 'S3Control'], kms: ['KMS'], ec2: ['EC2'], iam: ['IAM'], sagemaker: ['SageMaker'] };

/**
 * API calls per collected resource, by the service that collects them (its resource types together), and the
 * per-account overhead (Organizations, STS) per account: the figures whose growth should stay flat with size.
 */
function perResourceByService(
  apiCalls: Record<string, number>,
  resourcesByType: Record<string, number>,
  accounts: number,
): Record<string, { calls: number; resources: number; callsPerResource: number | null }> {
  const calls = byService(apiCalls);
  const result: Record<string, { calls: number; resources: number; callsPerResource: number | null }> = {};
  for (const [family, services] of Object.entries(SERVICE_OF_TYPE)) {
    const resources = Object.entries(resourcesByType)
      .filter(([type]) => type.split('.')[1] === family)
      .reduce((sum, [, n]) => sum + n, 0);
    const n = services.reduce((sum, service) => sum + (calls[service] ?? 0), 0);
    result[`aws.${family}.*`] = { calls: n, resources, callsPerResource: resources > 0 ? Number((n / resources).toFixed(2)) : null };
  }
  const overhead = (calls.Organizations ?? 0) + (calls.STS ?? 0);
  result['per account (Organizations, STS)'] = { calls: overhead, resources: accounts, callsPerResource: accounts > 0 ? Number((overhead / accounts).toFixed(2)) : null };
  return result;
}

// Runs last: the functions and tables above are initialised by then.
let moto: BenchMoto | undefined;
// An interrupted benchmark must not leave its emulator running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (moto?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
for (const size of sizes) {
  const shape = shapeFor(size);
  moto = await startMotoServer();
  try {
    process.stdout.write(`${JSON.stringify(await benchOrganization(moto, shape))}\n`);
  } finally {
    await moto.stop();
  }
}
