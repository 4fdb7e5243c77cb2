#!/usr/bin/env node
// Fails when any package in the lockfile (dependencies and devDependencies, transitively) is not under a
// permissive licence: squadguard is Apache-2.0 and ships nothing copyleft. One exception, for tooling that is
// never shipped: MPL-2.0 (file-level copyleft, e.g. lightningcss under vitest) in dev-only packages.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const PERMISSIVE = new Set(['MIT', 'MIT-0', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'Unlicense', 'Python-2.0', 'CC-BY-4.0']);

/** An SPDX expression is acceptable when every alternative of an OR, or every term of an AND, is permissive. */
function acceptable(expression, allowed) {
  const text = expression.replace(/[()]/g, ' ').trim();
  if (/\bOR\b/.test(text)) return text.split(/\bOR\b/).some((part) => acceptable(part, allowed));
  return text.split(/\bAND\b/).every((part) => allowed.has(part.trim()));
}
const DEV_ONLY = new Set([...PERMISSIVE, 'MPL-2.0']);

function licenceOf(manifest) {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license && typeof manifest.license.type === 'string') return manifest.license.type;
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map((l) => l.type ?? l).join(' OR ');
  return undefined;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const problems = [];
let checked = 0;
let devExceptions = 0;
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (path === '' || !path.includes('node_modules/')) continue;
  const manifestPath = join(path, 'package.json');
  let licence = entry.license;
  if (!licence && existsSync(manifestPath)) licence = licenceOf(JSON.parse(readFileSync(manifestPath, 'utf8')));
  checked += 1;
  if (!licence) problems.push(`${path}: no licence declared`);
  else if (!acceptable(licence, PERMISSIVE)) {
    if (entry.dev && acceptable(licence, DEV_ONLY)) devExceptions += 1;
    else problems.push(`${path}: ${licence}${entry.dev ? '' : ' (shipped dependency)'}`);
  }
}
if (problems.length > 0) {
  process.stderr.write(`non-permissive or unknown licences:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`licences: ${checked} packages permissive${devExceptions ? ` (${devExceptions} dev-only MPL-2.0 build tools, not shipped)` : ''}\n`);
