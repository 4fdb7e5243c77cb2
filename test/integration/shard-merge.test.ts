import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { motoEnv } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { seedOrganization, type SeededOrg } from '../support/org.js';

let moto: MotoServer;
let org: SeededOrg;
let env: Record<string, string>;
const POLICY = 'test/fixtures/policies/org-s3.yaml';
const SHARDS = 3;

beforeAll(async () => {
  moto = await startMoto();
  org = await seedOrganization(moto.endpoint);
  env = motoEnv(moto.endpoint);
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

/**
 * What must not change between an unsharded scan and merged shards. The order of the accounts may: a scan
 * writes its accounts' findings in the order it judged them, a merge shard after shard.
 */
function judged(report: Report) {
  const byAccount = (a: Report['findings'][number], b: Report['findings'][number]): number =>
    a.resource.accountId.localeCompare(b.resource.accountId);
  return {
    findings: [...report.findings].sort(byAccount).map((finding) => ({
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      status: finding.status,
      arn: finding.resource.arn,
      accountId: finding.resource.accountId,
      squad: finding.squad,
      accountType: finding.accountType,
    })),
    targets: report.targets.map(({ accountId, squad, accountType, ouPath, policies }) => ({ accountId, squad, accountType, ouPath, policies })),
    summary: report.summary,
    collectionErrors: report.collectionErrors,
  };
}

async function scan(args: string[]): Promise<{ code: number | null; dir: string; stderr: string }> {
  const dir = tempDir();
  const run = await runCli(['scan', '--org', '--region', 'us-east-1', '-p', POLICY, '--format', 'json', '-o', dir, ...args], env);
  return { code: run.code, dir, stderr: run.stderr };
}

describe('--shard I/N and squadguard merge', () => {
  it('N shard reports merged equal one unsharded scan: same findings, fingerprints, summary and exit code', async () => {
    const whole = await scan([]);
    expect(whole.code).toBe(1);
    const unsharded = readValidReport(whole.dir);
    expect(unsharded.targets).toHaveLength(org.members.length + 1);

    const shardDirs: string[] = [];
    const perShard: string[][] = [];
    for (let index = 1; index <= SHARDS; index++) {
      const shard = await scan(['--shard', `${index}/${SHARDS}`]);
      const report = readValidReport(shard.dir);
      expect(report.shards).toHaveLength(1);
      perShard.push(report.targets.map((target) => target.accountId));
      shardDirs.push(shard.dir);
    }
    // Every account in exactly one shard, balanced by account count (5 accounts over 3 shards: 2, 2, 1).
    const all = perShard.flat().sort();
    expect(all).toEqual(unsharded.targets.map((target) => target.accountId).sort());
    expect(new Set(all).size).toBe(all.length);
    expect(perShard.map((accounts) => accounts.length).sort()).toEqual([1, 2, 2]);

    // Deterministic: the same shard gets the same accounts on another run.
    const again = readValidReport((await scan(['--shard', `1/${SHARDS}`])).dir);
    expect(again.targets.map((target) => target.accountId)).toEqual(perShard[0]);

    const out = tempDir();
    const merged = await runCli(['merge', ...shardDirs.map((dir) => join(dir, 'squadguard-report.json')), '--format', 'json', '-o', out], env);
    expect(merged.code).toBe(1);
    const report = readValidReport(out);
    expect(judged(report)).toEqual(judged(unsharded));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.shards?.map((shard) => shard.index)).toEqual([1, 2, 3]);
  });

  it('a missing shard makes the merged report incomplete (exit 3 when the rest passes)', async () => {
    const dirs: string[] = [];
    for (const index of [1, 3]) {
      const dir = tempDir();
      await runCli(
        ['scan', '--org', '--region', 'us-east-1', '-p', 'test/fixtures/policies/org-passing.yaml', '--shard', `${index}/${SHARDS}`, '--format', 'json', '-o', dir],
        env,
      );
      dirs.push(dir);
    }
    const out = tempDir();
    const merged = await runCli(['merge', ...dirs.map((dir) => join(dir, 'squadguard-report.json')), '--format', 'json', '-o', out], env);
    expect(merged.code).toBe(3);
    const report = readValidReport(out);
    expect(report.collectionErrors).toEqual([expect.objectContaining({ code: 'MissingShard', message: expect.stringContaining(`shard 2/${SHARDS}`) })]);

    const twice = await runCli(['merge', join(dirs[0] as string, 'squadguard-report.json'), join(dirs[0] as string, 'squadguard-report.json'), '-o', tempDir()], env);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('given twice');
  });

  it('shard inventories merged and evaluated equal the unsharded scan', async () => {
    const inventories: string[] = [];
    for (let index = 1; index <= SHARDS; index++) {
      const file = join(tempDir(), 'inventory.json');
      const run = await runCli(['collect', '--org', '--region', 'us-east-1', '-p', POLICY, '--shard', `${index}/${SHARDS}`, '--output', file], env);
      expect(run.code).toBe(0);
      inventories.push(file);
    }
    const mergedInventory = join(tempDir(), 'merged.json');
    const merge = await runCli(['merge', ...inventories, '--inventory-output', mergedInventory], env);
    expect(merge.code).toBe(0);
    const out = tempDir();
    const evaluated = await runCli(['evaluate', '--inventory', mergedInventory, '-p', POLICY, '--format', 'json', '-o', out], env);
    expect(evaluated.code).toBe(1);
    const unsharded = readValidReport((await scan([])).dir);
    expect(judged(readValidReport(out))).toEqual(judged(unsharded));
  });
});
