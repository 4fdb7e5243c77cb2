/**
 * Whether two globs (`*` any run, `?` one character, everything else literal) can match one common string —
 * e.g. whether a policy's resource pattern `arn:aws:iam::*:user/*` can name anything of the ARN shape
 * `arn:*:iam::????????????:role/*`. A search over pairs of positions (at most |a|·|b| states, each visited
 * once): bounded, no regular expression, no backtracking blow-up. `DIGIT` (U+0001) in a glob stands for one
 * decimal digit (an account id is twelve of them).
 */
export const DIGIT = '\u0001';

export function globsOverlap(a: string, b: string): boolean {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const seen = new Uint8Array((n + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const state = i * width + j;
    if (seen[state] === 0) {
      seen[state] = 1;
      stack.push(state);
    }
  };
  while (stack.length > 0) {
    const state = stack.pop()!;
    const i = Math.floor(state / width);
    const j = state - i * width;
    if (i === n && j === m) return true;
    const ca = i < n ? a.charCodeAt(i) : -1;
    const cb = j < m ? b.charCodeAt(j) : -1;
    // A star may match nothing, or swallow the other side's next character (or its star's run).
    if (ca === STAR) {
      push(i + 1, j);
      if (j < m) push(i, j + 1);
    }
    if (cb === STAR) {
      push(i, j + 1);
      if (i < n) push(i + 1, j);
    }
    if (ca !== -1 && cb !== -1 && ca !== STAR && cb !== STAR && compatible(ca, cb)) push(i + 1, j + 1);
  }
  return false;
}

function compatible(x: number, y: number): boolean {
  if (x === QUESTION || y === QUESTION || x === y) return true;
  if (x === DIGIT_CODE) return y >= ZERO && y <= NINE;
  if (y === DIGIT_CODE) return x >= ZERO && x <= NINE;
  return false;
}

const STAR = 42; // '*'
const DIGIT_CODE = 1;
const ZERO = 48;
const NINE = 57;
const QUESTION = 63; // '?'
