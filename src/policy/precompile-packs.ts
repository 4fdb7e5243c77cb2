import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { MAX_POLICY_BYTES, readInputFile } from './input-file.js';
import { PACKS_DIR, parsePolicyText } from './loader.js';
import { PACK_CACHE_DIR, packCacheFile, textDigest, type PackCacheEntry } from './pack-cache.js';
import { staticValidator } from '../schema/validators.js';

/**
 * Build time: parses every shipped pack and writes its cache entry, with whether the value passes the policy file
 * schema (run after the validators are precompiled). A pack the parser rejects, or whose value JSON cannot carry
 * unchanged, is left uncached (loading it parses it, with the parser's messages).
 */
export function writePackCache(packsDir = PACKS_DIR, cacheDir = PACK_CACHE_DIR): string[] {
  mkdirSync(cacheDir, { recursive: true });
  const written: string[] = [];
  const files = existsSync(packsDir) ? readdirSync(packsDir).filter((file) => /\.ya?ml$/.test(file)) : [];
  for (const file of files.map((name) => resolve(packsDir, name))) {
    // Read as the loader reads it, so that the digests match.
    const text = readInputFile(file, { maxBytes: MAX_POLICY_BYTES, rejectControls: true }).text;
    const parsed = parsePolicyText(text);
    if (!('value' in parsed)) continue;
    // Checked here with the validator a run uses, so that a run loading this very value need not check it again.
    const schemaChecked = staticValidator('policy.schema.json')(parsed.value) === true;
    const json = JSON.stringify({ sha256: textDigest(text), value: parsed.value, schemaChecked } satisfies PackCacheEntry);
    if (!isDeepStrictEqual((JSON.parse(json) as PackCacheEntry).value, parsed.value)) continue;
    writeFileSync(packCacheFile(file, cacheDir), `${json}\n`);
    written.push(file);
  }
  return written;
}

