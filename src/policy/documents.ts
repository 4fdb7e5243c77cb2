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
  const shown = segments.length > 12 ? [...segments.slice(0, 8), `…(${segments.length - 12} more)…`, ...segments.slice(-4)] : segments;
  return shown.map((segment) => `/${inert(clip(segment.replace(/~/g, '~0').replace(/\//g, '~1'), 80))}`).join('');
}

/**
 * JSON.parse with an error a person can act on: line and column of the first offending character, and
 * none of the input echoed (V8 quotes a piece of the text, control bytes included, and gives no position
 * for some errors).
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    if (offset >= text.length) throw new InputFileError(`not valid JSON at ${lineColumn(text, text.length)}: the text ends too early (truncated?)`);
    const char = text.codePointAt(Math.max(0, offset)) ?? 0;
    const shown = char >= 0x20 && char < 0x7f ? `"${String.fromCodePoint(char)}"` : `U+${char.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputFileError(`not valid JSON at ${lineColumn(text, Math.max(0, offset))}: unexpected ${shown}`);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Index of the first character where `text` stops being JSON (text.length: it ends too early; -1: valid). */
export function jsonErrorOffset(text: string): number {
  return scanJson(text, { duplicates: false }).error;
}

export interface JsonScan {
  /** Index of the first character where the text stops being JSON; text.length: it ends too early; -1: valid. */
  error: number;
  /** The first key repeated within one object (JSON.parse would silently keep the last). */
  duplicate?: { key: string; offset: number };
}

/**
 * One linear pass over JSON text, without building values: where it stops being JSON, and the first key
 * that appears twice in one object. Iterative, so nesting depth costs nothing here.
 */
export function scanJson(text: string, options: { duplicates: boolean } = { duplicates: true }): JsonScan {
  const n = text.length;
  const stack: Array<Set<string> | undefined> = []; // one entry per open container: its keys, or undefined for an array
  let i = 0;
  let state: 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'after' = 'value';
  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): number => {
    i++; // the opening quote
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return -1;
      }
      if (code < 0x20) return i;
      if (code === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return i;
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) i += 2;
        else return i;
      } else i++;
    }
    return n;
  };
  const close = () => {
    stack.pop();
    i++;
    state = 'after';
  };
  for (;;) {
    skipSpace();
    if (i >= n) return { error: state === 'after' && stack.length === 0 ? -1 : n };
    const c = text[i] as string;
    const top = stack.length > 0 ? (stack[stack.length - 1] ?? '[') : undefined;
    if (state === 'after') {
      if (top === undefined) return { error: i };
      if (c === ',') {
        i++;
        state = top === '[' ? 'value' : 'key';
      } else if ((c === '}' && top !== '[') || (c === ']' && top === '[')) close();
      else return { error: i };
    } else if (state === 'colon') {
      if (c !== ':') return { error: i };
      i++;
      state = 'value';
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (state === 'keyOrEnd' && c === '}') close();
      else if (c !== '"') return { error: i };
      else {
        const start = i;
        const error = string();
        if (error >= 0) return { error };
        if (options.duplicates) {
          const raw = text.slice(start + 1, i - 1);
          const key = raw.includes('\\') ? (JSON.parse(text.slice(start, i)) as string) : raw;
          const keys = stack[stack.length - 1];
          if (keys?.has(key)) return { error: -1, duplicate: { key, offset: start } };
          keys?.add(key);
        }
        state = 'colon';
      }
    } else if (state === 'valueOrEnd' && c === ']') {
      close();
    } else if (c === '{' || c === '[') {
      stack.push(c === '{' ? new Set<string>() : undefined);
      i++;
      state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
    } else if (c === '"') {
      const error = string();
      if (error >= 0) return { error };
      state = 'after';
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.exec(text)) return { error: i };
      i = NUMBER.lastIndex;
      state = 'after';
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (!literal) return { error: i };
      i += literal.length;
      state = 'after';
    }
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
