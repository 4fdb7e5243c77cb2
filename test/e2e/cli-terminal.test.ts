/**
 * The built CLI on a terminal, a pipe and a CI log: colour conventions, help, flag errors, the output folder,
 * closed pipes, stack traces and hostile bytes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { formats } from '../../src/reporters/index.js';
import { runCli, tempDir, type CliRun } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

const DEMO = 'examples/demo-inventory.json';
const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';
const ESC = '\u001b';
// Any C0 control but tab/newline, DEL, C1 controls, bidi overrides: none may reach the terminal raw.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[\d;]*m/g;
const STACK = /^\s+at /m;
const REPORT_FILES = formats.flatMap((format) => (format.fileName ? [format.fileName] : [])).sort();

function evaluateDemo(args: string[] = [], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', tempDir(), ...args], env);
}

/** Runs the CLI with its stdout already closed by the reader (`squadguard rules | head -0`). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [resolve(projectRoot, 'dist/cli/main.js'), ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stderr }));
  });
}

describe('colour: NO_COLOR, FORCE_COLOR, --color / --no-color, TTY only', () => {
  it('a pipe gets no colour; NO_COLOR gets none either', async () => {
    expect((await evaluateDemo([], { NO_COLOR: '' })).stdout).not.toContain(ESC);
    expect((await evaluateDemo([], { NO_COLOR: '1' })).stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR colours a pipe; --no-color wins over it; --color wins over NO_COLOR', async () => {
    const forced = await evaluateDemo([], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(forced.code).toBe(1);
    expect(forced.stdout).toMatch(SGR);
    expect((await evaluateDemo(['--no-color'], { NO_COLOR: '', FORCE_COLOR: '1' })).stdout).not.toContain(ESC);
    const flagged = await evaluateDemo(['--color'], { NO_COLOR: '1' });
    expect(flagged.stdout).toMatch(SGR);
    expect(flagged.stdout.replace(SGR, '')).toBe((await evaluateDemo([], { NO_COLOR: '1' })).stdout);
  });
});

/** Runs the CLI under a pseudo-terminal (util-linux `script`), where colour is on by default. */
function runInTty(args: string[], env: Record<string, string>): Promise<CliRun> {
  const command = [process.execPath, resolve(projectRoot, 'dist/cli/main.js'), ...args].map((arg) => `'${arg}'`).join(' ');
  return new Promise((done, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr: '' }));
  });
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe.runIf(hasScript)('colour on a terminal', () => {
  it('a TTY gets colour; NO_COLOR and --no-color turn it off', async () => {
    expect((await runInTty(['explain', 's3-bucket-tls-only'], {})).stdout).toContain(`${ESC}[1m`);
    expect((await runInTty(['explain', 's3-bucket-tls-only'], { NO_COLOR: '1' })).stdout).not.toContain(ESC);
    expect((await runInTty(['explain', 's3-bucket-tls-only', '--no-color'], {})).stdout).not.toContain(ESC);
  });
});

