// Same filter as the CLI's entry point: the AWS SDK's Node 20 support notice would repeat in every test file.
process.removeAllListeners('warning');
process.on('warning', (warning: Error) => {
  if (warning.name === 'NodeVersionSupportWarning' || /^NodeVersionSupportWarning\b/.test(warning.message)) return;
  process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
});
