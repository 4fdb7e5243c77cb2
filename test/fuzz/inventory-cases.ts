import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { asciiJson, baseInventory, CONTROLS, type FuzzCase, type Files, prng, setAt } from './generators.js';

type Doc = ReturnType<typeof baseInventory>;

/**
 * Formats written by evaluate in the fuzz runs: the JSON report (files must parse and validate) and the
 * console summary (every hostile string in it must reach the terminal inert).
 */
const FORMAT = 'json,console';
const JUDGED = [0, 1, 3];
const REJECTED = [2];

/** At least 100 hostile inventories (and reports where an inventory is expected), each with its answer. */
export function inventoryCases(files: Files, seed: number, report: string): FuzzCase[] {
  const random = prng(seed);
  const cases: FuzzCase[] = [];
  const evaluate = (inventory: string, extra: string[] = []) => {
    const outputDir = files.out();
    return { args: ['evaluate', '--inventory', inventory, '--format', FORMAT, '--output-dir', outputDir, ...extra], outputDir };
  };
  const add = (kind: string, name: string, inventory: string, codes: number[], mentions: string[] = [], check?: FuzzCase['check'], extra: string[] = []) => {
    const { args, outputDir } = evaluate(inventory, extra);
    cases.push({ kind, name, args, codes, outputDir, check, mentions: codes.includes(2) ? [basename(inventory), ...mentions] : mentions });
  };
  const write = (stem: string, document: unknown) => files.write(stem, JSON.stringify(document), 'json');

  add('valid', 'base inventory', write('inventory', baseInventory()), JUDGED);

  // Not an inventory at all.
  add('wrong-document', 'a report', report, REJECTED, ['this is a squadguard report, not an inventory']);
  for (const [label, value] of [['a list', []], ['null', null], ['a number', 42], ['a string', 'inventory'], ['an empty object', {}], ['a policy', { name: 'p', rules: {} }]] as Array<[string, unknown]>) {
    add('wrong-document', label, write('not-inventory', value), REJECTED, ['not a squadguard inventory']);
  }
  add('wrong-document', 'a YAML policy', files.write('policy', 'name: p\n'), REJECTED, ['not valid JSON at line 1']);
  const empties: Array<[string, string]> = [['empty', ''], ['whitespace', ' \n\t\n'], ['BOM only', '\ufeff']];
  for (const [label, content] of empties) {
    add('empty', label, files.write('empty', content, 'json'), REJECTED, ['the file is empty']);
  }

  // Truncated, garbage, encodings.
  const text = JSON.stringify(baseInventory(), null, 2);
  for (let i = 0; i < 25; i++) {
    const cut = 1 + Math.floor(random() * (text.length - 2));
    add('truncated', `cut at ${cut}`, files.write('truncated', text.slice(0, cut), 'json'), REJECTED, ['not valid JSON at line']);
  }
  for (let i = 0; i < 10; i++) {
    const bytes = Buffer.alloc(1 + Math.floor(random() * 8192));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
    add('garbage', `${bytes.length} random bytes`, files.write('garbage', bytes, 'json'), REJECTED);
  }
  const good = Buffer.from(text);
  for (let i = 0; i < 5; i++) {
    const offset = Math.floor(random() * good.length);
    add('encoding', `invalid UTF-8 at ${offset}`, files.write('bad-utf8', Buffer.concat([good.subarray(0, offset), Buffer.from([0xc3, 0x28]), good.subarray(offset)]), 'json'), REJECTED, [`invalid UTF-8 at byte offset ${offset}`]);
    const nul = Math.floor(random() * good.length);
    add('encoding', `NUL at ${nul}`, files.write('nul', Buffer.concat([good.subarray(0, nul), Buffer.from([0]), good.subarray(nul)]), 'json'), REJECTED, [`NUL byte at byte offset ${nul}`]);
  }
  add('encoding', 'UTF-16LE', files.write('utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'json'), REJECTED, ['byte offset']);
  add('encoding', 'UTF-8 BOM', files.write('bom', `\ufeff${text}`, 'json'), JUDGED);

  // Deep nesting where documents live.
  const deepArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const deepSpots: Array<[string, (inner: string) => string, string]> = [
    ['bucket policy 100k arrays', (inner) => text.replace('"Version": "2012-10-17"', `"Version": ${inner}`), '/resources/0/data/policy/Version/0/0'],
    ['tags 100k', (inner) => text.replace('"owner": "team"', `"owner": ${inner}`), '/resources/0/tags/owner'],
    ['targets 100k', (inner) => text.replace('"regions": [\n        "eu-west-1"\n      ]', `"regions": ${inner}`), '/targets/0/regions'],
    ['errors 100k', (inner) => text.replace('"errors": []', `"errors": ${inner}`), '/errors/0'],
  ];
  for (const [label, place, path] of deepSpots) {
    add('deep', label, files.write('deep', place(deepArrays(100_000)), 'json'), REJECTED, [path, 'nested deeper than 64 levels']);
  }
  const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  add('deep', 'condition 100k objects', files.write('deep', text.replace('"false"', objects(100_000)), 'json'), REJECTED, ['/resources/0/data/policy/Statement/0/Condition', 'nested deeper']);
  add('deep', 'data 60 levels (accepted)', files.write('deep', text.replace('"versioning": "Enabled"', `"versioning": "Enabled", "extra": ${objects(55)}`), 'json'), JUDGED);

  // Wrong types and missing fields.
  const wrong: Array<[string, unknown, string]> = [
    ['/targets', {}, '/targets'],
    ['/resources', 'x', '/resources'],
    ['/resources/0/arn', 42, '/resources/0/arn'],
    ['/resources/0/arn', '', '/resources/0/arn'],
    ['/resources/0/accountId', '1234', '/resources/0/accountId'],
    ['/resources/0/type', 'AWS::S3::Bucket', '/resources/0/type'],
    ['/resources/0/tags', { owner: 7 }, '/resources/0/tags/owner'],
    ['/resources/0/data', [], '/resources/0/data'],
    ['/resources/0/errors', { encryption: { code: 1 } }, '/resources/0/errors/encryption'],
    ['/schemaVersion', 2, '/schemaVersion'],
    ['/collectedAt', 'yesterday', '/collectedAt'],
    ['/apiCalls', { 'S3.ListBuckets': -1 }, '/apiCalls'],
    ['/errors', [{ code: 'X' }], '/errors/0'],
    ['/targets/0/regions', 'eu-west-1', '/targets/0/regions'],
    ['/collected', { 'aws.s3.bucket': 'policy' }, '/collected'],
  ];
  for (const [pointer, value, shown] of wrong) add('wrong-type', `${pointer} = ${JSON.stringify(value)}`, write('wrong-type', setAt(baseInventory(), pointer, value as never)), REJECTED, [shown]);

  // Huge values: rejected over the documented maximum, or kept once and clipped in every finding.
  const tenMiB = 'm'.repeat(10 << 20);
  add('huge', '10 MiB resource name', write('huge', setAt(baseInventory(), '/resources/0/name', tenMiB)), REJECTED, ['/resources/0/name', 'must NOT have more than 1024 characters']);
  add('huge', '3 MiB ARN', write('huge', setAt(baseInventory(), '/resources/0/arn', `arn:aws:s3:::${'b'.repeat(3 << 20)}`)), REJECTED, ['/resources/0/arn']);
  const reportBelow = (limit: number) => ({ outputDir }: { outputDir: string }) => {
    expect(statSync(join(outputDir, 'squadguard-report.json')).size).toBeLessThan(limit);
  };
  add('huge', '10 MiB attribute error message', write('huge', setAt(baseInventory(), '/resources/0/errors/encryption/message', tenMiB)), JUDGED, [], reportBelow(12 << 20));
  const scanError = { accountId: '111122223333', region: 'eu-west-1', service: 's3', resourceTypes: ['*'], code: 'ServiceError', operation: 'S3.ListBuckets', message: tenMiB };
  add('huge', '10 MiB scan error message (every rule hidden)', write('huge', setAt(baseInventory(), '/errors', [scanError])), JUDGED, [], reportBelow(12 << 20));

  // Control bytes in every string an inventory gives (names, tags, Sids, errors, targets).
  const controlSpots = [
    '/resources/0/name',
    '/resources/0/tags/owner',
    '/resources/0/data/policy/Statement/0/Sid',
    '/resources/0/errors/encryption/message',
    '/resources/0/errors/encryption/code',
    '/resources/0/region',
    '/targets/0/name',
    '/targets/0/squad',
    '/targets/0/accountType',
    '/resources/1/name',
  ];
  for (const spot of controlSpots) {
    for (let i = 0; i < 2; i++) {
      const control = CONTROLS[Math.floor(random() * CONTROLS.length)] as string;
      add('control-bytes', `${JSON.stringify(control)} at ${spot}`, files.write('ctl', asciiJson(setAt(baseInventory(), spot, `x${control}`)), 'json'), JUDGED);
    }
  }
  // With --allow-incomplete the gate judges the failures alone (exit 0 or 1), hostile names included.
  for (const control of CONTROLS.slice(0, 3)) {
    add('control-bytes', `${JSON.stringify(control)} in a bucket name, --allow-incomplete`, files.write('ctl', asciiJson(setAt(baseInventory(), '/resources/0/name', `b${control}`)), 'json'), [0, 1], [], undefined, ['--allow-incomplete']);
  }
  add('control-bytes', 'control bytes in a tag key', files.write('ctl', asciiJson(setAt(baseInventory(), '/resources/0/tags/\u001b[2Jkey', 'v')), 'json'), JUDGED);

  // Special files as the inventory.
  const fifo = files.fifo('inventory');
  const special: Array<[string, string, string]> = [
    ['/dev/zero', '/dev/zero', 'a character device'],
    ['/dev/urandom', '/dev/urandom', 'a character device'],
    ['/dev/null', '/dev/null', 'a character device'],
    ['a FIFO', fifo, 'a FIFO'],
    ['a directory', files.folder('inventory'), 'a directory'],
    ['a symlink to /dev/zero', files.link('zero', '/dev/zero'), 'a character device'],
    ['/proc/self/status', '/proc/self/status', 'not valid JSON'],
    ['a missing file', join(files.dir, 'no-such.json'), 'no such file'],
  ];
  for (const [label, path, cause] of special) add('special-file', label, path, REJECTED, [cause]);

  // Collected under another policy: one note says what is missing and how to collect it.
  const narrow = setAt(baseInventory(), '/collected', { 'aws.s3.bucket': ['tags'] });
  add('collected', 'attributes missing', write('narrow', narrow), JUDGED, [], ({ outputDir }) => {
    const written = JSON.parse(readFileSync(join(outputDir, 'squadguard-report.json'), 'utf8')) as { notes: string[] };
    const notes = written.notes.filter((note) => note.includes('collect again with `squadguard collect --policy platform-baseline`'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/aws\.s3\.bucket: [a-zA-Z, ]*logging/);
    expect(notes[0]).toContain('aws.iam.role (not collected at all)');
  });

  // A baseline that is not a report; a report and an inventory given to merge.
  const inventory = write('inventory', baseInventory());
  add('baseline', 'inventory as baseline', inventory, REJECTED, ['this is a squadguard inventory, not a report'], undefined, ['--baseline', inventory]);
  add('baseline', 'report as the inventory and as the baseline', report, REJECTED, ['this is a squadguard report, not an inventory'], undefined, ['--baseline', report]);
  const garbage = files.write('garbage', '{"findings": [', 'json');
  cases.push({ kind: 'baseline', name: 'garbage baseline', ...evaluate(inventory, ['--baseline', garbage]), codes: REJECTED, mentions: [basename(garbage), 'not valid JSON at line 1, column 15'] });
  cases.push({ kind: 'merge', name: 'report and inventory', args: ['merge', report, inventory, '--output-dir', files.out()], codes: REJECTED, mentions: [basename(report), basename(inventory), 'is a report and', 'only reports or only inventories'] });
  cases.push({ kind: 'merge', name: 'merge /dev/zero', args: ['merge', report, '/dev/zero', '--output-dir', files.out()], codes: REJECTED, mentions: ['/dev/zero', 'not a regular file'] });

  // Odd keys and many copies.
  add('odd-keys', '__proto__ in data and tags', files.write('proto', text.replace('"owner": "team"', '"owner": "team", "__proto__": "x"').replace('"versioning": "Enabled"', '"versioning": "Enabled", "__proto__": {"polluted": true}, "constructor": {"prototype": {}}'), 'json'), JUDGED);
  const copies = baseInventory() as Doc & { resources: unknown[] };
  copies.resources = Array.from({ length: 2000 }, () => (baseInventory() as Doc & { resources: unknown[] }).resources[0]);
  add('odd-keys', '2,000 copies of one ARN', write('copies', copies), JUDGED);

  return cases;
}
