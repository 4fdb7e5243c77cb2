/** Values nested deeper than this are replaced by a marker when JSON.stringify runs out of stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON.stringify, but a value nested too deeply for the stack (evidence copied from a hostile policy
 * document) is written with its deep parts replaced by a marker instead of crashing the whole report.
 */
export function stringifyBounded(value: unknown, space?: number): string {
  try {
    return JSON.stringify(value, null, space);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(boundDepth(value, MAX_JSON_DEPTH), null, space);
  }
}

/** A copy of `value` cut at `depth` levels (recursion bounded by `depth`, so it cannot overflow). */
export function boundDepth(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (depth <= 0) return `[nested deeper than ${MAX_JSON_DEPTH} levels: omitted]`;
  if (Array.isArray(value)) return value.map((item) => boundDepth(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, boundDepth(item, depth - 1)]));
}

/**
 * A JSON object whose one large array member comes last, an element per line: the header pretty-printed,
 * then the elements' compact JSON texts as given. Written in pieces, so a document of any size is never
 * one string (the header's own large members, such as an organization's access map, included); readers
 * find the whole header before the array. The same text as `JSON.stringify(header, null, 2)` with the
 * array added.
 */
export function* jsonWithLargeArray(header: object, key: string, elements: Iterable<string>): Generator<string> {
  yield '{\n';
  for (const [name, value] of members(header)) {
    yield `  ${JSON.stringify(name)}: `;
    yield* prettyChunks(value, 1);
    yield ',\n';
  }
  yield `  ${JSON.stringify(key)}: [`;
  let first = true;
  for (const element of elements) {
    yield `${first ? '' : ','}\n    ${element}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]\n}\n`;
}

/** Levels below which a value is written as one piece (each piece then stays small). */
const CHUNKED_LEVELS = 4;

/**
 * `JSON.stringify(value)` (compact) in pieces: the top `levels` of objects and arrays member by member, so a
 * large value (an organization's access map) is never one string.
 */
export function* compactJsonChunks(value: unknown, levels = CHUNKED_LEVELS): Generator<string> {
  yield* chunks(afterToJson(value), 0, '', levels);
}

/** `JSON.stringify(value, null, 2)` at nesting `level`, in pieces for the top levels (`json`: after `toJSON`). */
function prettyChunks(json: unknown, level: number): Generator<string> {
  return chunks(json, level, '  ', CHUNKED_LEVELS);
}

/** JSON.stringify's text of `json` at nesting `level`, indented by `indent` per level ('' = compact). */
function* chunks(json: unknown, level: number, indent: string, levels: number): Generator<string> {
  const pretty = indent !== '';
  const pad = indent.repeat(level);
  if (json === null || typeof json !== 'object' || level >= levels) {
    const text = stringifyBounded(json, pretty ? indent.length : undefined) ?? 'null';
    yield pretty ? text.replace(/\n/g, `\n${pad}`) : text;
    return;
  }
  // In an array, what JSON omits is written as null; in an object, the member is left out.
  const entries: Array<[string | undefined, unknown]> = Array.isArray(json)
    ? json.map((item) => [undefined, omitted(afterToJson(item)) ? null : afterToJson(item)])
    : members(json);
  const [open, close] = Array.isArray(json) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    yield `${open}${close}`;
    return;
  }
  yield pretty ? `${open}\n` : open;
  for (let index = 0; index < entries.length; index++) {
    const [name, item] = entries[index]!;
    const label = name === undefined ? '' : `${JSON.stringify(name)}:${pretty ? ' ' : ''}`;
    yield pretty ? `${pad}${indent}${label}` : label;
    yield* chunks(item, level + 1, indent, levels);
    const last = index === entries.length - 1;
    yield pretty ? (last ? '\n' : ',\n') : last ? '' : ',';
  }
  yield pretty ? `${pad}${close}` : close;
}

/** A value as JSON.stringify sees it: after its `toJSON`, when it has one. */
function afterToJson(value: unknown): unknown {
  const convertible = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function';
  return convertible ? (value as { toJSON(): unknown }).toJSON() : value;
}

/** Values JSON has no text for (left out of objects, null in arrays). */
function omitted(json: unknown): boolean {
  return json === undefined || typeof json === 'function' || typeof json === 'symbol';
}

/** An object's members as JSON.stringify writes them (after `toJSON`): own enumerable keys, those JSON omits left out. */
function members(value: object): Array<[string, unknown]> {
  return Object.entries(value)
    .map(([name, item]): [string, unknown] => [name, afterToJson(item)])
    .filter(([, json]) => !omitted(json));
}
