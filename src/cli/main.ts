#!/usr/bin/env node
// Evaluated before the dynamic imports below, so before the AWS SDK loads.
import '../quiet-sdk-warning.js';
import { TOOL_VERSION } from '../version.js';

if (versionOnly(process.argv.slice(2))) {
  // The line commander would print, without loading commander and the commands first.
  process.stdout.on('error', () => undefined); // a closed pipe ends output quietly
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const { guardPipes } = await import('./terminal.js');
  const { reportError } = await import('./errors.js');
  // A closed pipe ends output quietly; an error nothing caught still ends in one line, the stack only with --debug.
  guardPipes();
  const fatal = (error: unknown): void => {
    process.exitCode = reportError(error);
    process.exit();
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  // Ctrl-C / SIGTERM end the run between two steps (report files are written synchronously, so never midway:
  // no temporary file is left behind), with the shell's conventional codes.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  // An evaluation is one long synchronous pass over an organization: V8 would let the heap grow to several
  // times what is alive before collecting (a 100k-resource evaluate peaked at 770 MB with ~150 MB alive).
  // A growing factor of 1.2 keeps the heap near the live set for a few percent more CPU. Set here, for the
  // command line only: a program using the library keeps its own heap settings.
  (await import('node:v8')).setFlagsFromString('--heap-growing-percent=20');

  const { run } = await import('./program.js');
  process.exitCode = await run(process.argv);
}

/** `squadguard --version` (or `-V`) and nothing else. */
function versionOnly(args: string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}
