import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { openJsonDocument, type JsonDocument, type JsonDocumentOptions } from '../../../src/pipeline/json-document.js';
import { readJsonInput } from '../../../src/pipeline/judge.js';

const dir = mkdtempSync(join(tmpdir(), 'json-document-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const write = (content: string | Buffer): string => {
  const path = join(dir, `doc-${files++}.json`);
  writeFileSync(path, content);
  return path;
};

const open = (content: string | Buffer, options: Partial<JsonDocumentOptions> = {}): JsonDocument =>
  openJsonDocument(write(content), { what: 'inventory', arrayKey: 'resources', ...options });

/** The message openJsonDocument refuses `content` with (its path replaced by F), or undefined. */
function refusal(content: string | Buffer, options: Partial<JsonDocumentOptions> = {}): string | undefined {
  const path = write(content);
  try {
    openJsonDocument(path, { what: 'inventory', arrayKey: 'resources', ...options }).close();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.replace(path, 'F');
  }
}

/** What readJsonInput says about the same bytes (undefined: it reads them). */
function oldRefusal(content: string | Buffer): string | undefined {
  const path = write(content);
  try {
    readJsonInput(path, 'inventory');
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(path, 'F');
  }
}

/** Reads a document whole through every access path, checking they agree. */
function readAll(doc: JsonDocument): { header: Record<string, unknown>; elements: unknown[] } {
  const elements = [...doc.elements()];
  expect(elements).toHaveLength(doc.count);
  expect([...doc.texts()].map((text) => JSON.parse(text) as unknown)).toEqual(elements);
  expect([...doc.read([...elements.keys()].reverse())]).toEqual([...elements].reverse());
  return { header: doc.header, elements };
}

const tricky = [
  'plain',
  'brackets ] } [ { , : inside',
  'quote " and backslash \\ and slash / and \\" and \\\\',
  'escapes \b\f\n\r\t\u0001 \u2028',
  'multi-byte é ü ß 中文 😀 𝄞',
  '"resources": [1, 2]',
];

/** JSON text with every non-ASCII character and every slash written as an escape (both only occur in strings). */
const escaped = (text: string): string =>
  text.replace(/\//g, '\\/').replace(/[^ -~\t\n\r]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('openJsonDocument: layouts', () => {
  const doc = {
    schemaVersion: 1,
    targets: [{ accountId: '111122223333', regions: ['eu-west-1'], name: 'a]}"\\' }],
    resources: [
      ...tricky.map((name, i) => ({ i, name, tags: { k: name }, data: { list: [1, -2.5e-3, 0, true, false, null, {}, []] } })),
      42,
      'a string element',
      null,
      [],
      {},
      [[[{ deep: ['x'] }]]],
    ],
    errors: [],
    'é key': 'value ]}',
  };
  const { resources, ...rest } = doc;
  const layouts: Array<[string, string]> = [
    ['minified', JSON.stringify(doc)],
    ['pretty', JSON.stringify(doc, null, 2)],
    ['tabs and CRLF', JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n')],
    ['one element per line', `{"schemaVersion":1,"targets":${JSON.stringify(doc.targets)},"errors":[],"é key":"value ]}","resources":[\n${doc.resources.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`],
    ['array first', JSON.stringify({ resources, ...rest })],
    ['unicode escapes', escaped(JSON.stringify(doc, null, 1))],
    ['BOM', `\ufeff${JSON.stringify(doc, null, 1)}`],
    ['escaped key', JSON.stringify(doc).replace('"resources"', '"res\\u006furces"')],
  ];
  for (const chunkBytes of [1, 2, 3, 7, 64, 1 << 20]) {
    it.each(layouts)(`%s, read %# in chunks of ${chunkBytes} bytes`, (_label, text) => {
      const document = open(text, { chunkBytes });
      const { header, elements } = readAll(document);
      expect(header).toEqual(rest);
      expect(elements).toEqual(resources);
      expect(document.present).toBe(true);
      expect(document.keys).toContain('resources');
      document.close();
    });
  }

  it('calls onElement with each element and its index during the first pass', () => {
    const seen: Array<[unknown, number]> = [];
    const document = open(JSON.stringify(doc), { chunkBytes: 5, onElement: (value, index) => seen.push([value, index]) });
    expect(seen).toEqual(doc.resources.map((value, index) => [value, index]));
    document.close();
  });

  it('has no array: present false, count 0', () => {
    const document = open('{"a": 1}');
    expect([document.present, document.count, document.header, [...document.elements()]]).toEqual([false, 0, { a: 1 }, []]);
  });

  it('an empty array is present', () => {
    const document = open('{"resources": [ ] }');
    expect([document.present, document.count]).toEqual([true, 0]);
  });

  it('keeps the later of duplicate header keys, like JSON.parse, and __proto__ as a plain key', () => {
    const text = '{"a": 1, "__proto__": {"polluted": true}, "resources": [], "a": 2}';
    const document = open(text);
    expect(document.header).toEqual({ a: 2, ['__proto__']: { polluted: true } });
    expect(Object.getPrototypeOf(document.header)).toBe(Object.prototype);
    expect(document.keys).toEqual(['a', '__proto__', 'resources']);
  });

  it('leaves ignored members unparsed and tells each key as it is read', () => {
    const keys: string[] = [];
    const document = open('{"findings": [1, 2], "resources": [3], "x": 1}', { ignore: ['findings'], onKey: (key) => keys.push(key) });
    expect(document.header).toEqual({ x: 1 });
    expect(keys).toEqual(['findings', 'resources', 'x']);
    expect(() => open('{"findings": [], "resources": []}', { onKey: (key) => { if (key === 'findings') throw new UsageError('a report'); } })).toThrow('a report');
  });

  it('gives compact texts of pretty-printed elements, and the bytes themselves when already compact', () => {
    expect([...open('{"resources": [ {"a" : [1, 2]} ,\n {"b":"x y"} ]}').texts()]).toEqual(['{"a":[1,2]}', '{"b":"x y"}']);
    expect([...open('{"resources":[{"a":"\\u0041"}]}').texts()]).toEqual(['{"a":"\\u0041"}']);
  });

  it('reads chosen indexes in batches, in the order asked', () => {
    const elements = Array.from({ length: 500 }, (_, i) => ({ i, pad: 'p'.repeat(i % 50) }));
    const document = open(JSON.stringify({ resources: elements }, null, 2));
    const picked = [0, 1, 2, 3, 250, 251, 499, 10, 10];
    expect([...document.read(picked)]).toEqual(picked.map((i) => elements[i]));
    // Two iterations interleaved do not share a buffer.
    const a = document.elements()[Symbol.iterator]();
    const b = document.read([499, 498])[Symbol.iterator]();
    expect([a.next().value, b.next().value, a.next().value, b.next().value]).toEqual([elements[0], elements[499], elements[1], elements[498]]);
    expect(() => [...document.read([500])]).toThrow(RangeError);
    // After a finished iteration its buffer is lent to the next one; one running alongside still gets its own.
    expect([...document.read([7])]).toEqual([elements[7]]);
    const c = document.read([3, 400])[Symbol.iterator]();
    const d = document.read([200, 5])[Symbol.iterator]();
    expect([c.next().value, d.next().value, c.next().value, d.next().value]).toEqual([elements[3], elements[200], elements[400], elements[5]]);
    document.close();
    expect(() => [...document.read([0])]).toThrow('closed');
  });
});

describe('openJsonDocument: read buffers', () => {
  it('reuses one read buffer across iterations that follow each other, an abandoned one included', () => {
    const elements = Array.from({ length: 100 }, (_, i) => ({ i, pad: 'p'.repeat(2000) }));
    const document = open(JSON.stringify({ resources: elements }));
    const allocations = vi.spyOn(Buffer, 'allocUnsafe');
    try {
      // A second open document (a merge holds one per shard) borrows the same buffer.
      const other = open(JSON.stringify({ resources: elements }));
      for (let round = 0; round < 50; round++) {
        const indexes = [round, round + 1, round + 2];
        expect([...document.read(indexes)]).toEqual(indexes.map((i) => elements[i]));
        for (const element of document.read([round + 10, round + 11])) if (element) break; // abandoned
        expect([...other.read([round])]).toEqual([elements[round]]);
      }
      other.close();
      // A buffer per iteration would be 100 allocations; lent buffers grow to the largest batch and stay.
      expect(allocations.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      allocations.mockRestore();
      document.close();
    }
  });
});

describe('openJsonDocument: refusals', () => {
  const good = JSON.stringify({ schemaVersion: 1, resources: [{ name: 'é😀', tags: { a: 'b' } }, { n: [1, 2.5] }] }, null, 2);
  const cases: Array<[string, string | Buffer, string]> = [
    ['empty', '', 'inventory F: the file is empty'],
    ['whitespace', ' \n\t\r\n', 'inventory F: the file is empty'],
    ['BOM only', '\ufeff', 'inventory F: the file is empty'],
    ['YAML', 'name: p\n', 'inventory F: not valid JSON at line 1, column 1: unexpected "n"'],
    ['truncated', '{"findings": [', 'inventory F: not valid JSON at line 1, column 15: the text ends too early (truncated?)'],
    ['truncated element', '{"resources": [{"a": "b', 'inventory F: not valid JSON at line 1, column 24: the text ends too early (truncated?)'],
    ['trailing comma in array', '{"resources": [1, ]}', 'inventory F: not valid JSON at line 1, column 19: unexpected "]"'],
    ['trailing comma in object', '{"a": 1,\n}', 'inventory F: not valid JSON at line 2, column 1: unexpected "}"'],
    ['mismatched brackets', '{"resources": [{"a": [}]}', 'inventory F: not valid JSON at line 1, column 23: unexpected "}"'],
    ['raw newline in string', '{"a": "x\ny"}', 'inventory F: not valid JSON at line 1, column 9: unexpected U+000A'],
    ['bad escape', '{"a": "x\\qy"}', 'inventory F: not valid JSON at line 1, column 9: unexpected "\\"'],
    ['bad unicode escape', '{"a": "\\u12g4"}', 'inventory F: not valid JSON at line 1, column 8: unexpected "\\"'],
    ['leading zero', '{"a": 01}', 'inventory F: not valid JSON at line 1, column 8: unexpected "1"'],
    ['bare minus', '{"a": -}', 'inventory F: not valid JSON at line 1, column 7: unexpected "-"'],
    ['dot without digits', '{"a": 1.}', 'inventory F: not valid JSON at line 1, column 8: unexpected "."'],
    ['bad literal', '{"a": nul}', 'inventory F: not valid JSON at line 1, column 7: unexpected "n"'],
    ['column after multi-byte', '{"é😀": x}', 'inventory F: not valid JSON at line 1, column 9: unexpected "x"'],
    ['non-ASCII outside strings', '{"a": é}', 'inventory F: not valid JSON at line 1, column 7: unexpected U+00E9'],
    ['text after the object', '{"a": 1} {}', 'inventory F: not valid JSON at line 1, column 10: unexpected "{"'],
    ['single quotes', "{'a': 1}", 'inventory F: not valid JSON at line 1, column 2: unexpected "\'"'],
    ['NUL in a string', Buffer.from('{"a": "x\0"}'), 'inventory F: NUL byte at byte offset 8 (a binary file, or text in UTF-16?)'],
    ['NUL in a literal', Buffer.from('{"a": tr\0ue}'), 'inventory F: NUL byte at byte offset 8 (a binary file, or text in UTF-16?)'],
    ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"a": "x'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 'inventory F: invalid UTF-8 at byte offset 8 (byte 0xc3)'],
    ['invalid UTF-8 between tokens', Buffer.concat([Buffer.from('{"a": 1 '), Buffer.from([0xc3, 0x28]), Buffer.from('}')]), 'inventory F: invalid UTF-8 at byte offset 8 (byte 0xc3)'],
    ['overlong UTF-8', Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), 'inventory F: invalid UTF-8 at byte offset 7 (byte 0xc0)'],
    ['UTF-16 surrogate in UTF-8', Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), 'inventory F: invalid UTF-8 at byte offset 7 (byte 0xed)'],
    ['UTF-8 cut by the quote', Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]), 'inventory F: invalid UTF-8 at byte offset 7 (byte 0xe2)'],
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', 'utf16le')]), 'inventory F: invalid UTF-8 at byte offset 0 (byte 0xff); it looks like UTF-16: save it as UTF-8'],
    ['an array', '[{"resources": []}]', 'inventory F: the top level is an array, not an object'],
    ['a number', ' 42 ', 'inventory F: the top level is a number, not an object'],
    ['a bare number', '42', 'inventory F: the top level is a number, not an object'],
    ['null', 'null', 'inventory F: the top level is null, not an object'],
    ['a string', '"x"', 'inventory F: the top level is a string, not an object'],
    ['resources not an array', '{"resources": "x"}', 'inventory F: /resources must be an array, not a string'],
    ['resources twice', '{"resources": [], "resources": []}', 'inventory F: "resources" appears twice at the top level'],
    ['deep header member', `{"targets": ${'['.repeat(5000)}${']'.repeat(5000)}}`, 'inventory F: /targets/0/0/0/0/0/0/0/…(52 more)…/0/0/0/0: nested deeper than 64 levels'],
    ['deep header member, then a shallow item', `{"targets": [${'['.repeat(70)}${']'.repeat(70)}, 1]}`, 'inventory F: /targets/0/0/0/0/0/0/0/…(52 more)…/0/0/0/0: nested deeper than 64 levels'],
    ['nesting without end', `{"targets": ${'[{"a":'.repeat(100_001)}`, 'inventory F: line 1, column 600008: nested deeper than 64 levels'],
    ['deep element', `{"resources": [1, {"data": ${'{"a":'.repeat(80)}1${'}'.repeat(80)}}]}`, 'inventory F: /resources/1/data/a/a/a/a/a/…(52 more)…/a/a/a/a: nested deeper than 64 levels'],
  ];
  for (const chunkBytes of [1, 3, 1 << 20]) {
    it.each(cases)(`%s (chunks of ${chunkBytes} bytes)`, (_label, content, message) => {
      expect(refusal(content, { chunkBytes })).toBe(message);
    });
  }

  it('says what readJsonInput says, wherever a file is cut', () => {
    const bytes = Buffer.from(good);
    for (let cut = 1; cut < bytes.length; cut++) {
      const content = bytes.subarray(0, cut);
      expect(refusal(content, { chunkBytes: 7 }), `cut at ${cut}`).toBe(oldRefusal(content));
    }
  });

  it('says what readJsonInput says about one bad byte put anywhere', () => {
    const bytes = Buffer.from(good);
    for (const bad of [0x00, 0x7d, 0x5d, 0x22, 0x2c, 0xc3, 0x80, 0x0a, 0x5c, 0x41]) {
      for (let at = 0; at < bytes.length; at += 3) {
        const content = Buffer.concat([bytes.subarray(0, at), Buffer.from([bad]), bytes.subarray(at)]);
        const old = oldRefusal(content);
        // Where readJsonInput reads the result, the only difference may be the top level or the array.
        if (old === undefined) continue;
        expect(refusal(content, { chunkBytes: 5 }), `0x${bad.toString(16)} at ${at}`).toBe(old);
      }
    }
  });

  it('keeps the depth limit: 62 levels inside an element are accepted', () => {
    const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(refusal(`{"resources": [${nest(62)}]}`)).toBeUndefined();
    expect(refusal(`{"resources": [${nest(63)}]}`)).toMatch(/\/resources\/0\/0(\/0)*.*: nested deeper than 64 levels$/);
    expect(oldRefusal(`{"resources": [${nest(62)}]}`)).toBeUndefined();
    expect(oldRefusal(`{"resources": [${nest(63)}]}`)).toBeDefined();
  });

  it('refuses what is not a regular file, a missing file and a file over the limit', () => {
    const refuse = (path: string, options: Partial<JsonDocumentOptions> = {}) => () => openJsonDocument(path, { what: 'report', arrayKey: 'findings', ...options });
    expect(refuse(dir)).toThrow(/^report .*: not a regular file \(a directory\)$/);
    expect(refuse(join(dir, 'missing.json'))).toThrow(/: no such file$/);
    expect(refuse('/dev/null')).toThrow(/not a regular file \(a character device\)$/);
    expect(refuse(write('{"findings": []}'), { maxBytes: 10 })).toThrow(/: 16 bytes, larger than the 10 bytes limit$/);
    expect(refuse(write('{"findings": []}'), { maxBytes: 16 })).not.toThrow();
  });

  it('names the file inert', () => {
    const path = join(dir, 'evil\u001b[2J.json');
    expect(() => openJsonDocument(path, { what: 'baseline', arrayKey: 'findings' })).toThrow(`baseline ${dir}/evil\\x1b[2J.json: no such file`);
  });
});

