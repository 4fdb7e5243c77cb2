/**
 * Custom rules are JSON Schemas; ajv compiles their `pattern`s and `patternProperties` keys into native
 * (backtracking) regular expressions that run against every resource. No linear-time engine is installed,
 * so the patterns are checked instead: bounded length, no backreferences, and no quantified group that
 * itself contains an unbounded quantifier or an alternation (`(a+)+`, `(\w*)*`, `(a|a)*` — the shapes of
 * catastrophic backtracking). See docs/limits.md, "Globs".
 */

export const MAX_PATTERN_LENGTH = 512;

export interface PatternProblem {
  /** JSON pointer of the pattern inside the schema. */
  path: string;
  message: string;
}

// Keywords whose values are data, not schemas: a `pattern` inside them is not compiled.
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'description', 'title', '$comment']);

/** Every unsafe pattern of a JSON Schema (walked iteratively: depth is bounded when the file is read). */
export function unsafePatterns(schema: unknown): PatternProblem[] {
  const problems: PatternProblem[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: schema, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}/${index}` }));
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'pattern' && typeof child === 'string') {
        const problem = patternProblem(child);
        if (problem) problems.push({ path: childPath, message: problem });
      } else if (key === 'patternProperties' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
        for (const [pattern, sub] of Object.entries(child)) {
          const problem = patternProblem(pattern);
          const subPath = `${childPath}/${pattern.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          if (problem) problems.push({ path: subPath, message: problem });
          stack.push({ value: sub, path: subPath });
        }
      } else if (!DATA_KEYWORDS.has(key)) {
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return problems;
}

/** Why a regular expression may backtrack catastrophically, or undefined when it is safe to run. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`;
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'pattern is not a valid regular expression (with the u flag, as ajv compiles it)';
  }
  // One frame per open group: whether it holds an unbounded quantifier or an alternation.
  const groups: Array<{ risky: boolean }> = [{ risky: false }];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) return 'pattern uses a backreference, which cannot be matched in bounded time';
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    const top = groups[groups.length - 1] as { risky: boolean };
    if (char === '[') inClass = true;
    else if (char === '(') groups.push({ risky: false });
    else if (char === '|') top.risky = true;
    else if (char === ')') {
      const closed = groups.pop() ?? { risky: false };
      const outer = groups[groups.length - 1];
      if (!outer) return 'pattern has an unbalanced ")"';
      const quantifier = quantifierAt(pattern, i + 1);
      if (closed.risky && quantifier.repeats) {
        return `pattern repeats a group that itself repeats or alternates ("${pattern.slice(0, i + 1 + quantifier.length).slice(-40)}"): nested quantifiers backtrack catastrophically; rewrite without the outer repetition`;
      }
      if (closed.risky || quantifier.unbounded) outer.risky = true;
      i += quantifier.length;
    } else if (char === '*' || char === '+' || char === '{') {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.unbounded) top.risky = true;
      i += Math.max(0, quantifier.length - 1);
    }
  }
  return undefined;
}

/** The quantifier starting at `index`, if any: its length, whether it repeats more than once, unbounded. */
function quantifierAt(pattern: string, index: number): { length: number; repeats: boolean; unbounded: boolean } {
  const char = pattern[index];
  let length = 0;
  let repeats = false;
  let unbounded = false;
  if (char === '*' || char === '+') [length, repeats, unbounded] = [1, true, true];
  else if (char === '?') [length, repeats, unbounded] = [1, false, false];
  else if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index, index + 24));
    if (match) {
      length = match[0].length;
      const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
      repeats = max > 1;
      unbounded = max === Infinity || max > 16;
    }
  }
  // A lazy or possessive marker after the quantifier belongs to it.
  if (length > 0 && pattern[index + length] === '?') length++;
  return { length, repeats, unbounded };
}
