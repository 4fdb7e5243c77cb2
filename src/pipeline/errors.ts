/** A usage or configuration problem: nothing was judged (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}
