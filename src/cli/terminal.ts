/**
 * The CLI's two output sinks (stdout, stderr): colour decision, inert text, closed pipes. Every line the CLI
 * prints goes through `print`/`printErr` (or is built with `colors()` from pieces made inert first), so text
 * from AWS or input files never reaches the terminal raw, and the tool's own colour codes are never escaped.
 */
import { clip, inert } from '../text/inert.js';

export type ColorLevel = 0 | 1 | 2 | 3;

/** `--color` (true), `--no-color` (false) or neither (undefined). */
export type ColorFlag = boolean | undefined;

interface TerminalState {
  color: ColorFlag;
  debug: boolean;
  /** A sink whose reader went away (EPIPE): further output is dropped, the exit code stays the command's. */
  closed: { stdout: boolean; stderr: boolean };
}

const state: TerminalState = { color: undefined, debug: false, closed: { stdout: false, stderr: false } };

export function configureTerminal(options: { color?: ColorFlag; debug?: boolean }): void {
  if ('color' in options) state.color = options.color;
  if (options.debug !== undefined) state.debug = options.debug;
}

export function debugEnabled(): boolean {
  return state.debug;
}

/** The colour flag as configured (what `colors()` in colors.ts decides from). */
export function colorFlag(): ColorFlag {
  return state.color;
}

/**
 * Colour level for a stream. Precedence: the flag (`--color` / `--no-color`), then FORCE_COLOR (as Node
 * itself reads it: `0`/`false` off, `1`–`3` a level, empty or `true` level 1), then NO_COLOR (any non-empty
 * value: off, https://no-color.org), then a TTY that is not `TERM=dumb`.
 */
export function colorLevel(flag: ColorFlag, isTTY: boolean, env: NodeJS.ProcessEnv, detected: ColorLevel): ColorLevel {
  if (flag === false) return 0;
  if (flag === true) return Math.max(1, detected) as ColorLevel;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false') return 0;
    const level = Number.parseInt(force, 10);
    if (Number.isInteger(level)) return Math.min(Math.max(level, 0), 3) as ColorLevel;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return Math.max(1, detected) as ColorLevel;
}

/** Longest line printed as is; a longer one (a 10 MiB resource name) is clipped with a marker. */
export const MAX_LINE = 16_384;

/** Makes multi-line text inert line by line, each line clipped (tabs and newlines kept). */
export function inertText(text: string): string {
  return text
    .split('\n')
    .map((line) => inert(line, { multiline: true, max: MAX_LINE }))
    .join('\n');
}

/**
 * JSON text for a terminal: JSON.stringify already escapes C0 controls; C1 controls and bidi overrides are
 * legal raw in JSON, so they are written as `\uXXXX` escapes too. The parsed value is unchanged.
 */
export function inertJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes text whose external parts were made inert already (it may carry the tool's own colour codes). */
export function writeRaw(sink: 'stdout' | 'stderr', text: string): void {
  if (state.closed[sink]) return;
  (sink === 'stdout' ? process.stdout : process.stderr).write(text);
}

/** Prints text that may contain external strings to stdout, made inert. */
export function print(text: string): void {
  writeRaw('stdout', inertText(text));
}

/** Prints a message that may contain external strings to stderr, made inert. */
export function printErr(text: string): void {
  writeRaw('stderr', inertText(text));
}

/** One value for a message: inert and clipped (a resource name, a path, an excerpt). */
export function shown(value: unknown, max = 1024): string {
  return inert(clip(String(value), max));
}

/**
 * A closed pipe (`squadguard rules | head -1`) ends output quietly: EPIPE marks the sink closed, later writes
 * are dropped, and the process exits with the command's own code. Other stream errors are reported once.
 */
export function guardPipes(): void {
  for (const sink of ['stdout', 'stderr'] as const) {
    const stream = sink === 'stdout' ? process.stdout : process.stderr;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      state.closed[sink] = true;
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      if (sink === 'stdout') writeRaw('stderr', `squadguard: cannot write to stdout: ${inert(error.message)}\n`);
    });
  }
}

export function sinkClosed(sink: 'stdout' | 'stderr'): boolean {
  return state.closed[sink];
}