describe('help and flags', () => {
  it('a bare `squadguard` prints the help on stdout and exits 0', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: squadguard/);
    expect(run.stderr).toBe('');
  });

  it('--help: no contradictory defaults, an exit-code table and a docs link, on every command', async () => {
    for (const command of [[], ['scan'], ['evaluate'], ['explain']]) {
      const run = await runCli([...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('(default: [])');
      expect(run.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /);
      expect(run.stdout).toMatch(/Docs: \S+README\.md/);
    }
    const evaluate = await runCli(['evaluate', '--help']);
    expect(evaluate.stdout).toMatch(/--policy <file-or-pack>\s+policy file or shipped pack \(repeatable\)\s+\(default: platform-baseline\)/);
    expect(evaluate.stdout).toMatch(/--no-color/);
  });

  it('numeric flag errors name the flag: exit 2, one line', async () => {
    const cases: [string[], string][] = [
      [['scan', '--concurrency', 'x'], '--concurrency: expected a positive integer, got "x"'],
      [['scan', '--max-attempts', '0'], '--max-attempts: expected a positive integer, got "0"'],
      [['scan', '--rate-limit', 'fast'], '--rate-limit: expected a number ≥ 0, got "fast"'],
      [['evaluate', '--inventory', DEMO, '--waiver-warning-days', '1.5'], '--waiver-warning-days: expected an integer ≥ 0, got "1.5"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim()).toBe(`squadguard: ${message}`);
    }
  });

  it('--format and --fail-on values are case-insensitive', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '-o', dir, '--format', 'JSON, Console', '--fail-on', 'HIGH']);
    expect(run.code, run.stderr).toBe(1);
    expect(readdirSync(dir)).toEqual(['squadguard-report.json']);
    expect(run.stdout).toMatch(/CRITICAL s3-bucket-policy-not-public/);
    const bad = await runCli(['evaluate', '--inventory', DEMO, '--format', 'PDF']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: unknown format\(s\) pdf/);
  });

  it('an unknown command or option is one line plus where to look, not the whole help', async () => {
    const run = await runCli(['evaluate', '--inventory', DEMO, '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("squadguard: unknown option '--frobnicate'\n(run `squadguard evaluate --help` for usage)\n");
  });
});

describe('console output points somewhere', () => {
  it('each failure names `squadguard explain <rule-id>`; the HTML report path when HTML was written', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '-o', dir, '--format', 'html,console']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Failures — details: ${join(dir, 'squadguard-report.html')}`);
    const lines = run.stdout.split('\n');
    const failures = lines.flatMap((line, index) => {
      const failure = /^ {2}(?:CRITICAL|HIGH|MEDIUM|LOW|INFO) (\S+) /.exec(line);
      return failure ? [{ ruleId: failure[1], pointer: lines[index + 2] }] : [];
    });
    expect(failures.length).toBeGreaterThan(5);
    for (const { ruleId, pointer } of failures) expect(pointer).toBe(`      → squadguard explain ${ruleId}`);
  });

  it('explain renders its Markdown for the terminal: no raw `##`, `**` or backticks; styled with --color', async () => {
    const run = await runCli(['explain', 's3-bucket-tls-only']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/##|\*\*|`/);
    expect(run.stdout).toMatch(/^s3-bucket-tls-only\n\nS3 bucket policies deny requests without TLS\n\n {2}• Severity: medium/);
    expect(run.stdout).not.toContain(ESC);
    const coloured = await runCli(['explain', 's3-bucket-tls-only', '--color']);
    expect(coloured.stdout).toContain(`${ESC}[1m`);
    expect(coloured.stdout.replace(SGR, '')).toBe(run.stdout);
  });
});

