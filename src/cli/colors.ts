// Apart from terminal.ts so that commands printing no colour (rules, --help, errors) never load chalk (~9 ms).
import { Chalk, supportsColor, supportsColorStderr, type ChalkInstance } from 'chalk';
import { colorFlag, colorLevel, type ColorLevel } from './terminal.js';

/** A chalk instance for stdout or stderr under the current flags and environment. */
export function colors(sink: 'stdout' | 'stderr' = 'stdout'): ChalkInstance {
  const stream = sink === 'stdout' ? process.stdout : process.stderr;
  const detected = (sink === 'stdout' ? supportsColor : supportsColorStderr) || { level: 0 };
  return new Chalk({ level: colorLevel(colorFlag(), stream.isTTY === true, process.env, detected.level as ColorLevel) });
}
