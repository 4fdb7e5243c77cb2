import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commandLine, splitArgs } from '../../scripts/action-run.mjs';
import { tempDir } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

/** The GitHub Action (action.yml) and its run step (scripts/action-run.mjs), run locally without GitHub. */
const SCRIPT = resolve(projectRoot, 'scripts/action-run.mjs');
const FAKE = resolve(projectRoot, 'test/fixtures/action/fake-cli.mjs');

interface ActionRun {
  code: number | null;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  args?: string[];
}

function runAction(inputs: Record<string, string>, extra: Record<string, string> = {}): ActionRun {
  const dir = tempDir('squadguard-action-');
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), FAKE_ARGS_FILE: join(dir, 'args.json') };
  for (const file of [files.GITHUB_OUTPUT, files.GITHUB_STEP_SUMMARY]) writeFileSync(file, '');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', GITHUB_WORKSPACE: dir, ...files, ...inputs, ...extra };
  const child = spawnSync(process.execPath, [SCRIPT], { cwd: projectRoot, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  let args: string[] | undefined;
  try {
    args = JSON.parse(readFileSync(files.FAKE_ARGS_FILE, 'utf8')) as string[];
  } catch {
    args = undefined;
  }
  return { code: child.status, stderr: child.stderr, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), args };
}