describe('the output folder is checked before any work', () => {
  const root = tempDir();
  writeFileSync(join(root, 'a-file'), 'x');
  symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
  symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));

  it.each([
    ['a file', 'a-file', /a-file exists and is not a directory/],
    ['a path through a file', 'a-file/reports', /a-file exists and is not a directory/],
    ['a symlink loop', 'loop-a/reports', /too many levels of symbolic links/],
  ])('%s: exit 2 naming the path, nothing evaluated', async (_name, sub, message) => {
    const path = join(root, sub);
    const run = await runCli(['evaluate', '--inventory', DEMO, '--output-dir', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^squadguard: --output-dir ${path}: `));
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('scan checks it before anything else (before region and credentials)', async () => {
    const path = join(root, 'a-file');
    const run = await runCli(['scan', '--output-dir', path], { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output-dir .*a-file exists and is not a directory/);
  });

  it('console-only output needs no folder', async () => {
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', join(root, 'a-file'), '--format', 'console']);
    expect(run.code).toBe(1);
  });

  it('reports are complete files, with no temporary file left beside them', async () => {
    const dir = tempDir();
    const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '-o', dir, '--format', 'all']);
    expect(run.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(REPORT_FILES);
    expect(() => JSON.parse(readFileSync(join(dir, 'squadguard-report.json'), 'utf8'))).not.toThrow();
  });
});

describe('deeply nested evidence (a hostile policy document in an inventory)', () => {
  it('never a crash, a stack or a 0-byte report: rejected on read naming the file, or written with the deep part cut', async () => {
    const dir = tempDir();
    const inventory = JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;
    const bucket = inventory.resources.find((resource) => resource.name === 'claims-fraud-model-cards')!;
    const policy = bucket.data.policy as { Statement: Record<string, unknown>[] };
    policy.Statement[0]!.Condition = { StringEquals: { 'aws:PrincipalTag/x': '__DEEP__' } };
    const depth = 10_000;
    const path = join(dir, 'deep.json');
    writeFileSync(path, JSON.stringify(inventory).replace('"__DEEP__"', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
    const out = join(dir, 'reports');
    const run = await runCli(['evaluate', '--inventory', path, '--output-dir', out, '--format', 'all']);
    expect(run.stderr).not.toMatch(STACK);
    expect([1, 2]).toContain(run.code);
    if (run.code === 2) {
      expect(run.stderr).toContain(path); // bounded on read: the file is named
      expect(readdirSync(out)).toEqual([]);
      return;
    }
    const files = readdirSync(out);
    expect(files.sort()).toEqual(REPORT_FILES);
    for (const file of files) expect(readFileSync(join(out, file), 'utf8').length, file).toBeGreaterThan(100);
    const report = readFileSync(join(out, 'squadguard-report.json'), 'utf8');
    expect(report).toContain('nested deeper than 64 levels: omitted');
    expect(() => JSON.parse(report)).not.toThrow();
  });
});

describe('a closed pipe ends quietly with the command\'s exit code', () => {
  it.each([
    [['rules'], 0],
    [['explain', 's3-bucket-tls-only'], 0],
    [['docs'], 0],
    [['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--format', 'console'], 1],
  ])('%j', async (args, code) => {
    const run = await runWithClosedStdout(args);
    expect(run.code).toBe(code);
    expect(run.stderr).not.toMatch(/EPIPE|Error|^\s+at /m);
  });
});

describe('no stack traces unless --debug', () => {
  const dir = tempDir();
  const plugin = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(
      path,
      `export const rules = [{ id: 'plugin-${name.replace('.mjs', '')}', title: 't', severity: 'low', resourceType: 'aws.s3.bucket', needs: [], description: '', rationale: '', remediation: '', references: {}, check: () => ({ status: 'pass', message: 'ok' }) }];\n${body}\n`,
    );
    return path;
  };
  const thrower = plugin('thrower.mjs', "setTimeout(() => { throw new TypeError('plugin exploded\\nsecond line'); }, 20);");
  const rejecter = plugin('rejecter.mjs', "setTimeout(() => { Promise.reject(new Error('late rejection')); }, 20);");

  it.each([
    ['an uncaught exception', thrower, 'plugin exploded'],
    ['an unhandled rejection', rejecter, 'late rejection'],
  ])('%s: one line, exit 2; the stack with --debug', async (_name, path, message) => {
    const quiet = await runCli(['rules', '--plugin', path]);
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toBe(`squadguard: internal error: ${message} (run with --debug for the stack trace)\n`);
    const debug = await runCli(['rules', '--plugin', path, '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(STACK);
    expect(debug.stderr).toContain(message);
  });

  it('a usage error never shows a stack, even with --debug', async () => {
    const run = await runCli(['evaluate', '--inventory', '/nonexistent/inventory.json', '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(STACK);
  });
});

describe('hostile bytes from an inventory or a policy never reach the terminal raw', () => {
  const HOSTILE = `\u001b]0;pwned\u0007\u001b[2J\u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\\r\b\u0000\u009b31m\u202e`;
  // Policies reject NUL and raw control bytes on read (input validation); written as YAML escapes, the other
  // hostile characters are accepted as values and must be made inert on output.
  const IN_POLICY = HOSTILE.replace('\u0000', '');
  const yamlString = (value: string): string =>
    JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

  it('console summary: resource names, tags, collection errors, waiver owners, notes', async () => {
    const dir = tempDir();
    const inventory = JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;
    const bucket = inventory.resources.find((resource) => resource.name === 'claims-fraud-model-cards')!;
    bucket.name = `claims-fraud-model-cards${HOSTILE}`;
    bucket.arn = `arn:aws:s3:::${bucket.name}`;
    bucket.tags = { owner: HOSTILE };
    inventory.notes = [...(inventory.notes ?? []), `note ${HOSTILE}`];
    const root = inventory.resources.find((resource) => resource.errors && Object.keys(resource.errors).length > 0)!;
    for (const error of Object.values(root.errors)) if (error) error.message = `denied ${HOSTILE}`;
    const inventoryPath = join(dir, 'inventory.json');
    writeFileSync(inventoryPath, JSON.stringify(inventory));
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      `name: hostile\nextends: platform-baseline\nexceptions:\n  - rule: s3-bucket-versioning-enabled\n    resources: ["arn:aws:s3:::nothing-*"]\n    reason: unused on purpose\n    owner: ${yamlString(`owner${IN_POLICY}`)}\n    expires: "2099-01-01"\n`,
    );
    const run = await runCli(['evaluate', '--inventory', inventoryPath, '--policy', policy, '-o', dir, '--format', 'json,console']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('claims-fraud-model-cards\\x1b]0;pwned\\x07');
    expect(run.stdout).toContain('owner\\x1b]0;pwned');
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    // Forced colour: only the tool's own SGR codes.
    const coloured = await runCli(['evaluate', '--inventory', inventoryPath, '--policy', policy, '-o', dir, '--format', 'console', '--color']);
    expect(coloured.stdout.replace(SGR, '')).not.toMatch(RAW_CONTROL);
  });

  it('error messages quoting a file, a flag value or a path', async () => {
    const dir = tempDir();
    const ARG = HOSTILE.replace('\u0000', ''); // a process argument cannot hold NUL
    const policy = join(dir, `policy${ARG.slice(0, 12)}.yaml`);
    writeFileSync(policy, `name: x\nrules:\n  "s3-bucket-versioning-enabled${HOSTILE}": off\n`);
    for (const args of [
      ['validate-policy', policy],
      ['evaluate', '--inventory', `${dir}/missing${ARG}.json`],
      ['explain', `rule${ARG}`],
      ['evaluate', '--inventory', DEMO, '--format', `json${ARG}`],
      ['scan', '--concurrency', ARG],
      [`command${ARG}`],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.length).toBeGreaterThan(10);
      expect(run.stderr, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(run.stderr).not.toMatch(STACK);
    }
  });

  it('rules and access-map tables from a hostile custom rule / policy document', async () => {
    const dir = tempDir();
    const policy = join(dir, 'custom.yaml');
    writeFileSync(
      policy,
      `name: custom\nextends: platform-baseline\ncustomRules:\n  - id: squad-tagged\n    title: ${yamlString(`Tagged${IN_POLICY}`)}\n    severity: low\n    resourceType: aws.s3.bucket\n    needs: [tags]\n    description: ${yamlString(`desc ${IN_POLICY}`)}\n    schema: { type: object }\n`,
    );
    const rules = await runCli(['rules', '--policy', policy]);
    expect(rules.code, rules.stderr).toBe(0);
    expect(rules.stdout).toContain('Tagged\\x1b]0;pwned');
    expect(rules.stdout).not.toMatch(RAW_CONTROL);
    const json = await runCli(['rules', '--policy', policy, '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { title: string }[]).some((rule) => rule.title === `Tagged${IN_POLICY}`)).toBe(true);
    const explain = await runCli(['explain', 'squad-tagged', '--policy', policy]);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).not.toMatch(RAW_CONTROL);
  });
});
