/** `squadguard plan` end to end: the built CLI on plan files and stdin, its exit codes and reports. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';

const FIXTURES = 'test/fixtures/terraform-plans';
const TRIVY = `${FIXTURES}/trivy-tfjson-testdata/plan.json`;
const ACCOUNT = ['--account-id', '123456789012', '--region', 'eu-west-1', '--account-type', 'modeling'];

describe('squadguard plan (built CLI)', () => {
  it('judges a plan file: exit 1 on failures, findings name the Terraform address in JSON and SARIF', async () => {
    const out = tempDir();
    const run = await runCli(['plan', TRIVY, ...ACCOUNT, '-f', 'json,sarif,console', '-o', out]);
    expect(run.stderr).toContain('exit 1');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('(aws_security_group.sg)');
    const report = readValidReport(out);
    const sg = report.findings.find(
      (finding) => finding.ruleId === 'ec2-security-group-no-ingress-from-internet',
    );
    expect(sg?.status).toBe('fail');
    expect(sg?.resource.terraformAddress).toBe('aws_security_group.sg');
    const bucket = report.findings.find(
      (finding) => finding.resource.terraformAddress === 'aws_s3_bucket.planbucket',
    );
    expect(bucket?.resource.arn).toBe('arn:aws:s3:::tfsec-plan-testing');
    expect(report.notes.join('\n')).toMatch(/do not run on plans: .*iam-access-key-rotated/);
    const sarif = readFileSync(join(out, 'squadguard-report.sarif'), 'utf8');
    expect(sarif).toContain('"terraformAddress": "aws_security_group.sg"');
  });

  it('reads UTF-16 from stdin (`-`) and gates on --fail-on', async () => {
    const plan = readFileSync(`${FIXTURES}/checkov-plan_encodings/tfplan_win_utf16.json`);
    const out = tempDir();
    const run = await runCli(
      ['plan', '-', ...ACCOUNT, '-f', 'json', '-o', out, '--fail-on', 'critical', '--allow-incomplete'],
      {},
      projectRoot,
      plan,
    );
    expect(run.stderr).toContain('exit 0');
    expect(run.code).toBe(0);
    expect(
      readValidReport(out).findings.some(
        (finding) => finding.resource.terraformAddress === 'aws_s3_bucket.data',
      ),
    ).toBe(true);
  });

  it('exits 2 for a state file, a report, a future format and an unknown account', async () => {
    const state = await runCli(['plan', `${FIXTURES}/checkov-plan/corrupted-tfplan.json`, ...ACCOUNT]);
    expect(state.code).toBe(2);
    expect(state.stderr).toMatch(/is Terraform state JSON/);
    expect(state.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const dir = tempDir();
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ format_version: '2.0', resource_changes: [] }));
    const version = await runCli(['plan', future, ...ACCOUNT]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/only major versions 0 and 1/);
    const noAccount = await runCli(['plan', TRIVY, '--region', 'eu-west-1']);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toMatch(/pass --account-id/);
  });

  it('exits 3 for an incomplete plan unless --allow-incomplete', async () => {
    const dir = tempDir();
    const plan = JSON.parse(
      readFileSync(`${FIXTURES}/checkov-plan_encodings/tfplan_win_utf8.json`, 'utf8'),
    ) as Record<string, unknown>;
    plan.complete = false;
    const path = join(dir, 'partial.json');
    writeFileSync(path, JSON.stringify(plan));
    const strict = await runCli(['plan', path, ...ACCOUNT, '-f', 'json', '-o', dir, '--fail-on', 'critical']);
    expect(strict.code).toBe(3);
    expect(readValidReport(dir).collectionErrors.some((error) => error.code === 'PlanIncomplete')).toBe(true);
    const allowed = await runCli([
      'plan',
      path,
      ...ACCOUNT,
      '-f',
      'json',
      '-o',
      dir,
      '--fail-on',
      'critical',
      '--allow-incomplete',
    ]);
    expect(allowed.code).toBe(0);
  });
});
