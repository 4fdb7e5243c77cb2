import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleMeta } from './rule.js';

/**
 * The built-in rules' metadata (everything but `check`), written by the build beside the compiled rules
 * (dist/rules/metadata.json) so that commands which only name, list or configure rules (`rules`, `explain`,
 * policy loading) read one file instead of importing ~80 rule modules and the analyses their checks use.
 * Absent under src/: there the rules themselves are imported.
 */
export const RULE_METADATA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), 'metadata.json');
/** The compiled rule registry the metadata was taken from (absent under src/). */
const COMPILED_RULES = resolve(dirname(fileURLToPath(import.meta.url)), 'index.js');

/**
 * The built-in rules' metadata, in the order of `builtinRules`. A file older than the compiled rules (tsc run
 * by hand after a build) or damaged is passed over: the rules are imported instead.
 */
export async function builtinRuleMetadata(file = RULE_METADATA_FILE, compiledRules = COMPILED_RULES): Promise<readonly RuleMeta[]> {
  if (existsSync(file) && statSync(file).mtimeMs >= (statSync(compiledRules, { throwIfNoEntry: false })?.mtimeMs ?? 0)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as RuleMeta[];
    } catch {
      // a damaged file only costs the imports it was meant to save
    }
  }
  return (await import('./index.js')).builtinRules;
}
