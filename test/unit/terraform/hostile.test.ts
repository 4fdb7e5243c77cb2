/** Hostile plans: any value of any shape at any place ends in a report or a one-line usage error, never a crash. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/pipeline/errors.js';
import { judge } from '../../../src/pipeline/judge.js';
import { judgePlan } from '../../../src/terraform/judge-plan.js';
import type { PlanJson } from '../../../src/terraform/plan-json.js';
import { ACCOUNT, baselineRules } from './plan-builder.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/terraform-plans');
const bases = [
  'checkov-plan_nested_child_modules_with_connections/tfplan.json',
  'checkov-example_GithubActionsOIDCTrustPolicy/tfplan.json',
  'trivy-tfjson-testdata/plan.json',
].map((path) => JSON.parse(readFileSync(resolve(FIXTURES, path), 'utf8')) as PlanJson);

/** Every path to a value inside a JSON document. */
function paths(
  value: unknown,
  path: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
): Array<Array<string | number>> {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...path, index], out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) paths(item, [...path, key], out);
  return out;
}

function replaced(document: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('hostile plans', () => {
  const all = bases.map((plan) => paths(plan));

  it('a value replaced by anything never crashes the plan reader and judge', async () => {
    const ruleSet = await baselineRules();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        fc.nat(),
        fc.jsonValue({ maxDepth: 3 }),
        async (base, seed, value) => {
          const list = all[base]!;
          const plan = replaced(bases[base], list[seed % list.length]!, value) as PlanJson;
          try {
            const judged = judgePlan({
              plan: { plan, incomplete: [] },
              ruleSet,
              accountId: ACCOUNT,
              region: 'eu-west-1',
              accountType: 'modeling',
            });
            judge({ ruleSet: judged.ruleSet, inventory: judged.inventory });
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
          }
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  }, 120_000);
});
