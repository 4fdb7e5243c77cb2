/** Longest word a did-you-mean compares: ids and field names are short; a 1 MiB "id" gets no hint. */
export const MAX_HINT_LENGTH = 256;

/**
 * The closest candidate within a small edit distance, for "did you mean" hints. Bounded: words longer
 * than MAX_HINT_LENGTH get no hint, and candidates whose length alone puts them out of reach are skipped.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_HINT_LENGTH) return undefined;
  const list = [...candidates].filter((candidate) => candidate.length <= MAX_HINT_LENGTH);
  // A truncated id (`s3-bucket-tls`) is the commonest slip: a unique candidate starting with it is the answer.
  const extensions = list.filter((candidate) => word.length >= 6 && candidate.startsWith(word));
  if (extensions.length === 1) return extensions[0];
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(word.length / 4)) + 1;
  for (const candidate of list) {
    if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
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
