import { describe, expect, it } from 'vitest';
import { catalogueLoaded } from '../../../src/analysis/iam/catalogue.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { loadRuleSet } from '../../../src/pipeline/policies.js';
import { readInventory } from '../../../src/pipeline/judge.js';

const DEMO = 'examples/demo-inventory.json';

// One file, one module graph: the tests run in order and share the catalogue's state.
describe('the IAM action catalogue loads only when an IAM or isolation rule is judged', () => {
  it('importing every rule and judging S3 rules leaves it unloaded', async () => {
    const { rules, policies } = await loadRuleSet(['test/fixtures/policies/s3-only.yaml']);
    expect(rules.some((rule) => rule.id.startsWith('iam-'))).toBe(true);
    const { findings } = evaluate(readInventory(DEMO), { rules, policies });
    expect(findings.length).toBeGreaterThan(0);
    expect(catalogueLoaded()).toBe(false);
  });

  it('judging the baseline (IAM and isolation rules) loads it', async () => {
    const { rules, policies } = await loadRuleSet([]);
    evaluate(readInventory(DEMO), { rules, policies });
    expect(catalogueLoaded()).toBe(true);
  });
});
