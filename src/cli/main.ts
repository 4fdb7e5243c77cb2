#!/usr/bin/env node
// Evaluated before the dynamic import below, so before the AWS SDK loads.
import '../quiet-sdk-warning.js';
import { guardPipes } from './terminal.js';
import { reportError } from './errors.js';

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

const { run } = await import('./program.js');
process.exitCode = await run(process.argv);
