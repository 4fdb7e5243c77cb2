import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { planFor } from '../../src/engine/plan.js';
import type { Finding, Severity } from '../../src/model/finding.js';
import type { Target } from '../../src/model/inventory.js';
import type { AnyResource } from '../../src/model/resource.js';
import type { Rule } from '../../src/rules/rule.js';
import { inventoryOf, policyFor, target as defaultTarget } from './fixtures.js';

export interface RuleCase {
  name: string;
  /** The resource judged. */
  resource: AnyResource;
  /** Other resources of the same account the rule may look at. */
  related?: AnyResource[];
  params?: Record<string, unknown>;
  target?: Partial<Target>;
  /** Further targets in the account directory. */
  directory?: Target[];
  /** The organization the directory belongs to. */
  organizationId?: string;
  /**
   * Expectations on every finding with the case's status. A fail or error case must give `message` or
   * `path`: a case that asserts only the status passes for the wrong reason as easily as for the right one.
   */
  message?: RegExp;
  path?: string;
  severity?: Severity;
  /**
   * Matched (`toMatchObject`) against each finding's evidence: the part that matters (the offending
   * statement, grant, port), not a copy of all of it. Required on a fail or error case whose findings carry
   * evidence from the rule, unless the case has a `check`.
   */
  evidence?: Record<string, unknown>;
  /** How many findings with the expected status (default: at least one, and all of that status). */
  count?: number;
  /** Further assertions over the findings with the case's status. */
  check?: (findings: Finding[]) => void;
}

export interface RuleCases {
  pass?: RuleCase[];
  fail?: RuleCase[];
  error?: RuleCase[];
  /** The rule does not apply: no finding at all. */
  notApplicable?: RuleCase[];
}

/**
 * What the engine would have collected of a resource for this rule alone: `data` (and `errors`) reduced to
 * the attributes the rule declares for its type (`needs`, `optional`, `judges`, `related`), `tags` emptied
 * unless declared. A rule that reads anything else then fails its own tests, as it would miss it in a scan.
 */
function asCollectedFor(plan: Map<string, Set<string>>, resource: AnyResource): AnyResource {
  const declared = plan.get(resource.type) ?? new Set<string>();
  if (declared.has('*')) return resource;
  const keep = <V>(record: Record<string, V>): Record<string, V> =>
    Object.fromEntries(Object.entries(record).filter(([attribute]) => declared.has(attribute)));
  return {
    ...resource,
    tags: declared.has('tags') ? resource.tags : {},
    data: keep(resource.data),
    errors: keep(resource.errors as Record<string, unknown>) as AnyResource['errors'],
  };
}

/** Runs a rule through the real engine (needs, errors, params) over table-driven cases, ESLint-RuleTester style. */
export function judgeCase(rule: Rule, testCase: RuleCase): Finding[] {
  const policy = policyFor([rule], { [rule.id]: { params: testCase.params ?? {} } }, { name: 'rule-tester' });
  const plan = planFor([rule]);
  const targets = [defaultTarget({ accountType: 'serving-prod', ...testCase.target }), ...(testCase.directory ?? [])];
  const resources = [testCase.resource, ...(testCase.related ?? [])].map((resource) => asCollectedFor(plan, resource));
  const inventory = inventoryOf(resources, targets);
  const { findings } = evaluate(inventory, { policies: [policy], rules: [rule], now: new Date('2026-11-24T12:00:00Z'), ...(testCase.organizationId ? { organizationId: testCase.organizationId } : {}) });
  return findings.filter((finding) => finding.resource.arn === testCase.resource.arn);
}

/**
 * Evidence the engine writes itself when a rule could not run (`collectionErrors` of unread attributes, a
 * failed scan's `scanError`): message and path already say what failed, so a case need not restate it.
 */
const ENGINE_EVIDENCE = new Set(['collectionErrors', 'scanError']);

function ruleEvidence(finding: Finding): Record<string, unknown> | undefined {
  const keys = Object.keys(finding.evidence ?? {});
  return keys.length > 0 && keys.some((key) => !ENGINE_EVIDENCE.has(key)) ? finding.evidence : undefined;
}

/**
 * ESLint's RuleTester refuses an invalid case without `errors`; a fail or error case here must say what it
 * expects: `message` or `path`, and `evidence` (or a `check`) when the rule reports evidence, since that is
 * what a reader of the report acts on.
 */
export function assertStatesExpectation(rule: Rule, status: 'pass' | 'fail' | 'error', testCase: RuleCase, relevant: Finding[]): void {
  if (status === 'pass') return;
  if (testCase.message === undefined && testCase.path === undefined) {
    throw new Error(`Did not specify message/path for a ${status} case of ${rule.id} ("${testCase.name}")`);
  }
  if (testCase.evidence !== undefined && Object.keys(testCase.evidence).length === 0) {
    throw new Error(`Empty evidence expectation for a ${status} case of ${rule.id} ("${testCase.name}"): name what matters`);
  }
  if (testCase.evidence !== undefined || testCase.check !== undefined) return;
  const reported = relevant.map(ruleEvidence).find((evidence) => evidence !== undefined);
  if (reported) {
    const shown = JSON.stringify(reported);
    throw new Error(
      `Did not specify evidence for a ${status} case of ${rule.id} ("${testCase.name}"): the rule reports evidence ${shown.length > 600 ? `${shown.slice(0, 600)}…` : shown}`,
    );
  }
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(rule.id, () => {
    for (const status of ['pass', 'fail', 'error'] as const) {
      for (const testCase of cases[status] ?? []) {
        it(`${status}: ${testCase.name}`, () => {
          const findings = judgeCase(rule, testCase);
          const relevant = findings.filter((finding) => finding.status === status);
          assertStatesExpectation(rule, status, testCase, relevant);
          if (testCase.count !== undefined) expect(relevant).toHaveLength(testCase.count);
          else {
            expect(relevant.length, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
            expect(findings.map((f) => f.status)).toEqual(findings.map(() => status));
          }
          for (const finding of relevant) {
            if (testCase.message) expect(finding.message).toMatch(testCase.message);
            if (testCase.path !== undefined) expect(finding.path, finding.message).toBe(testCase.path);
            if (testCase.severity) expect(finding.severity, finding.message).toBe(testCase.severity);
            if (testCase.evidence) expect(finding.evidence, finding.message).toMatchObject(testCase.evidence);
          }
          testCase.check?.(relevant);
        });
      }
    }
    for (const testCase of cases.notApplicable ?? []) {
      it(`not applicable: ${testCase.name}`, () => {
        expect(judgeCase(rule, testCase)).toEqual([]);
      });
    }
  });
}
