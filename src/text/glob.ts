/**
 * Whole-string glob matching in linear time: `*` matches any run of characters (slashes and colons
 * included), `?` exactly one; everything else is literal. This is the one glob matcher of the project
 * (waiver ARNs, break-glass names, IAM actions and resources, resource-policy ARNs): a regular expression
 * built from a glob backtracks catastrophically on many `*` against a long name, this never does.
 *
 * The algorithm is the classic greedy one with a single backtrack point (the last `*`): O(|glob|·|value|)
 * in the worst case, O(|glob|+|value|) in practice, no allocation.
 */
export function globMatch(glob: string, value: string, options: { ignoreCase?: boolean } = {}): boolean {
  if (glob === '*') return true;
  const pattern = options.ignoreCase ? glob.toLowerCase() : glob;
  const text = options.ignoreCase ? value.toLowerCase() : value;
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starText = 0;
  while (t < text.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === QUESTION || c === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (p < pattern.length && c === STAR) {
      starAt = p++;
      starText = t;
    } else if (starAt !== -1) {
      p = starAt + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

/** Whether any of the globs matches the value. */
export function anyGlobMatches(globs: readonly string[], value: string, options: { ignoreCase?: boolean } = {}): boolean {
  return globs.some((glob) => globMatch(glob, value, options));
}

/** Whether a glob contains wildcards at all (a literal glob is an exact name). */
export function hasWildcard(glob: string): boolean {
  return glob.includes('*') || glob.includes('?');
}

const STAR = 42; // '*'
const QUESTION = 63; // '?'
