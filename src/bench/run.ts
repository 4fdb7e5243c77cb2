#!/usr/bin/env node
// `npm run bench` entry: the SDK's Node 20 notice is silenced (as in the CLI) before the SDK loads.
import '../quiet-sdk-warning.js';

await import('./bench.js');