describe('openJsonDocument: size', () => {
  it('reads 20,000 elements (~18 MB) in one pass with the heap flat, then reads them back', () => {
    const element = (i: number) => ({
      arn: `arn:aws:s3:::bucket-${i}`,
      accountId: String(100000000000 + (i % 200)),
      type: 'aws.s3.bucket',
      name: `bucket-${i} é`,
      tags: { owner: 'team', cost: String(i) },
      data: { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::bucket-${i}/*` }] }, pad: 'x'.repeat(600) },
    });
    const parts = ['{"schemaVersion": 1, "resources": [\n'];
    for (let i = 0; i < 20_000; i++) parts.push(`${i > 0 ? ',\n' : ''}${JSON.stringify(element(i))}`);
    parts.push('\n], "errors": []}\n');
    const path = write(parts.join(''));
    parts.length = 0;

    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let arns = 0;
    const started = performance.now();
    const document = openJsonDocument(path, {
      what: 'inventory',
      arrayKey: 'resources',
      onElement: (value, index) => {
        if ((value as { arn: string }).arn === `arn:aws:s3:::bucket-${index}`) arns++;
        if (index % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    const elapsed = performance.now() - started;
    expect(arns).toBe(20_000);
    expect(document.count).toBe(20_000);
    expect(document.header).toEqual({ schemaVersion: 1, errors: [] });
    // Garbage not yet collected is all the heap gains: far less than the file's 18 MB held as text or objects.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    expect(elapsed).toBeLessThan(2000);
    let read = 0;
    for (const value of document.read([0, 1, 2, 19_999])) if ((value as { type: string }).type === 'aws.s3.bucket') read++;
    expect(read).toBe(4);
    let texts = 0;
    for (const text of document.texts()) texts += text.length > 0 ? 1 : 0;
    expect(texts).toBe(20_000);
    document.close();
  });
});
