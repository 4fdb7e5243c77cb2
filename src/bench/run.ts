#!/usr/bin/env node
// `npm run bench` entry: silence the SDK's Node 20 support warning (as the CLI does) before the SDK loads.
process.removeAllListeners('warning');
process.on('warning', (warning: Error) => {
  if (warning.name === 'NodeVersionSupportWarning' || /^NodeVersionSupportWarning\b/.test(warning.message)) return;
  process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
});

await import('./bench.js');
