import { run } from '../../src/cli/program.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the CLI in this process through `run(argv)`, capturing what it writes to stdout and stderr (the
 * caller sets NO_COLOR; vitest's streams are not TTYs). Fast enough for hundreds of fuzz cases.
 */
export async function runInProcess(args: string[]): Promise<InProcessRun> {
  // Warnings an earlier run emitted (process.emitWarning fires on a later tick) belong to it, not to this run.
  await new Promise((done) => setImmediate(done));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(stdout);
  process.stderr.write = capture(stderr);
  const started = performance.now();
  let code: number;
  try {
    code = await run(['node', 'squadguard', ...args]);
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), ms: performance.now() - started };
}
