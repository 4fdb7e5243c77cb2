import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCollectionErrors, flattenCollectionErrors } from '../../src/engine/collection-errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import { motoEnv } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { seedAuditorWithoutBucketPolicies } from '../support/s3-seed.js';

const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

/**
 * `collect`, `scan` and `merge` count and explain collection errors one way and honour --allow-incomplete
 * one way: an auditor denied s3:GetBucketPolicy (moto with IAM enforcement) sees the same count and
 * sentence from each command, and exit 3 (0 with --allow-incomplete) from each.
 */
describe('collection errors: collect, scan and merge agree', () => {
  let moto: MotoServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    moto = await startMoto();
    env = motoEnv(moto.endpoint, await seedAuditorWithoutBucketPolicies(moto.endpoint));
    await moto.enforceIam(0);
  });

  afterAll(async () => {
    await moto?.enforceIam(1_000_000);
    await moto?.stop();
  });

  it('collect: the attribute errors count (never "0 scan errors"), exit 3, exit 0 with --allow-incomplete', async () => {
    const dir = tempDir();
    const file = join(dir, 'inventory.json');
    const collect = await runCli(['collect', '--region', 'us-east-1', '--policy', S3_ONLY, '--output', file], env);
    expect(collect.code, collect.stderr).toBe(3);
    const inventory = JSON.parse(readFileSync(file, 'utf8')) as Inventory;
    const errors = flattenCollectionErrors(inventory);
    expect(errors.length).toBe(2); // both buckets' policies
    const sentence = describeCollectionErrors(errors);
    expect(sentence).toBe('2 collection errors: 2 resource attributes could not be read (AccessDenied 2)');
    expect(collect.stderr).toContain(sentence);
    expect(collect.stderr).not.toMatch(/\b0 (scan|collection) errors\b/);
    expect(collect.stderr).toMatch(/INCOMPLETE \(exit 3\): .*--allow-incomplete accepts this/);
    expect(errors.every((error) => error.service === 's3')).toBe(true);

    const allowed = await runCli(['collect', '--region', 'us-east-1', '--policy', S3_ONLY, '--output', file, '--allow-incomplete'], env);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain(sentence);
    expect(allowed.stderr).toContain('accepted with --allow-incomplete');

    // scan counts the same errors, in its report and its gate's reason.
    const out = tempDir();
    const scan = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', out, '--format', 'json'], env);
    expect(scan.code, scan.stderr).toBe(3);
    const report = readValidReport(out);
    expect(report.collectionErrors.length).toBe(errors.length);
    expect(report.gate?.reason).toContain(sentence);
    expect(report.gate?.counts.collectionErrors).toBe(errors.length);

    // merge of the inventory: same count, same sentence, same exit codes.
    const mergedFile = join(dir, 'merged.json');
    const merge = await runCli(['merge', file, '--inventory-output', mergedFile]);
    expect(merge.code, merge.stderr).toBe(3);
    expect(merge.stderr).toContain(sentence);
    const mergeAllowed = await runCli(['merge', file, '--inventory-output', mergedFile, '--allow-incomplete']);
    expect(mergeAllowed.code, mergeAllowed.stderr).toBe(0);

    // merge of the report: the gate recomputed with the merge's flags.
    const mergedReport = await runCli(['merge', join(out, 'squadguard-report.json'), '--output-dir', tempDir(), '--format', 'json', '--allow-incomplete']);
    expect(mergedReport.code, mergedReport.stderr).toBe(0);
    expect(mergedReport.stderr).toContain(sentence);
  });
});
