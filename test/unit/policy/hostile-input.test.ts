import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closest } from '../../../src/policy/glob.js';
import { firstInvalidUtf8, readInputFile } from '../../../src/policy/input-file.js';
import { patternProblem } from '../../../src/policy/safe-patterns.js';
import { hasControlCharacters } from '../../../src/text/inert.js';
import { runInProcess } from '../../support/in-process.js';

process.env.NO_COLOR = '1';

let dir: string;
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-hostile-'));
});

const validate = (...files: string[]) => runInProcess(['validate-policy', ...files]);

describe('reading input files', () => {
  it('reads only regular files: devices, FIFOs and directories are named, never read', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readInputFile('/dev/zero', { maxBytes: 1024 })).toThrow(/not a regular file \(a character device\)/);
    expect(() => readInputFile(fifo, { maxBytes: 1024 })).toThrow(/not a regular file \(a FIFO\)/);
    expect(() => readInputFile(dir, { maxBytes: 1024 })).toThrow(/not a regular file \(a directory\)/);
  });

  it('stops at the size cap, also for files whose size fstat does not know', () => {
    expect(() => readInputFile(file('big.yaml', 'x'.repeat(2000)), { maxBytes: 1024 })).toThrow(/larger than the 1 KiB limit/);
    expect(readInputFile('/proc/self/status', { maxBytes: 1 << 20 }).text).toMatch(/^Name:/);
  });

  it('rejects invalid UTF-8, NUL and raw controls with the byte offset', () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xc3, 0x28]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from('héllo'))).toBe(6);
    expect(() => readInputFile(file('bad-utf8', Buffer.from([0x6e, 0x3a, 0x20, 0xff])), { maxBytes: 100 })).toThrow(/invalid UTF-8 at byte offset 3/);
    expect(() => readInputFile(file('nul', 'name: a\0b'), { maxBytes: 100 })).toThrow(/NUL byte at byte offset 7/);
    expect(() => readInputFile(file('esc', 'name: é\x1b[2J'), { maxBytes: 100, rejectControls: true })).toThrow(/control character \\x1b at byte offset 8/);
  });
});

