import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/schema/ajv.js';
import { runCli, tempDir } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

const DEMO = ['--inventory', 'examples/demo-inventory.json', '--directory', 'examples/organization-accounts.yaml'];

describe('integrations through the built CLI', () => {
  it('--format ocsf writes JSON Lines, every line a valid Detection Finding, one per finding of the JSON report', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', ...DEMO, '--format', 'json,ocsf', '-o', dir, '-q']);
    expect(run.code, run.stderr).toBe(1);
    const lines = readFileSync(join(dir, 'squadguard-report.ocsf.jsonl'), 'utf8').trimEnd().split('\n');
    const report = JSON.parse(readFileSync(join(dir, 'squadguard-report.json'), 'utf8')) as { findings: Array<{ fingerprint: string }> };
    expect(lines).toHaveLength(report.findings.length);
    const validate = createAjv().compile(JSON.parse(readFileSync(resolve(projectRoot, 'schemas/ocsf/detection_finding.schema.json'), 'utf8')) as object);
    const events = lines.map((line) => JSON.parse(line) as { finding_info: { uid: string } });
    expect(events.filter((event) => !validate(event))).toEqual([]);
    expect(events.map((event) => event.finding_info.uid)).toEqual(report.findings.map((finding) => finding.fingerprint));
  });

  it('scanning-role-policy --security-hub-sink prints the sink policy; the default policy stays read-only', async () => {
    const sink = await runCli(['scanning-role-policy', '--security-hub-sink', '--security-hub-account', '999988887777']);
    expect(sink.code, sink.stderr).toBe(0);
    const policy = JSON.parse(sink.stdout) as { Statement: Array<{ Action: string[]; Resource: string }> };
    expect(policy.Statement.flatMap((s) => s.Action)).toEqual(['securityhub:BatchImportFindings', 'securityhub:BatchUpdateFindings', 'securityhub:GetFindings']);
    expect(policy.Statement.every((s) => s.Resource.includes(':999988887777:'))).toBe(true);
    const audit = await runCli(['scanning-role-policy']);
    expect(audit.stdout).not.toContain('securityhub');
    expect((await runCli(['scanning-role-policy', '--security-hub-account', '1'])).code).toBe(2);
  });

  it('--security-hub settings without --security-hub, or a bad hub region, are usage errors before anything runs', async () => {
    const stray = await runCli(['evaluate', ...DEMO, '--security-hub-region', 'eu-west-1', '-o', tempDir()]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--security-hub-region needs --security-hub');
    const bad = await runCli(['evaluate', ...DEMO, '--security-hub', '--security-hub-region', 'mars-1', '-o', tempDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"mars-1" is not an AWS region name');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
