import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainRule, ruleCatalog } from '../../../src/docs/rule-catalog.js';
import { builtinRules } from '../../../src/rules/index.js';
import { projectRoot } from '../../support/paths.js';

describe('rule catalog', () => {
  it('docs/rules.md is what `npm run docs` generates from the rules\' metadata (run it after changing a rule)', () => {
    expect(readFileSync(resolve(projectRoot, 'docs/rules.md'), 'utf8')).toBe(ruleCatalog(builtinRules));
  });

  it('a rule over several resource types lists each type with what it reads', () => {
    const isolation = builtinRules.find((rule) => rule.id === 'isolation-flow-allowed');
    expect(isolation && explainRule(isolation)).toMatch(/`aws\.iam\.role` \(reads `trustPolicy`, `inlinePolicies`/);
  });
});
