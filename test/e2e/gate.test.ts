import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import type { Report, ReportGate } from '../../src/model/report.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { parseXml } from '../unit/reporters/xml.js';

/**
 * The gate's verdict as every format records it, the flags that shape it, and the times a report keeps
 * apart: the built CLI on copies of the demo inventory.
 */
const DEMO = 'examples/demo-inventory.json';
const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;
const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

function inventoryFile(dir: string, change: (inventory: Inventory) => void = () => undefined): string {
  const copy = structuredClone(demo);
  change(copy);
  const path = join(dir, 'inventory.json');
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** One compliant bucket and the account, Block Public Access on: nothing fails under the S3 policy. */
const compliantOnly = (inventory: Inventory): void => {
  inventory.resources = inventory.resources.filter((resource) => resource.name === 'claims-fraud-features' || resource.type === 'aws.s3.account');
  const blocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  for (const resource of inventory.resources) {
    if (resource.type === 'aws.s3.account') resource.data.publicAccessBlock = blocked;
    else resource.data.accountPublicAccessBlock = blocked;
  }
  inventory.errors = [];
};

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

describe('the gate in every report', () => {
  it('a failing evaluate: the same verdict, exit code and reason in JSON, HTML, Markdown, console, SARIF and JUnit', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'all']);
    expect(run.code, run.stderr).toBe(1);
    const report = readValidReport(dir);
    const gate = report.gate as ReportGate;
    expect(gate).toMatchObject({ failOn: 'high', mode: 'all', verdict: 'fail', exitCode: 1, exitZero: false, allowIncomplete: false });
    expect(gate.counts.gatingFailures).toBe(report.findings.filter((f) => f.status === 'fail' && ['critical', 'high'].includes(f.severity)).length);
    expect(gate.reason).toMatch(/^\d+ unwaived failures at severity high or above \(\d+ critical, \d+ high\)$/);
    expect(Object.keys(report).slice(0, 3)).toEqual(['schemaVersion', 'tool', 'gate']);

    // Console: the first line is the verdict; stderr ends with it too.
    expect(run.stdout.split('\n')[0]).toBe(`FAIL (exit 1): ${gate.reason}`);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`FAIL (exit 1): ${gate.reason}`);
    // HTML: the first element of the body is the gate.
    const html = read(dir, 'squadguard-report.html');
    expect(html).toMatch(/<body>\s*<div id="sg-gate" class="sg-gate sg-gate-fail" role="status" data-verdict="fail" data-exit-code="1">/);
    expect(html).toContain('--fail-on high');
    // Markdown: the headline, then the reason.
    const md = read(dir, 'squadguard-report.md').split('\n');
    expect(md[0]).toBe('## ❌ squadguard: FAIL (exit 1)');
    expect(md[2]).toContain(`**${gate.reason}.** Gate: --fail-on high · every unwaived failure counts · no baseline.`);
    // SARIF: run properties and the invocation's exit code.
    const sarif = JSON.parse(read(dir, 'squadguard-report.sarif')) as { runs: Array<{ properties: { gate: ReportGate }; invocations: Array<{ exitCode: number; exitCodeDescription: string }> }> };
    expect(sarif.runs[0]?.properties.gate).toEqual(gate);
    expect(sarif.runs[0]?.invocations[0]).toMatchObject({ exitCode: 1, exitCodeDescription: `FAIL (exit 1): ${gate.reason}` });
    // JUnit: a first suite without test cases carries the gate as properties.
    const suite = parseXml(read(dir, 'squadguard-report.junit.xml')).children[0];
    expect(suite?.attributes.name).toBe('squadguard gate');
    const properties = Object.fromEntries((suite?.children[0]?.children ?? []).map((p) => [p.attributes.name, p.attributes.value]));
    expect(properties).toMatchObject({ 'gate.verdict': 'fail', 'gate.exitCode': '1', 'gate.failOn': 'high', 'gate.mode': 'all' });
  });

  it('--exit-zero and --fail-on: the verdict stays, the exit code and the settings say what was in force', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json,markdown,console', '--fail-on', 'critical', '--exit-zero']);
    expect(run.code, run.stderr).toBe(0);
    const gate = readValidReport(dir).gate as ReportGate;
    expect(gate).toMatchObject({ failOn: 'critical', verdict: 'fail', exitCode: 0, exitZero: true });
    expect(gate.reason).toMatch(/at severity critical or above/);
    expect(run.stdout.split('\n')[0]).toBe(`FAIL (exit 0 with --exit-zero; the gate decided 1): ${gate.reason}`);
    expect(read(dir, 'squadguard-report.md').split('\n')[0]).toBe('## ❌ squadguard: FAIL (exit 0, --exit-zero)');
  });

  it('a passing and an incomplete run: verdict pass (exit 0), incomplete (exit 3), pass with --allow-incomplete', async () => {
    const dir = tempDir();
    const clean = inventoryFile(dir, compliantOnly);
    const pass = await runCli(['evaluate', '--inventory', clean, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json,html,console']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(readValidReport(dir).gate).toMatchObject({ verdict: 'pass', exitCode: 0, reason: 'no unwaived failure at severity high or above, and the scan saw everything it needed' });
    expect(read(dir, 'squadguard-report.html')).toMatch(/<body>\s*<div id="sg-gate" class="sg-gate sg-gate-pass"/);
    expect(pass.stdout.split('\n')[0]).toMatch(/^PASS \(exit 0\): /);

    const denied = inventoryFile(tempDir(), (inventory) => {
      compliantOnly(inventory);
      const bucket = inventory.resources.find((resource) => resource.type === 'aws.s3.bucket');
      if (!bucket) throw new Error('demo bucket missing');
      delete bucket.data.policy;
      bucket.errors = { policy: { code: 'AccessDenied', message: 'denied', operation: 'S3.GetBucketPolicy' } };
    });
    const incomplete = await runCli(['evaluate', '--inventory', denied, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json,console']);
    expect(incomplete.code, incomplete.stderr).toBe(3);
    const gate = readValidReport(dir).gate as ReportGate;
    expect(gate).toMatchObject({ verdict: 'incomplete', exitCode: 3, counts: { collectionErrors: 1 } });
    expect(gate.reason).toContain('1 collection error: 1 resource attribute could not be read (AccessDenied 1)');
    expect(incomplete.stdout.split('\n')[0]).toMatch(/^INCOMPLETE \(exit 3\): no unwaived failure .* a failure may be hidden$/);
    const allowed = await runCli(['evaluate', '--inventory', denied, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json', '--allow-incomplete']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(readValidReport(dir).gate).toMatchObject({ verdict: 'pass', allowIncomplete: true, reason: expect.stringContaining('accepted with --allow-incomplete') });
  });

  it('--fail-on-new without --baseline is a usage error (exit 2) in evaluate, scan (before any AWS call) and merge', async () => {
    const dir = tempDir();
    for (const args of [
      ['evaluate', '--inventory', DEMO, '--fail-on-new', '--output-dir', dir],
      // Port 9 on loopback (discard): nothing answers; the flag check comes before any call.
      ['scan', '--region', 'eu-central-1', '--fail-on-new', '--output-dir', dir],
    ]) {
      const run = await runCli(args, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_EC2_METADATA_DISABLED: 'true' });
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('--fail-on-new needs --baseline');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    const first = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json']);
    expect(first.code).toBe(1);
    const merge = await runCli(['merge', join(dir, 'squadguard-report.json'), '--fail-on-new', '--output-dir', tempDir()]);
    expect(merge.code, merge.stderr).toBe(2);
    expect(merge.stderr).toContain('--fail-on-new needs --baseline');
  });

  it('--fail-on-new with a baseline: mode new, the baseline file and its fingerprint count; existing failures do not fail', async () => {
    const base = tempDir();
    expect((await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', base, '--format', 'json'])).code).toBe(1);
    const baseline = readValidReport(base);
    const baselineFile = join(base, 'squadguard-report.json');
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json,markdown,console', '--baseline', baselineFile, '--fail-on-new']);
    const gate = readValidReport(dir).gate as ReportGate;
    expect(gate).toMatchObject({ mode: 'new', baseline: { source: baselineFile, fingerprints: baseline.findings.length } });
    expect(gate.counts.gatingFailures).toBe(0);
    expect(gate.counts.ignoredFailures).toBeGreaterThan(0);
    expect(gate.reason).toMatch(/^no new unwaived failure at severity high or above \(\d+ existing failures not counted: --fail-on-new\)/);
    // The demo has collection errors: nothing new fails, but the scan could not see everything.
    expect(run.code, run.stderr).toBe(3);
    expect(read(dir, 'squadguard-report.md')).toContain(`baseline ${baselineFile} (${baseline.findings.length} fingerprints)`);
  });

  it('merge recomputes the gate for the merged report; reports without a gate (older versions) still merge and serve as baselines', async () => {
    const dir = tempDir();
    expect((await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json', '--exit-zero', '--fail-on', 'low'])).code).toBe(0);
    const file = join(dir, 'squadguard-report.json');
    const old = structuredClone(readValidReport(dir)) as Partial<Report>;
    expect(old.gate).toMatchObject({ failOn: 'low', exitZero: true });
    delete old.gate;
    delete old.collection;
    const oldFile = join(dir, 'old-report.json');
    writeFileSync(oldFile, JSON.stringify(old));

    const out = tempDir();
    const merged = await runCli(['merge', oldFile, '--output-dir', out, '--format', 'json']);
    expect(merged.code, merged.stderr).toBe(1);
    expect(readValidReport(out).gate).toMatchObject({ failOn: 'high', exitZero: false, verdict: 'fail', exitCode: 1 });
    const again = await runCli(['merge', file, '--output-dir', out, '--format', 'json', '--fail-on', 'critical', '--baseline', oldFile, '--fail-on-new']);
    expect(again.code, again.stderr).toBe(3); // nothing new fails; the demo's collection errors remain
    expect(readValidReport(out).gate).toMatchObject({ failOn: 'critical', mode: 'new', verdict: 'incomplete', baseline: { source: oldFile } });
    const allowed = await runCli(['merge', file, '--output-dir', out, '--format', 'json', '--fail-on', 'critical', '--baseline', oldFile, '--fail-on-new', '--allow-incomplete']);
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});

describe('collection time and evaluation time stay apart', () => {
  it('evaluating a 10-day-old inventory: the run takes seconds (JUnit time, HTML, Markdown), the collection keeps its own dates', async () => {
    const dir = tempDir();
    const collectedAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const collectedEnd = new Date(Date.parse(collectedAt) + 300_000).toISOString();
    const inventory = inventoryFile(dir, (copy) => {
      copy.collectedAt = collectedAt;
      copy.finishedAt = collectedEnd;
    });
    const before = new Date().toISOString();
    const run = await runCli(['evaluate', '--inventory', inventory, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'all', '--exit-zero']);
    expect(run.code, run.stderr).toBe(0);
    const report = readValidReport(dir);
    expect(report.collection).toEqual({ startedAt: collectedAt, finishedAt: collectedEnd });
    expect(report.startedAt >= before).toBe(true);
    const junit = parseXml(read(dir, 'squadguard-report.junit.xml'));
    expect(Number(junit.attributes.time)).toBeLessThan(120);
    expect(junit.children[1]?.attributes.timestamp).toBe(report.startedAt.replace(/\.\d+Z$/, ''));
    const html = read(dir, 'squadguard-report.html');
    expect(html).toContain(`inventory collected ${collectedAt} → ${collectedEnd} (5 min 0 s)`);
    expect(html).toContain(`report run ${report.startedAt} → ${report.finishedAt}`);
    expect(html).not.toMatch(/report run \S+ → \S+ \(\d+ h/);
    expect(read(dir, 'squadguard-report.md')).toContain(`inventory collected ${collectedAt}`);
    const sarif = JSON.parse(read(dir, 'squadguard-report.sarif')) as { runs: Array<{ invocations: Array<{ startTimeUtc: string }>; properties: { inventoryCollection: unknown } }> };
    expect(sarif.runs[0]?.invocations[0]?.startTimeUtc).toBe(report.startedAt);
    expect(sarif.runs[0]?.properties.inventoryCollection).toEqual(report.collection);
  });
});
