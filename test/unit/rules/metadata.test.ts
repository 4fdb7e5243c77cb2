import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../../src/rules/index.js';
import { builtinRuleMetadata } from '../../../src/rules/metadata.js';
import { writeRuleMetadata } from '../../../src/rules/precompile-metadata.js';
import { tempDir } from '../../support/cli.js';

describe("the built-in rules' metadata written by the build", () => {
  it('is every rule, in order, with everything but the check', async () => {
    const file = join(tempDir(), 'metadata.json');
    expect(writeRuleMetadata(file)).toBe(true);
    const metadata = await builtinRuleMetadata(file);
    expect(metadata.map((rule) => rule.id)).toEqual(builtinRules.map((rule) => rule.id));
    for (const [index, rule] of builtinRules.entries()) {
      const { check, ...meta } = rule;
      expect(check).toBeTypeOf('function');
      expect(metadata[index]).not.toHaveProperty('check');
      // toEqual treats a key left undefined as absent, as JSON does.
      expect(metadata[index]).toEqual(meta);
    }
  });

  it('a file older than the compiled rules (tsc run again after the build) is passed over', async () => {
    const dir = tempDir();
    const file = join(dir, 'metadata.json');
    writeFileSync(file, '[]\n');
    const compiled = join(dir, 'index.js');
    writeFileSync(compiled, '');
    utimesSync(file, new Date(1_000_000), new Date(1_000_000));
    expect(await builtinRuleMetadata(file, compiled)).toBe(builtinRules);
    utimesSync(compiled, new Date(500_000), new Date(500_000));
    expect(await builtinRuleMetadata(file, compiled)).toEqual([]);
  });

  it('without the file, or with a damaged one, the rules themselves are imported', async () => {
    const dir = tempDir();
    expect(await builtinRuleMetadata(join(dir, 'absent.json'))).toBe(builtinRules);
    const damaged = join(dir, 'metadata.json');
    writeFileSync(damaged, '[{"id": ');
    expect(await builtinRuleMetadata(damaged)).toBe(builtinRules);
  });
});
