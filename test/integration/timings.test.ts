import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { validateInventory } from '../../src/pipeline/schemas.js';
import { MOTO_ACCOUNT, motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

/** `--timings`: where collection spent its time, in the JSON report (and the saved inventory). */
describe('scan --timings against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
    const { s3 } = seedClients(moto.endpoint);
    for (const name of ['sg-timings-a', 'sg-timings-b', 'sg-timings-c']) await s3.send(new CreateBucketCommand({ Bucket: name }));
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('writes per-operation, per-service and per-account timings whose counts match the metered calls', async () => {
    const output = tempDir();
    const inventoryFile = join(output, 'inventory.json');
    const args = ['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', output, '--format', 'json', '--save-inventory', inventoryFile, '--timings'];
    const run = await runCli(args, motoEnv(moto.endpoint));
    expect(run.code, run.stderr).not.toBe(2);
    const report = readValidReport(output);
    const timings = report.timings;
    expect(timings).toBeDefined();
    if (!timings) return;

    // Every metered call is timed, once.
    expect(Object.fromEntries(Object.entries(timings.operations).map(([operation, span]) => [operation, span.calls]))).toEqual(report.apiCalls);
    expect(timings.calls).toBe(Object.values(report.apiCalls).reduce((a, b) => a + b, 0));
    expect(timings.attempts).toBe(timings.calls); // no retries against a local emulator
    const attribute = timings.operations['S3.GetBucketEncryption'];
    expect(attribute?.calls).toBe(3);
    expect(attribute?.latencyMs.p50).toBeGreaterThan(0);
    expect(attribute?.latencyMs.p50).toBeLessThanOrEqual(attribute?.latencyMs.p95 ?? 0);
    expect(attribute?.latencyMs.p95).toBeLessThanOrEqual(attribute?.latencyMs.max ?? 0);
    expect(timings.services.S3?.calls).toBeGreaterThanOrEqual(3 * 3);
    // Sane clock: busy time within the wall time, the whole scan within the run.
    for (const span of [...Object.values(timings.operations), ...Object.values(timings.services)]) {
      expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);
      expect(span.busyMs).toBeLessThanOrEqual(span.endMs - span.startMs + 0.2);
      expect(span.maxConcurrency).toBeGreaterThanOrEqual(1);
    }
    const runMs = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
    expect(timings.wallMs).toBeGreaterThan(0);
    expect(timings.wallMs).toBeLessThanOrEqual(runMs);
    expect(timings.eventLoopUtilization).toBeGreaterThan(0);
    expect(timings.eventLoopUtilization).toBeLessThanOrEqual(1);

    // The scanned account: its S3 scanner is a phase, and the phase that ended last is its critical path.
    const [account] = timings.accounts;
    expect(account?.accountId).toBe(MOTO_ACCOUNT);
    expect(account?.phases.map((phase) => phase.name)).toContain('s3 global');
    const critical = account?.phases.find((phase) => phase.name === account.criticalPath.phase);
    expect(critical?.endMs).toBe(account?.endMs);
    expect(account?.criticalPath.operations.length).toBeGreaterThan(0);

    // The saved inventory carries the same section, valid against its schema.
    const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory;
    expect(validateInventory(inventory)).toEqual([]);
    expect(inventory.timings?.calls).toBe(timings.calls);
  }, 60_000);

  it('leaves the section out without --timings', async () => {
    const output = tempDir();
    const run = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', output, '--format', 'json'], motoEnv(moto.endpoint));
    expect(run.code, run.stderr).not.toBe(2);
    expect(readValidReport(output).timings).toBeUndefined();
  }, 60_000);
});
