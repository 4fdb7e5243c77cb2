import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { builtinRules } from '../../src/rules/index.js';
import { asciiJson, basePolicy, CONTROLS, FIELDS, type FuzzCase, type Files, prng, render, setAt, wrongValues } from './generators.js';

const validate = (...files: string[]) => ['validate-policy', ...files];
const REJECTED = [2];
const ids = builtinRules.map((rule) => rule.id);

/** At least 500 hostile policies, each with the answer it must get. */
export function policyCases(files: Files, seed: number): FuzzCase[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const cases: FuzzCase[] = [];
  const add = (kind: string, name: string, file: string, codes: number[], mentions: Array<string | RegExp> = []) =>
    cases.push({ kind, name, args: validate(file), codes, mentions: codes.includes(0) ? mentions : [basename(file), ...mentions] });
  const writeDoc = (stem: string, document: Parameters<typeof render>[0]) => {
    const { text, extension } = render(document, random);
    return files.write(stem, text, extension);
  };

  // Valid controls: the suite must tell right from wrong, not reject everything.
  for (let i = 0; i < 6; i++) add('valid', `base policy ${i}`, writeDoc('valid', basePolicy()), [0]);
  add('valid', 'extends the baseline', files.write('valid-extends', 'name: ok\nextends: platform-baseline\n'), [0]);
  add('valid', 'UTF-8 BOM', files.write('valid-bom', `\ufeff${toYaml(basePolicy())}`), [0]);
  add('valid', 'anchors and aliases', files.write('valid-alias', 'name: ok\nexceptions:\n  - &w { rule: s3-bucket-tls-only, resources: ["arn:aws:s3:::a"], reason: why not, owner: me, expires: 2030-01-01 }\n  - *w\n'), [0]);
  add('valid', 'a 53-level schema', writeDoc('valid-deep', setAt(basePolicy(), '/customRules/0/schema', nest({ type: 'object' }, 25, (inner) => ({ not: { not: inner } })))), [0]);

  // Wrong types everywhere.
  for (const field of FIELDS) {
    for (const value of wrongValues(field.sort)) {
      if (field.pointer === '/extends' && Array.isArray(value) && value.length === 0) continue;
      add('wrong-type', `${field.pointer} = ${JSON.stringify(value)}`, writeDoc('wrong-type', setAt(basePolicy(), field.pointer, value)), REJECTED, [jsonPathShown(field.pointer)]);
    }
  }

  // Unknown fields, near misses first.
  const levels: Array<[string, string[]]> = [
    ['', ['extend', 'rule', 'exception', 'customRule', 'nmae', 'Name']],
    ['/rules/s3-bucket-versioning-enabled', ['severty', 'parms', 'enable', 'applies_to']],
    ['/customRules/0', ['resourcetype', 'schemas', 'need', 'remedation']],
    ['/exceptions/0', ['expiry', 'resource', 'ticket', 'owners']],
    ['/appliesTo', ['accountType', 'squad', 'account']],
    ['/customRules/0/references', ['fsbp2', 'docz']],
  ];
  for (const [level, names] of levels) {
    for (const name of [...names, '__proto__', 'constructor', `x\u001b[31m${Math.floor(random() * 1e6)}`, 'ü'.repeat(300)]) {
      add('unknown-field', `${level}/${name}`, writeDoc('unknown-field', setAt(basePolicy(), `${level}/${name}`, 'x')), REJECTED, [`${level}/`]);
    }
  }

  // Huge strings in every string field, and a file over the cap.
  const huge = 'a'.repeat(1 << 20);
  for (const field of FIELDS.filter((spot) => spot.sort === 'string')) {
    add('huge-string', `1 MiB at ${field.pointer}`, writeDoc('huge', setAt(basePolicy(), field.pointer, huge)), REJECTED, [jsonPathShown(field.pointer)]);
  }
  add('huge-string', '1 MiB rule id', writeDoc('huge-id', setAt(basePolicy(), `/rules/${huge}`, 'on')), REJECTED, ['/rules/aaaa', 'at most 128']);
  add('huge-string', '5 MiB file', files.write('over-cap', `name: big\ndescription: ${'x'.repeat(5 << 20)}\n`), REJECTED, ['larger than the 4 MiB limit']);

  // Control bytes in every string field: raw (rejected when read) and escaped (accepted only where free text fits).
  for (const field of FIELDS.filter((spot) => spot.sort === 'string')) {
    for (const control of CONTROLS) {
      const value = `v${control}`;
      const codes = field.free && field.pointer !== '/extends' ? [0] : REJECTED;
      add('control-bytes', `escaped ${JSON.stringify(control)} at ${field.pointer}`, files.write('ctl', asciiJson(setAt(basePolicy(), field.pointer, value)), 'json'), codes);
    }
    // eslint-disable-next-line no-control-regex
    const raw = pick(CONTROLS.filter((control) => /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(control)));
    const text = toYaml(setAt(basePolicy(), field.pointer, 'PLACEHOLDER')).replace('PLACEHOLDER', `v${raw}`);
    add('control-bytes', `raw ${JSON.stringify(raw)} at ${field.pointer}`, files.write('ctl-raw', text), REJECTED, ['control character']);
  }

  // Deep nesting.
  add('deep', 'YAML flow 100k', files.write('deep', `name: d\ndescription: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`), REJECTED, ['nested too deeply']);
  add('deep', 'JSON arrays 100k', files.write('deep', `{"name":"d","customRules":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'json'), REJECTED, ['/customRules/0/0/0', 'nested deeper than 64 levels']);
  add('deep', 'YAML block 4000', files.write('deep', `name: d\nx:\n${Array.from({ length: 4000 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}\n`), REJECTED);
  add('deep', 'schema 70 levels', writeDoc('deep', setAt(basePolicy(), '/customRules/0/schema', nest({}, 70, (inner) => ({ items: inner })))), REJECTED, ['/customRules/0/schema/items', 'nested deeper than 64 levels']);
  add('deep', 'params 80 levels', writeDoc('deep', setAt(basePolicy(), '/rules/s3-bucket-kms-encryption/params', nest({}, 80, (inner) => ({ a: inner })))), REJECTED, ['/rules/s3-bucket-kms-encryption/params/a', 'nested deeper']);
  for (let i = 0; i < 5; i++) {
    const depth = 65 + Math.floor(random() * 2000);
    // Past ~1,000 levels the YAML parser itself stops ("nested too deeply to parse"); below, the depth check.
    add('deep', `objects ${depth}`, files.write('deep', `{"name":"d","description":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`, 'json'), REJECTED, [/nested (deeper than 64 levels|too deeply to parse)/]);
  }

  // The extends graph: cycles, chains, fan-out, special files.
  const self = files.write('self', '');
  writeFile(self, `name: self\nextends: ${basename(self)}\n`);
  add('extends', 'extends itself', self, REJECTED, ['extends cycle']);
  const [a, b] = [files.write('cycle-a', ''), files.write('cycle-b', '')];
  writeFile(a, `name: a\nextends: ${basename(b)}\n`);
  writeFile(b, `name: b\nextends: [platform-baseline, ${basename(a)}]\n`);
  add('extends', 'two-file cycle', a, REJECTED, ['extends cycle']);
  const chain = Array.from({ length: 20 }, () => files.write('chain', ''));
  chain.forEach((file, i) => writeFile(file, `name: c${i}\n${chain[i + 1] ? `extends: ${basename(chain[i + 1] as string)}\n` : ''}`));
  add('extends', 'chain of 20', chain[0] as string, REJECTED, ['extends chain longer than 16 files']);
  const fan = Array.from({ length: 90 }, () => files.write('fan', ''));
  fan.forEach((file, i) => writeFile(file, `name: f${i}\nextends: [${fan.slice(i + 1, i + 11).map((f) => basename(f)).join(', ') || 'platform-baseline'}]\n`));
  add('extends', 'fan-out 10 wide, 90 files', fan[0] as string, REJECTED, [/extends (chain longer|graph holds more)/]);
  const diamond = Array.from({ length: 12 }, () => files.write('diamond', ''));
  diamond.forEach((file, i) => writeFile(file, `name: d${i}\nextends: [${diamond.slice(i + 1, i + 4).map((f) => basename(f)).join(', ') || 'platform-baseline'}]\n`));
  add('extends', 'dense diamond of 12 (each file 3 parents)', diamond[0] as string, [0]);
  add('extends', 'missing parent', files.write('missing', 'name: m\nextends: ./nope.yaml\n'), REJECTED, ['/extends', 'no policy file "./nope.yaml"']);
  add('extends', 'pack typo', files.write('typo', 'name: m\nextends: platform-baselin\n'), REJECTED, ['did you mean "platform-baseline"']);
  const fifo = files.fifo('pipe');
  const folder = files.folder('folder');
  const special: Array<[string, string, string]> = [
    ['/dev/zero', '/dev/zero', 'a character device'],
    ['/dev/urandom', '/dev/urandom', 'a character device'],
    ['/dev/null', '/dev/null', 'a character device'],
    ['/dev/stdin', '/dev/stdin', '/dev/stdin'],
    ['a FIFO', fifo, 'a FIFO'],
    ['a directory', folder, 'a directory'],
    ['a symlink to /dev/zero', files.link('zero-link', '/dev/zero'), 'a character device'],
    ['/proc/self/environ', '/proc/self/environ', 'NUL byte'],
    ['/proc/self/mem', '/proc/self/mem', 'cannot read'],
  ];
  for (const [label, target, cause] of special) {
    const holder = files.write('holder', `name: h\nextends: [platform-baseline, ${JSON.stringify(target)}]\n`);
    add('extends', `extends ${label}`, holder, REJECTED, ['/extends/1', cause]);
    add('special-file', `validate ${label}`, target, REJECTED, [cause]);
  }
  add('extends', 'extends /proc/self/status', files.write('holder', 'name: h\nextends: /proc/self/status\n'), REJECTED, ['/proc/self/status']);

  // Encodings.
  const good = Buffer.from(toYaml(basePolicy()));
  add('encoding', 'UTF-16LE with BOM', files.write('utf16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good.toString(), 'utf16le')])), REJECTED, ['byte offset']);
  add('encoding', 'UTF-16BE with BOM', files.write('utf16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(good.toString(), 'utf16le').swap16()])), REJECTED, ['byte offset']);
  add('encoding', 'UTF-32LE', files.write('utf32', Buffer.from([0xff, 0xfe, 0, 0, 0x6e, 0, 0, 0])), REJECTED, ['byte offset']);
  for (const [label, bytes] of [
    ['overlong', [0xc0, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['lone continuation', [0x80]],
    ['truncated sequence', [0xe2, 0x82]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['latin-1', [0xe9]],
  ] as Array<[string, number[]]>) {
    for (let i = 0; i < 3; i++) {
      const offset = Math.floor(random() * good.length);
      const bad = Buffer.concat([good.subarray(0, offset), Buffer.from(bytes), good.subarray(offset)]);
      // The first invalid byte may be earlier only if the cut split a multi-byte character (the text is ASCII).
      add('encoding', `${label} at ${offset}`, files.write('bad-utf8', bad), REJECTED, [`invalid UTF-8 at byte offset ${offset}`]);
    }
  }
  for (let i = 0; i < 8; i++) {
    const offset = Math.floor(random() * good.length);
    add('encoding', `NUL at ${offset}`, files.write('nul', Buffer.concat([good.subarray(0, offset), Buffer.from([0]), good.subarray(offset)])), REJECTED, [`NUL byte at byte offset ${offset}`]);
  }

  // Duplicate keys.
  add('duplicate-keys', 'top-level name twice', files.write('dup', 'name: a\nname: b\n'), REJECTED, ['line 2', 'unique']);
  add('duplicate-keys', 'rule twice', files.write('dup', 'name: a\nrules:\n  s3-bucket-tls-only: on\n  s3-bucket-tls-only: off\n'), REJECTED, ['line 4']);
  add('duplicate-keys', 'JSON duplicate', files.write('dup', '{"name":"a","rules":{},"rules":{}}', 'json'), REJECTED, ['unique']);
  add('duplicate-keys', 'waiver field twice', files.write('dup', 'name: a\nexceptions:\n  - { rule: x, rule: y, resources: ["*"], reason: abc, owner: o, expires: 2030-01-01 }\n'), REJECTED);

  // Binary garbage.
  for (let i = 0; i < 30; i++) {
    const length = 1 + Math.floor(random() * 4096);
    const bytes = Buffer.alloc(length);
    for (let k = 0; k < length; k++) bytes[k] = Math.floor(random() * 256);
    add('garbage', `${length} random bytes`, files.write('garbage', bytes, 'bin'), REJECTED);
  }

  // Truncated JSON (always invalid) and truncated YAML (may happen to stay valid).
  const json = JSON.stringify(basePolicy(), null, 1);
  for (let i = 0; i < 30; i++) {
    const cut = 1 + Math.floor(random() * (json.length - 2));
    add('truncated', `JSON cut at ${cut}`, files.write('truncated', json.slice(0, cut), 'json'), REJECTED, ['not valid YAML/JSON']);
  }
  const yaml = toYaml(basePolicy());
  for (let i = 0; i < 10; i++) {
    const cut = 1 + Math.floor(random() * (yaml.length - 2));
    add('truncated', `YAML cut at ${cut}`, files.write('truncated', yaml.slice(0, cut)), [0, 2]);
  }

  // YAML-specific traps.
  const yamlTraps: Array<[string, string, string[]]> = [
    ['unresolved alias', 'name: a\nrules:\n  s3-bucket-tls-only: *hihg\n', ['line 3', 'alias "*hihg"']],
    ['alias to a later anchor', 'name: a\ndescription: *later\nx: &later y\n', ['alias "*later"']],
    ['alias bomb', `${['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefg'.split('').map((l, i) => `${l}: &${l} [${Array(10).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n')}\nname: x\n`, ['aliases expand more than 100 times']],
    ['merge key', 'base: &b { name: x }\n<<: *b\n', []],
    ['js function tag', 'name: !!js/function "function(){}"\n', []],
    ['binary tag', 'name: a\ndescription: !!binary aGVsbG8=\n', []],
    ['custom tag', 'name: !Ref x\n', []],
    ['two documents', 'name: a\n---\nname: b\n', ['line 2']],
    ['tab indentation', 'name: a\nrules:\n\ts3-bucket-tls-only: on\n', []],
    ['complex key', 'name: a\n? [x, y]\n: z\n', []],
    ['a bare list', '- name: a\n', ['must be a mapping']],
    ['a bare scalar', 'just text\n', ['must be a mapping']],
    ['only a comment', '# name: a\n', ['must be a mapping']],
    ['YAML 1.1 directive', '%YAML 1.1\n---\nname: a\nrules:\n  s3-bucket-tls-only: yes\n', []],
    ['unterminated quote', 'name: "a\n', ['Missing closing "quote']],
  ];
  for (const [label, text, mentions] of yamlTraps) add('yaml', label, files.write('yaml', text), REJECTED, mentions);

  // Rule ids that break the id pattern, and typos: named visibly, with a did-you-mean.
  const disguises: Array<[string, (id: string) => string]> = [
    ['upper case', (id) => id.toUpperCase()],
    ['Cyrillic o', (id) => id.replace('o', '\u043e')],
    ['Cyrillic e', (id) => id.replace('e', '\u0435')],
    ['zero-width space', (id) => id.replace('-', '-\u200b')],
    ['zero-width joiner', (id) => `${id}\u200d`],
    ['BOM inside', (id) => `\ufeff${id}`],
    ['full-width', (id) => id.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
    ['underscores', (id) => id.replace(/-/g, '_')],
    ['trailing space', (id) => `${id} `],
  ];
  for (const [label, disguise] of disguises) {
    for (let i = 0; i < 3; i++) {
      const id = pick(ids.filter((candidate) => /o/.test(candidate) && /e/.test(candidate)));
      const bad = disguise(id);
      add('rule-id', `${label} in rules: ${id}`, files.write('rule-id', JSON.stringify({ name: 'r', rules: { [bad]: 'on' } }), 'json'), REJECTED, [`did you mean "${id}"`]);
    }
    const id = pick(ids.filter((candidate) => /o/.test(candidate) && /e/.test(candidate)));
    const bad = disguise(id);
    add('rule-id', `${label} in a waiver: ${id}`, files.write('rule-id', JSON.stringify({ name: 'r', exceptions: [{ rule: bad, resources: ['*'], reason: 'abc', owner: 'o', expires: '2030-01-01' }] }), 'json'), REJECTED, ['/exceptions/0/rule', `did you mean "${id}"`]);
  }
  for (let i = 0; i < 6; i++) {
    const id = pick(ids);
    const typo = id.slice(0, -1);
    add('rule-id', `truncated id ${typo}`, files.write('rule-id', `name: t\nrules:\n  ${typo}: on\n`), REJECTED, [`/rules/${typo}`, `did you mean "${id}"`]);
  }

  // Custom-rule patterns ajv would compile to backtracking regular expressions.
  const patterns: Array<[string, number]> = [
    ['^(a+)+$', 2], ['(\\w*)*x', 2], ['(a|aa)+$', 2], ['((ab)*c)*', 2], ['(.*a){20}', 2], ['(x+x+)+y', 2], ['(\\d+)*$', 2],
    ['(a)\\1', 2], ['(?<n>a)\\k<n>', 2], ['a'.repeat(600), 2], ['(unclosed', 2], ['[z-a]', 2],
    ['^[a-z][a-z0-9-]{2,62}$', 0], ['^(dev|prod)-[a-z]+$', 0], ['^arn:aws:s3:::[a-z0-9.-]+$', 0], ['\\.(json|ya?ml)$', 0], ['^(ab)?c*$', 0],
  ];
  for (const [pattern, code] of patterns) {
    const document = setAt(basePolicy(), '/customRules/0/schema', { type: 'object', properties: { name: { type: 'string', pattern } } });
    add('regex', `pattern ${pattern.slice(0, 40)}`, writeDoc('regex', document), [code], code === 2 ? ['/customRules/0/schema/properties/name/pattern'] : []);
  }
  const schemaTraps: Array<[string, unknown, string]> = [
    ['a $ref loop', { $ref: '#/definitions/a', definitions: { a: { $ref: '#/definitions/a' } } }, 'loop'],
    ['a remote $ref', { $ref: 'http://127.0.0.1:1/schema.json' }, "can't resolve reference"],
    ['an invalid keyword value', { maxItems: -1 }, 'not a usable JSON Schema'],
  ];
  for (const [label, schema, mention] of schemaTraps) {
    add('schema', label, writeDoc('schema', setAt(basePolicy(), '/customRules/0/schema', schema as never)), REJECTED, ['/customRules/0/schema', mention]);
  }
  add('regex', 'patternProperties key', writeDoc('regex', setAt(basePolicy(), '/customRules/0/schema', { patternProperties: { '^(a+)+$': {} } })), REJECTED, ['/customRules/0/schema/patternProperties']);

  // Empty files.
  const empties: Array<[string, string]> = [['empty', ''], ['blank lines', '\n\n  \n'], ['BOM only', '\ufeff'], ['BOM and spaces', '\ufeff   \n']];
  for (const [label, text] of empties) {
    add('empty', label, files.write('empty', text), REJECTED, ['the file is empty']);
  }

  // Many problems at once: every one reported, in bounded time.
  const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`no-such-rule-${i}`, 'on']));
  add('many', '20,000 unknown rule ids', files.write('many', JSON.stringify({ name: 'm', rules: many }), 'json'), REJECTED, ['no-such-rule-99', 'and 19900 more problems']);
  const waivers = Array.from({ length: 3000 }, (_, i) => ({ rule: 's3-*', resources: [`${'*a'.repeat(500)}${i}`], reason: 'abc', owner: 'o', expires: '2030-01-01' }));
  add('many', '3,000 waivers with many-star globs', files.write('many', JSON.stringify({ name: 'm', exceptions: waivers }), 'json'), [0]);

  // Several files at once: every invalid one reported.
  const invalids = [files.write('multi', 'name: [x]\n'), files.write('multi', 'name: ok\nrules:\n  nope-rule: on\n'), files.write('multi', '')];
  cases.push({
    kind: 'several-files',
    name: 'three invalid, one valid',
    args: validate(invalids[0] as string, files.write('multi', 'name: fine\n'), ...invalids.slice(1)),
    codes: REJECTED,
    mentions: invalids.map((file) => basename(file)),
  });

  return cases;
}

function nest<T>(leaf: T, depth: number, wrap: (inner: unknown) => unknown): never {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value as never;
}

/** Files of an extends graph are written once all their names are known. */
function writeFile(path: string, text: string): void {
  writeFileSync(path, text);
}

/** How a JSON pointer of the base policy appears in messages (its first segments are enough). */
function jsonPathShown(pointer: string): string {
  return pointer.split('/').slice(0, 3).join('/');
}