describe('GitHub Action run step', () => {
  it('builds the squadguard command line from the inputs', () => {
    expect(
      commandLine({
        INPUT_COMMAND: 'scan',
        INPUT_POLICIES: 'platform-baseline, serving-prod',
        INPUT_FAIL_ON: 'medium',
        INPUT_BASELINE: 'baseline.json',
        INPUT_FAIL_ON_NEW: 'true',
        INPUT_FORMATS: 'json,html',
        INPUT_UPLOAD_SARIF: 'true',
        INPUT_ARGS: '--region eu-west-1 --accounts 210987654321 --role-name "squad guard"',
      }),
    ).toEqual([
      'scan', '--policy', 'platform-baseline', '--policy', 'serving-prod', '--fail-on', 'medium', '--format', 'json,html,sarif,markdown',
      '--output-dir', 'reports', '--baseline', 'baseline.json', '--fail-on-new', '--region', 'eu-west-1', '--accounts', '210987654321', '--role-name', 'squad guard',
    ]);
    expect(commandLine({ INPUT_COMMAND: 'validate-policy', INPUT_POLICIES: 'policies/a.yaml\npolicies/b.yaml' })).toEqual(['validate-policy', 'policies/a.yaml', 'policies/b.yaml']);
    // GitHub's own INPUT_ naming (hyphens kept) works as well.
    expect(commandLine({ 'INPUT_FAIL-ON': 'low' })).toContain('low');
  });

  it('splits args like shell words but never expands anything', () => {
    expect(splitArgs(`--a 'x y' "z \\"q\\"" $HOME \`id\` $(id) a\\ b`)).toEqual(['--a', 'x y', 'z "q"', '$HOME', '`id`', '$(id)', 'a b']);
    expect(() => splitArgs(`--a 'open`)).toThrow(/unclosed ' quote/);
  });

  it('runs the command line it prints and passes the exit code through (3 stays 3), with its outputs', () => {
    const run = runAction(
      { INPUT_COMMAND: 'scan', INPUT_POLICIES: 'serving-prod', INPUT_ARGS: '--region eu-west-1 --org' },
      { SQUADGUARD_ACTION_CLI: FAKE, FAKE_EXIT: '3' },
    );
    expect(run.code).toBe(3);
    expect(run.args).toEqual(['scan', '--policy', 'serving-prod', '--fail-on', 'high', '--format', 'json,sarif,markdown,console', '--output-dir', 'reports', '--region', 'eu-west-1', '--org']);
    expect(run.stderr).toContain('squadguard scan --policy serving-prod --fail-on high --format json,sarif,markdown,console --output-dir reports --region eu-west-1 --org');
    expect(run.outputs['exit-code']).toBe('3');
    expect(run.outputs['report-dir']).toMatch(/reports$/);
    for (const code of ['0', '1', '2']) expect(runAction({}, { SQUADGUARD_ACTION_CLI: FAKE, FAKE_EXIT: code }).code).toBe(Number(code));
  });

  it('a bad input is a usage error (exit 2) naming the input, and nothing runs', () => {
    const bad = runAction({ INPUT_FAIL_ON: 'severe' }, { SQUADGUARD_ACTION_CLI: FAKE });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('::error::squadguard action: input fail-on: "severe"');
    expect(bad.args).toBeUndefined();
    expect(runAction({ INPUT_COMMAND: 'rm' }, { SQUADGUARD_ACTION_CLI: FAKE }).code).toBe(2);
    expect(runAction({ INPUT_FAIL_ON_NEW: 'true' }, { SQUADGUARD_ACTION_CLI: FAKE }).stderr).toContain('fail-on-new needs a baseline');
  });

  it('end to end with the built CLI: evaluates the demo, exit 1, SARIF output for the upload step, Markdown in the job summary', () => {
    const dir = tempDir('squadguard-action-reports-');
    const run = runAction({
      INPUT_COMMAND: 'evaluate',
      INPUT_OUTPUT_DIR: dir,
      INPUT_UPLOAD_SARIF: 'true',
      INPUT_FORMATS: 'json',
      INPUT_ARGS: '--inventory examples/demo-inventory.json --directory examples/organization-accounts.yaml -q',
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.outputs['sarif-file']).toBe(join(dir, 'squadguard-report.sarif'));
    expect(JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(run.summary).toContain('squadguard');
  });
});

interface ActionYaml {
  runs: { using: string; steps: Array<{ uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string>; 'working-directory'?: string }> };
  inputs: Record<string, { default?: string }>;
}

describe('action.yml', () => {
  const action = parse(readFileSync(resolve(projectRoot, 'action.yml'), 'utf8')) as ActionYaml;
  const steps = action.runs.steps;

  it('is a composite action: set up Node, build from the action checkout, run the script, upload SARIF when asked', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps[0]?.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(steps[1]).toMatchObject({ 'working-directory': '${{ github.action_path }}', run: expect.stringContaining('npm ci') });
    expect(steps[1]?.run).toContain('npm run build');
    expect(steps[2]?.run).toBe('node "$GITHUB_ACTION_PATH/scripts/action-run.mjs"');
    expect(steps[3]?.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(steps[3]?.if).toContain("inputs.upload-sarif == 'true'");
    expect(steps[3]?.if).toContain('always()');
  });

  it('hands every input the script reads to its environment', () => {
    const env = steps[2]?.env ?? {};
    for (const name of Object.keys(action.inputs)) {
      if (name === 'node-version' || name === 'sarif-category') continue; // used by the other steps
      expect(env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`], name).toBe(`\${{ inputs.${name} }}`);
    }
  });
});

describe('example workflows', () => {
  it.each(['promotion-gate.yml', 'scheduled-org-scan.yml', 'sharded-org-scan.yml'])('%s runs squadguard through the action', (file) => {
    const workflow = parse(readFileSync(resolve(projectRoot, 'examples/github-actions', file), 'utf8')) as {
      jobs: Record<string, { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const uses = steps.filter((step) => step.uses === './' || /\/squadguard@v/.test(step.uses ?? ''));
    expect(uses.length).toBeGreaterThan(0);
    expect(steps.some((step) => /npm install --global|node dist\/cli/.test(step.run ?? ''))).toBe(false);
    // every input given is one the action declares
    const declared = Object.keys((parse(readFileSync(resolve(projectRoot, 'action.yml'), 'utf8')) as ActionYaml).inputs);
    for (const step of uses) for (const name of Object.keys(step.with ?? {})) expect(declared, `${file}: ${name}`).toContain(name);
  });
});
