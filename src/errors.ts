/**
 * A usage or configuration problem: nothing was judged (exit code 2). Every error the user can fix from its
 * message alone extends it, so the CLI prints them the same way (one line, never a stack).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
