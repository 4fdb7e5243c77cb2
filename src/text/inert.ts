/**
 * Text from AWS or from input files made inert before it reaches a terminal: C0 controls (ESC, CR, BS,
 * BEL, NUL …), DEL, C1 controls (U+0080–U+009F, incl. the 8-bit CSI U+009B), and the Unicode bidi
 * overrides/isolates that reorder what a reader sees are shown as visible `\xNN` / `\u{NNNN}` escapes, so no
 * resource name, Sid, tag or parse-error excerpt can clear a screen, set a title, plant a hyperlink or hide
 * text. Tab and newline are kept only where the caller says the text is multi-line.
 */
export function inert(value: unknown, options: { multiline?: boolean; max?: number } = {}): string {
  const text = clip(String(value), options.max ?? DEFAULT_MAX);
  return text.replace(options.multiline ? UNSAFE_MULTILINE : UNSAFE, escapeChar);
}

/** Cuts a string to `max` characters with a marker saying how much was left out (never mid surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… [${text.length - end} more characters]`;
}

/** Whether the text holds anything `inert` would escape. */
export function hasControlCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** Default cap for one value shown on a terminal: long enough for any ARN or message, short of a flood. */
export const DEFAULT_MAX = 4096;

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}
