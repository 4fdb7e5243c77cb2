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

const { run } = await import('./program.js');
process.exitCode = await run(process.argv);
