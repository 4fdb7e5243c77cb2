import { globMatch } from '../text/glob.js';

/** `*` matches any run of characters (slashes and colons included), `?` one character. Case-sensitive, like ARNs. */
export function matchesGlob(value: string, glob: string): boolean {
  return globMatch(glob, value);
}

// Did-you-mean hints are text utilities shared with the schema and AWS input checks.
export { closest, MAX_HINT_LENGTH } from '../text/closest.js';
