import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { builtinRules } from './index.js';
import { RULE_METADATA_FILE } from './metadata.js';
import type { RuleMeta } from './rule.js';

/** A rule without its check, and without the keys it leaves undefined (JSON would drop them anyway). */
function metadataOf({ check: _check, ...meta }: RuleMeta & { check?: unknown }): RuleMeta {
  return Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined)) as unknown as RuleMeta;
}

/**
 * Build time: writes the built-in rules' metadata (see `builtinRuleMetadata`). Written only when JSON carries
 * every rule's metadata unchanged; otherwise nothing is written and the rules are imported at run time.
 */
export function writeRuleMetadata(file = RULE_METADATA_FILE): boolean {
  const metadata = builtinRules.map(metadataOf);
  const json = JSON.stringify(metadata);
  if (!isDeepStrictEqual(JSON.parse(json), metadata)) return false;
  writeFileSync(file, `${json}\n`);
  return true;
}
