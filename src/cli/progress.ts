import type { ApiMeter } from '../aws/meter.js';
import type { Target } from '../model/inventory.js';
import type { CollectProgress } from '../scanners/collect.js';
import { inert } from '../text/inert.js';

export interface ProgressOptions {
  accounts: number;
  meter: ApiMeter;
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  /** Non-TTY: at most one line per this many milliseconds (the last account always prints). */
  logIntervalMs?: number;
}

export interface Progress extends CollectProgress {
  /** Stops the display and prints the final line. */
  finish(): void;
}

interface Counters {
  done: number;
  running: number;
  resources: number;
  errors: number;
  failedAccounts: number;
}

function line(state: Counters, total: number, meter: ApiMeter, elapsedMs: number): string {
  return (
    `accounts ${state.done}/${total}` +
    (state.running > 0 ? ` (${state.running} running)` : '') +
    ` · resources ${state.resources.toLocaleString('en-US')}` +
    ` · API calls ${meter.totalCalls.toLocaleString('en-US')}` +
    ` · throttled ${meter.totalThrottles}` +
    ` · errors ${state.errors}${state.failedAccounts > 0 ? ` (${state.failedAccounts} account(s) unreachable)` : ''}` +
    ` · ${(elapsedMs / 1000).toFixed(0)}s`
  );
}

/**
 * Collection progress on stderr: a live line redrawn a few times a second on a TTY; in CI (not a TTY) plain
 * lines, at most one per interval, plus unreachable accounts as they happen and a final line; nothing with
 * --quiet. Single-account runs outside a TTY stay silent (the report says it all).
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const silent = options.quiet || (!stream.isTTY && options.accounts <= 1);
  const state: Counters = { done: 0, running: 0, resources: 0, errors: 0, failedAccounts: 0 };
  const started = Date.now();
  const render = (): string => line(state, options.accounts, options.meter, Date.now() - started);
  if (silent) return { accountStarted() {}, accountDone() {}, finish() {} };

  if (stream.isTTY) {
    const draw = (): void => {
      stream.write(`\r\u001b[2K${render()}`);
    };
    const timer = setInterval(draw, 250);
    timer.unref();
    return {
      accountStarted() {
        state.running++;
      },
      accountDone(_target: Target, resources: number, errors: number) {
        state.running--;
        state.done++;
        state.resources += resources;
        state.errors += errors;
        if (resources === 0 && errors > 0) state.failedAccounts++;
      },
      finish() {
        clearInterval(timer);
        draw();
        stream.write('\n');
      },
    };
  }

  const interval = options.logIntervalMs ?? 10_000;
  let lastLog = 0;
  return {
    accountStarted() {
      state.running++;
    },
    accountDone(target: Target, resources: number, errors: number) {
      state.running--;
      state.done++;
      state.resources += resources;
      state.errors += errors;
      if (resources === 0 && errors > 0) {
        state.failedAccounts++;
        // Account ids and names come from AWS Organizations or an accounts file: inert before printing.
        stream.write(`account ${inert(target.accountId, { max: 64 })}${target.name ? ` (${inert(target.name, { max: 256 })})` : ''}: ${errors} scan error(s), nothing collected\n`);
      }
      const now = Date.now();
      if (now - lastLog >= interval && state.done < options.accounts) {
        lastLog = now;
        stream.write(`${render()}\n`);
      }
    },
    finish() {
      stream.write(`${render()}\n`);
    },
  };
}
