#!/usr/bin/env node
// Evaluated before the dynamic import below, so before the AWS SDK loads.
import '../quiet-sdk-warning.js';

const { run } = await import('./program.js');
process.exitCode = await run(process.argv);
