/** The exit code the last command action decided (commander does not carry action return values). */
export const outcome = { code: 0 };

/** Wraps a command action that returns its exit code. */
export function act<A extends unknown[]>(fn: (...args: A) => number | Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    outcome.code = await fn(...args);
  };
}
