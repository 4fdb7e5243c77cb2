/**
 * Imported first by every entry point (CLI, bench, test setup), before the AWS SDK loads. The SDK warns on
 * every run under Node 20 that its releases after early January 2027 need Node 22; the lockfile pins the
 * SDK, so that one warning is noise here (the README recommends Node 22). The SDK imports emitWarning
 * directly, so filter at the 'warning' event and print every other warning as Node would.
 */
process.removeAllListeners('warning');
process.on('warning', (warning: Error) => {
  if (warning.name === 'NodeVersionSupportWarning' || /^NodeVersionSupportWarning\b/.test(warning.message)) return;
  process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
});

export {};
