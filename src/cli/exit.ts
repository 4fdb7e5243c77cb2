/** The exit code the last command action decided (commander does not carry action return values). */
export const outcome = { code: 0 };

/** Wraps a command action that returns its exit code. */
export function act<A extends unknown[]>(fn: (...args: A) => number | Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    outcome.code = await fn(...args);
  };
}

/**
 * An action whose work lives in its own module (`cli/run/`), imported when the command runs: help, and a run
 * of another command, load only the command's flags.
 */
export function actFrom<A extends unknown[]>(load: () => Promise<(...args: A) => number | Promise<number>>): (...args: A) => Promise<void> {
  return act(async (...args: A) => (await load())(...args));
}
