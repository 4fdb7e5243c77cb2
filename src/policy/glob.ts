import { globMatch } from '../text/glob.js';

/** `*` matches any run of characters (slashes and colons included), `?` one character. Case-sensitive, like ARNs. */
export function matchesGlob(value: string, glob: string): boolean {
  return globMatch(glob, value);
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  // A truncated id (`s3-bucket-tls`) is the commonest slip: a unique candidate starting with it is the answer.
  const extensions = list.filter((candidate) => word.length >= 6 && candidate.startsWith(word));
  if (extensions.length === 1) return extensions[0];
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(word.length / 4)) + 1;
  for (const candidate of list) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