describe('policy messages', () => {
  it('names the policy that holds an extends of a device, and the target', async () => {
    const holder = file('holder.yaml', 'name: holder\nextends: [platform-baseline, /dev/zero]\n');
    const result = await validate(holder);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${holder}: /extends/1: extends "/dev/zero" (/dev/zero): not a regular file (a character device)`);
  });

  it('loads a shared parent once (diamond) and caps fan-out', async () => {
    file('base.yaml', 'name: base\ncustomRules:\n  - { id: x-tag, title: t, severity: low, resourceType: aws.s3.bucket, schema: {} }\n');
    file('left.yaml', 'name: left\nextends: base.yaml\n');
    file('right.yaml', 'name: right\nextends: base.yaml\n');
    const top = file('top.yaml', 'name: top\nextends: [left.yaml, right.yaml]\n');
    const result = await validate(top);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/valid — policy "top", \d+ rules enabled, 1 custom/);

    for (let i = 0; i < 80; i++) file(`fan-${i}.yaml`, `name: fan-${i}\nextends: [${Array.from({ length: 10 }, (_, k) => `fan-${i + 1 + k}.yaml`).filter((_, k) => i + 1 + k < 80).join(', ') || 'platform-baseline'}]\n`);
    const fan = await validate(join(dir, 'fan-0.yaml'));
    expect(fan.code).toBe(2);
    expect(fan.stderr).toMatch(/extends (chain longer than 16 files|graph holds more than 64 policy files)/);
  });

  it('states a YAML location once, and turns alias errors into messages', async () => {
    const bad = await validate(file('flow.yaml', 'name: bad\nrules:\n  s3-bucket-tls-only: [on\n'));
    expect(bad.stderr.match(/line \d+/g)).toHaveLength(1);
    const alias = await validate(file('alias.yaml', 'name: a\nrules:\n  s3-bucket-tls-only: *hihg\n'));
    expect(alias.stderr).toContain('alias.yaml: line 3, column 23: not valid YAML: alias "*hihg" refers to no anchor "&hihg" defined before it');
    const bomb = await validate(file('bomb.yaml', ['a: &a [x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'name: x'].join('\n')));
    expect(bomb.stderr).toMatch(/aliases expand more than 100 times/);
    for (const result of [bad, alias, bomb]) expect(result.code).toBe(2);
  });

  it('suggests fields and rule ids, and shows hidden characters in ids', async () => {
    const result = await validate(file('typos.yaml', 'name: t\nextend: platform-baseline\nrules:\n  S3-bucket-tls-only: on\n  s3-bucket\u200b-versioning-enabled: off\n  s3-bucket-tls-оnly: off\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/extend: unknown field (did you mean "extends"?)');
    expect(result.stderr).toContain('"S3-bucket-tls-only" is not a valid rule id: lower-case letters, digits and "-" only, found upper case U+0053 at position 1 (did you mean "s3-bucket-tls-only"?)');
    expect(result.stderr).toContain('"s3-bucket\\u{200b}-versioning-enabled" is not a valid rule id');
    expect(result.stderr).toContain('(did you mean "s3-bucket-versioning-enabled"?)');
    expect(result.stderr).toContain('"s3-bucket-tls-\\u{43e}nly" is not a valid rule id: lower-case letters, digits and "-" only, found a non-ASCII character U+043E at position 15 (did you mean "s3-bucket-tls-only"?)');
  });

  it('says the file is empty, and validates every file given', async () => {
    const empty = file('empty.yaml', '\n  \n');
    const good = file('good.yaml', 'name: good\nextends: platform-baseline\n');
    const typo = file('typo.yaml', 'name: typo\nrules:\n  s3-bucket-tls-onl: on\n');
    const result = await validate(empty, good, typo);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`^${good}: valid`));
    expect(result.stderr).toContain(`${empty}: the file is empty`);
    expect(result.stderr).toContain(`${typo}: /rules/s3-bucket-tls-onl: unknown rule id`);
  });

  it('prints the pack file, not pack:NAME, for a shipped pack', async () => {
    const result = await validate('platform-baseline');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/policies\/platform-baseline\.yaml: valid/);
  });

  it('rejects catastrophic custom-rule patterns with file and JSON path', async () => {
    expect(patternProblem('^(a+)+$')).toMatch(/nested quantifiers/);
    expect(patternProblem('(\\w*)*x')).toMatch(/nested quantifiers/);
    expect(patternProblem('(a|aa)+')).toMatch(/nested quantifiers/);
    expect(patternProblem('(x)\\1')).toMatch(/backreference/);
    expect(patternProblem('a'.repeat(600))).toMatch(/limit is 512/);
    expect(patternProblem('^[a-z][a-z0-9-]{2,62}$')).toBeUndefined();
    expect(patternProblem('^(dev|prod)-[a-z]+$')).toBeUndefined();
    const result = await validate(
      file('regex.yaml', 'name: r\ncustomRules:\n  - { id: r-1, title: t, severity: low, resourceType: aws.s3.bucket, schema: { properties: { name: { pattern: "^(a+)+$" } } } }\n'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/regex\.yaml: \/customRules\/0\/schema\/properties\/name\/pattern: pattern repeats a group/);
  });

  it('never shows raw control bytes from a policy', async () => {
    const result = await validate(file('ctl.json', JSON.stringify({ name: 'c', rules: { 'x\u001b]0;pwned\u0007': 'on' }, extends: '\u001b[2J.yaml' })));
    expect(result.code).toBe(2);
    expect(hasControlCharacters(result.stderr.replace(/\n/g, ''))).toBe(false);
  });
});

describe('did-you-mean is bounded', () => {
  it('gives no hint for a 1 MiB word and skips far candidates', () => {
    expect(closest('a'.repeat(1 << 20), ['abc', 'abd'])).toBeUndefined();
    expect(closest('extend', ['extends', 'name'])).toBe('extends');
  });
});

describe('inventories and reports as input', () => {
  it('says what a file is when it is the other kind, or empty', async () => {
    const report = file('report.json', JSON.stringify({ schemaVersion: 1, findings: [], summary: {} }));
    const inventory = file('inventory.json', JSON.stringify({ schemaVersion: 1, collectedAt: '2026-01-01T00:00:00Z', targets: [], resources: [], errors: [], apiCalls: {} }));
    const asInventory = await runInProcess(['evaluate', '--inventory', report, '--quiet']);
    expect(asInventory.code).toBe(2);
    expect(asInventory.stderr).toContain('this is a squadguard report, not an inventory');
    const asBaseline = await runInProcess(['evaluate', '--inventory', inventory, '--baseline', inventory, '--quiet', '--output-dir', join(dir, 'out')]);
    expect(asBaseline.code).toBe(2);
    expect(asBaseline.stderr).toContain('this is a squadguard inventory, not a report');
    const empty = await runInProcess(['evaluate', '--inventory', file('empty.json', ''), '--quiet']);
    expect(empty.stderr).toMatch(/empty\.json: the file is empty/);
  });

  it('rejects a document nested 100k levels with the JSON path, and symlinks to devices', async () => {
    const deep = `{"schemaVersion":1,"resources":[{"data":{"policy":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`;
    const result = await runInProcess(['evaluate', '--inventory', file('deep.json', deep), '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/deep\.json: \/resources\/0\/data\/policy\/0\/0\/.*nested deeper than 64 levels/);
    symlinkSync('/dev/urandom', join(dir, 'random.json'));
    const random = await runInProcess(['evaluate', '--inventory', join(dir, 'random.json'), '--quiet']);
    expect(random.stderr).toMatch(/random\.json: not a regular file \(a character device\)/);
  });
});

describe('custom rule ids', () => {
  it('shows a malformed custom rule id visibly, with the offending character', async () => {
    const result = await validate(
      file('custom-id.yaml', 'name: c\ncustomRules:\n  - { id: "Owner\u200btag", title: t, severity: low, resourceType: aws.s3.bucket, schema: {} }\n'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/customRules/0/id: "Owner\\u{200b}tag" is not a valid rule id: lower-case letters, digits and "-" only, found upper case U+004F at position 1');
  });
});
