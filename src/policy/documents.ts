import { clip, inert } from '../text/inert.js';
import { InputFileError } from './input-file.js';

/**
 * Checks on parsed input documents, so nothing downstream (schema validation, the JSON reporter, rules)
 * recurses over a structure deeper than the stack: the first value nested deeper than `maxDepth`, as a
 * JSON pointer (its segments clipped), or undefined. Iterative: a 100,000-level document is fine here.
 */
export function tooDeepAt(value: unknown, maxDepth: number): string | undefined {
  // Each entry links to its parent, so the path is only built for the one value reported.
  interface Entry { value: object; depth: number; key: string; parent: Entry | undefined }
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Entry[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const item = stack.pop() as Entry;
    if (item.depth >= maxDepth) {
      const path: string[] = [];
      for (let at: Entry | undefined = item; at?.parent; at = at.parent) path.push(at.key);
      return pointer(path.reverse());
    }
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) {
        const child: unknown = item.value[i];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1, key: String(i), parent: item });
      }
    } else {
      for (const key in item.value) {
        const child: unknown = (item.value as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1, key, parent: item });
      }
    }
  }
  return undefined;
}

/** A JSON pointer, each segment escaped (RFC 6901), clipped and made inert for messages. */
export function pointer(segments: readonly string[]): string {
  if (segments.length === 0) return '/';
  const shown = segments.length > 12 ? [...segments.slice(0, 6), `…(${segments.length - 12} more)…`, ...segments.slice(-6)] : segments;
  return shown.map((segment) => `/${inert(clip(segment.replace(/~/g, '~0').replace(/\//g, '~1'), 80))}`).join('');
}

/**
 * JSON.parse with an error a person can act on: line and column instead of V8's character position, and
 * none of the input echoed (V8 quotes a piece of the text, control bytes included).
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const raw = (error as Error).message;
    const position = /at position (\d+)/.exec(raw);
    const cause = raw
      .replace(/, "[\s\S]*" is not valid JSON$/, '')
      .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '')
      .replace(/^Unexpected token '[\s\S]', "[\s\S]*" is not valid JSON$/, 'unexpected character');
    const where = position ? ` at ${lineColumn(text, Number(position[1]))}` : '';
    throw new InputFileError(`not valid JSON${where}: ${inert(clip(cause, 200))}`);
  }
}

/** `line L, column C` (both 1-based) of a character index. */
export function lineColumn(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}
