import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Shipped packs parsed by the build (dist/policy/pack-cache/<file>.json: the text's SHA-256 and the parsed
 * value), so that loading one needs no YAML parser. Used only for exactly the text it was made from.
 */
export const PACK_CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'pack-cache');

export interface PackCacheEntry {
  sha256: string;
  value: unknown;
  /** The value passed the policy file schema (the build's precompiled validator) when the build cached it. */
  schemaChecked?: boolean;
}

export const packCacheFile = (packFile: string, cacheDir = PACK_CACHE_DIR): string => resolve(cacheDir, `${basename(packFile)}.json`);
export const textDigest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The parsed value of a pack's text, when the build cached this very text (and whether it passed the schema then). */
export function cachedPack(packFile: string, text: string, cacheDir = PACK_CACHE_DIR): { value: unknown; schemaChecked: boolean } | undefined {
  const cache = packCacheFile(packFile, cacheDir);
  if (!existsSync(cache)) return undefined;
  let entry: Partial<PackCacheEntry>;
  try {
    entry = JSON.parse(readFileSync(cache, 'utf8')) as Partial<PackCacheEntry>;
  } catch {
    return undefined; // a damaged cache only costs the parse it was meant to save
  }
  return entry?.sha256 === textDigest(text) ? { value: entry.value, schemaChecked: entry.schemaChecked === true } : undefined;
}
