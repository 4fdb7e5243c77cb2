import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleMeta } from './rule.js';

/**
 * The built-in rules' metadata (everything but `check`), written by the build beside the compiled rules
 * (dist/rules/metadata.json) so that commands which only name, list or configure rules (`rules`, policy
 * loading) read one file instead of importing ~80 rule modules and the analyses their checks use.
 * Absent under src/: there the rules themselves are imported.
 */
export const RULE_METADATA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), 'metadata.json');

/** The built-in rules' metadata, in the order of `builtinRules`. */
export async function builtinRuleMetadata(file = RULE_METADATA_FILE): Promise<readonly RuleMeta[]> {
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as RuleMeta[];
    } catch {
      // a damaged file only costs the imports it was meant to save
    }
  }
  return (await import('./index.js')).builtinRules;
}
