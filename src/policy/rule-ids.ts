import { clip } from '../text/inert.js';
import { closest } from './glob.js';

/** What a rule id is made of (the policy schema's pattern). */
export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A name from a file shown so a reader sees exactly what is there: printable ASCII as is, everything else
 * (homoglyphs, zero-width and bidi characters, controls) as `\u{…}`; clipped.
 */
export function visible(name: string, max = 120): string {
  const clipped = clip(name, max);
  let shown = '';
  for (const char of clipped) {
    const code = char.codePointAt(0) as number;
    shown += code >= 0x20 && code < 0x7f ? char : `\\u{${code.toString(16)}}`;
  }
  return shown;
}

// Latin look-alikes people paste from documents and chats (Cyrillic, Greek, full-width are handled by NFKC).
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', һ: 'h', і: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', ԛ: 'q',
  ѕ: 's', т: 't', у: 'y', х: 'x', ԝ: 'w', α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-', _: '-', ' ': '-',
};

/** The id a person most likely meant: look-alikes replaced, invisible characters dropped, lower case. */
export function normaliseId(name: string): string {
  return clip(name, 512)
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Cc}]/gu, '')
    .trim()
    .toLowerCase()
    .replace(/./gu, (char) => CONFUSABLES[char] ?? char);
}

/** Why a name is not a rule id: the first character that does not belong, and where. */
function firstBadCharacter(name: string): string {
  if (name.length === 0) return 'it is empty';
  let position = 0;
  for (const char of name) {
    position++;
    const allowed = position === 1 ? /[a-z0-9]/ : /[a-z0-9-]/;
    if (!allowed.test(char)) {
      const code = (char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
      const what = /[A-Z]/.test(char) ? 'upper case' : /\p{Cf}/u.test(char) ? 'an invisible character' : char.charCodeAt(0) > 0x7f ? 'a non-ASCII character' : 'a character';
      return `${what} U+${code} at position ${position}`;
    }
  }
  return 'it is malformed';
}

/** A hint for a name that is not a known rule id: the known id it normalises to, or the closest one. */
export function suggestRuleId(name: string, known: Iterable<string>): string | undefined {
  const ids = [...known];
  const normalised = normaliseId(name);
  if (normalised !== name && ids.includes(normalised)) return normalised;
  return closest(normalised, ids);
}

/** "rule id "X" is not a valid rule id (…) (did you mean "y"?)" for a name that breaks the id pattern. */
export function describeMalformedId(name: string, known: Iterable<string>): string {
  const hint = suggestRuleId(name, known);
  return (
    `"${visible(name)}" is not a valid rule id: lower-case letters, digits and "-" only, found ${firstBadCharacter(name)}` +
    (hint ? ` (did you mean "${hint}"?)` : '')
  );
}

/** "unknown rule id "x" (did you mean "y"?)", the id shown visibly. */
export function describeUnknownId(name: string, known: Iterable<string>): string {
  if (!RULE_ID_PATTERN.test(name)) return describeMalformedId(name, known);
  const hint = suggestRuleId(name, known);
  return `unknown rule id "${visible(name)}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
}
