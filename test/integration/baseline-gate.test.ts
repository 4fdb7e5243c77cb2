import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';

/**
 * The CI gate end to end: the same scan twice against moto with the first report as baseline. A fixed
 * resource shows up as resolved; with only existing failures `--fail-on-new` passes; a new violation fails it.
 */
const POLICY = 'test/fixtures/policies/versioning-gate.yaml';
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});

const scan = (dir: string, extra: string[] = []) =>
  runCli(['scan', '--region', 'us-east-1', '-p', POLICY, '--format', 'json,markdown', '-o', dir, ...extra], motoEnv(moto.endpoint));

describe('baseline and --fail-on-new against moto', () => {
  it('resolved after a fix, exit 0 with only existing failures, exit 1 with a new one', async () => {
    const { s3 } = seedClients(moto.endpoint);
    for (const bucket of ['gate-a', 'gate-b', 'gate-c']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    const first = tempDir();
    expect((await scan(first)).code).toBe(1);
    const baseline = join(first, 'squadguard-report.json');
    expect(readValidReport(first).findings.filter((f) => f.status === 'fail')).toHaveLength(3);

    // Fix one bucket: one resolved, the two others existing; --fail-on-new lets the gate pass.
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'gate-a', VersioningConfiguration: { Status: 'Enabled' } }));
    const second = tempDir();
    const existingOnly = await scan(second, ['--baseline', baseline, '--fail-on-new']);
    expect(existingOnly.code, existingOnly.stderr).toBe(0);
    const report = readValidReport(second);
    expect(report.resolved?.map((finding) => finding.resource.name)).toEqual(['gate-a']);
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.baseline)).toEqual(['existing', 'existing']);
    // Without --fail-on-new the existing failures still fail the gate.
    expect((await scan(tempDir(), ['--baseline', baseline])).code).toBe(1);

    // A new violation: the gate fails, and the new failure is marked and listed first in the Markdown summary.
    await s3.send(new CreateBucketCommand({ Bucket: 'gate-new' }));
    const third = tempDir();
    expect((await scan(third, ['--baseline', baseline, '--fail-on-new'])).code).toBe(1);
    const withNew = readValidReport(third);
    expect(withNew.findings.find((f) => f.resource.name === 'gate-new' && f.status === 'fail')?.baseline).toBe('new');
    const markdown = readFileSync(join(third, 'squadguard-report.md'), 'utf8');
    expect(markdown.indexOf('gate-new')).toBeGreaterThan(-1);
    expect(markdown.indexOf('gate-new')).toBeLessThan(markdown.indexOf('gate-b'));
  });
});
