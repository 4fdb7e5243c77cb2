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
 * one string; readers find the whole header before the array.
 */
export function* jsonWithLargeArray(header: object, key: string, elements: Iterable<string>): Generator<string> {
  const head = stringifyBounded(header, 2);
  yield `${head === '{}' ? '{\n' : `${head.slice(0, -2)},\n`}  ${JSON.stringify(key)}: [`;
  let first = true;
  for (const element of elements) {
    yield `${first ? '' : ','}\n    ${element}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]\n}\n`;
}
