#!/usr/bin/env node
// The GitHub Action's run step (action.yml): turns the action's inputs (INPUT_* environment variables, set
// by the composite step) into one squadguard command line, runs the CLI built in the action's checkout, sets
// the step outputs (exit-code, report-dir, sarif-file), appends the Markdown summary to the job summary when
// asked, and exits with squadguard's exit code (0 ok, 1 violations, 2 usage/config, 3 incomplete).
// A plain script so tests run it locally with a prepared environment (no network, no GitHub).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
/** Commands that judge and report: they take the policy, gate and format inputs. */
const REPORT_COMMANDS = new Set(['scan', 'evaluate', 'merge']);
const POLICY_COMMANDS = new Set(['scan', 'evaluate', 'collect', 'rules', 'validate-policy']);
const COMMANDS = new Set([
  ...REPORT_COMMANDS,
  'collect',
  'rules',
  'explain',
  'validate-policy',
  'access-map',
  'scanning-role-policy',
]);

class InputError extends Error {}

/** An input as GitHub passes it (`INPUT_FAIL-ON`) or as the composite step sets it (`INPUT_FAIL_ON`). */
function input(env, name, fallback = '') {
  const key = `INPUT_${name.toUpperCase().replace(/ /g, '_')}`;
  const value = env[key] ?? env[key.replace(/-/g, '_')];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function flag(env, name, fallback) {
  const value = input(env, name, fallback ? 'true' : 'false').toLowerCase();
  if (value !== 'true' && value !== 'false')
    throw new InputError(`input ${name} must be true or false, got "${value.slice(0, 40)}"`);
  return value === 'true';
}

/** Comma- or newline-separated list input. */
function list(value) {
  return value
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Splits the `args` input like a shell would split words — whitespace, '…' and "…" quoting, backslash
 * escapes — but expands nothing: no variables, globs or command substitution, so a value interpolated into
 * the workflow cannot run anything.
 */
export function splitArgs(text) {
  const words = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = '';
      else if (char === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\'))
        word += text[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new InputError(`input args: unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

/** The squadguard arguments for the inputs. */
export function commandLine(env) {
  const command = input(env, 'command', 'scan');
  if (!COMMANDS.has(command))
    throw new InputError(
      `input command: "${command.slice(0, 40)}" is not a squadguard command (${[...COMMANDS].join(', ')})`,
    );
  const args = [command];
  if (POLICY_COMMANDS.has(command) && command !== 'validate-policy')
    for (const policy of list(input(env, 'policies'))) args.push('--policy', policy);
  if (REPORT_COMMANDS.has(command)) {
    const failOn = input(env, 'fail-on', 'high');
    if (!SEVERITIES.includes(failOn))
      throw new InputError(`input fail-on: "${failOn.slice(0, 40)}" is not one of ${SEVERITIES.join(', ')}`);
    const formats = list(input(env, 'formats', 'json,sarif,markdown,console'));
    if (flag(env, 'upload-sarif', false) && !formats.includes('sarif') && !formats.includes('all'))
      formats.push('sarif');
    if (flag(env, 'job-summary', true) && !formats.includes('markdown') && !formats.includes('all'))
      formats.push('markdown');
    args.push(
      '--fail-on',
      failOn,
      '--format',
      formats.join(','),
      '--output-dir',
      input(env, 'output-dir', 'reports'),
    );
    const baseline = input(env, 'baseline');
    if (baseline) args.push('--baseline', baseline);
    if (flag(env, 'fail-on-new', false)) {
      if (!baseline) throw new InputError('input fail-on-new needs a baseline');
      args.push('--fail-on-new');
    }
  }
  if (command === 'validate-policy') args.push(...list(input(env, 'policies')));
  args.push(...splitArgs(input(env, 'args')));
  return args;
}

function setOutput(env, name, value) {
  if (env.GITHUB_OUTPUT)
    appendFileSync(env.GITHUB_OUTPUT, `${name}=${String(value).replace(/[\r\n]/g, ' ')}\n`);
}

/** Runs the action; returns the exit code to pass on. */
export function run(env = process.env, log = (line) => process.stderr.write(`${line}\n`)) {
  let args;
  try {
    args = commandLine(env);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    log(`::error::squadguard action: ${error.message}`);
    setOutput(env, 'exit-code', 2);
    return 2;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const cli = env.SQUADGUARD_ACTION_CLI || resolve(here, '../dist/cli/main.js');
  log(
    `squadguard ${args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ')}`,
  );
  const child = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env });
  const code = child.status ?? (child.error ? 2 : 1);
  if (child.error) log(`::error::squadguard action: cannot run ${cli}: ${child.error.message}`);
  setOutput(env, 'exit-code', code);
  if (REPORT_COMMANDS.has(args[0])) {
    const dir = resolve(env.GITHUB_WORKSPACE || process.cwd(), input(env, 'output-dir', 'reports'));
    setOutput(env, 'report-dir', dir);
    const sarif = join(dir, 'squadguard-report.sarif');
    if (existsSync(sarif)) setOutput(env, 'sarif-file', sarif);
    const markdown = join(dir, 'squadguard-report.md');
    if (flag(env, 'job-summary', true) && env.GITHUB_STEP_SUMMARY && existsSync(markdown)) {
      appendFileSync(env.GITHUB_STEP_SUMMARY, readFileSync(markdown));
    }
  }
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(run());
