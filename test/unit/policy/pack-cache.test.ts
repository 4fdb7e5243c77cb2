/** Shipped packs parsed at build time: used only for the very text they were made from, equal to a fresh parse. */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, PACKS_DIR, parsePolicyText } from '../../../src/policy/loader.js';
import { cachedPack } from '../../../src/policy/pack-cache.js';
import { writePackCache } from '../../../src/policy/precompile-packs.js';
import { builtinRules } from '../../../src/rules/index.js';
import { resourceTypes } from '../../../src/scanners/resource-types.js';
import { tempDir } from '../../support/cli.js';

describe('pack cache', () => {
  const cacheDir = tempDir('squadguard-pack-cache-');
  const written = writePackCache(PACKS_DIR, cacheDir);

  it('holds every shipped pack, each equal to what the parser makes of its text and checked against the schema', () => {
    const packs = readdirSync(PACKS_DIR).filter((file) => /\.ya?ml$/.test(file));
    expect(written.length).toBe(packs.length);
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      expect(cachedPack(file, text, cacheDir)).toEqual({ ...parsePolicyText(text), schemaChecked: true });
    }
  });

  it('a pack that breaks the schema is cached as unchecked (a run checks it, and reports the problem)', () => {
    const packsDir = tempDir('squadguard-packs-');
    const otherCache = tempDir('squadguard-pack-cache-');
    const file = join(packsDir, 'misspelt.yaml');
    writeFileSync(file, 'name: misspelt\nrulez: {}\n');
    expect(writePackCache(packsDir, otherCache)).toEqual([file]);
    expect(cachedPack(file, readFileSync(file, 'utf8'), otherCache)).toEqual({ value: { name: 'misspelt', rulez: {} }, schemaChecked: false });
  });

  it('is not used for a text it was not made from', () => {
    const file = written[0] ?? '';
    const text = readFileSync(file, 'utf8');
    expect(cachedPack(file, `${text}\n# edited\n`, cacheDir)).toBeUndefined();
    expect(cachedPack(join(cacheDir, 'no-such-pack.yaml'), text, cacheDir)).toBeUndefined();
  });

  it('a damaged cache file is passed over: the pack is parsed instead', () => {
    const damaged = tempDir('squadguard-pack-cache-');
    const file = written[0] ?? '';
    writeFileSync(join(damaged, `${file.split('/').pop()}.json`), '{"sha256": "truncat');
    expect(cachedPack(file, readFileSync(file, 'utf8'), damaged)).toBeUndefined();
  });

  it('leaves out a pack the parser rejects, so loading it reports the parser\'s problem', () => {
    const packsDir = tempDir('squadguard-packs-');
    const otherCache = tempDir('squadguard-pack-cache-');
    copyFileSync(join(PACKS_DIR, 'platform-baseline.yaml'), join(packsDir, 'platform-baseline.yaml'));
    writeFileSync(join(packsDir, 'broken.yaml'), 'name: broken\nrules: [unclosed\n');
    expect(writePackCache(packsDir, otherCache)).toEqual([join(packsDir, 'platform-baseline.yaml')]);
    expect(() => loadPolicy('broken', { rules: builtinRules, resourceTypes, packsDir })).toThrow(/not valid YAML\/JSON/);
  });
});
