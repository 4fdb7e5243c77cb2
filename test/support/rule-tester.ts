import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Finding, Severity } from '../../src/model/finding.js';
import type { Target } from '../../src/model/inventory.js';
import type { AnyResource } from '../../src/model/resource.js';
import type { ResolvedPolicy } from '../../src/policy/types.js';
import type { Rule } from '../../src/rules/rule.js';
import { inventoryOf, target as defaultTarget } from './fixtures.js';

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
  /** Expectations on the finding(s) on `resource`. */
  message?: RegExp;
  path?: string;
  severity?: Severity;
  /** How many findings with the expected status (default: at least one, and all of that status). */
  count?: number;
  check?: (findings: Finding[]) => void;
}

export interface RuleCases {
  pass?: RuleCase[];
  fail?: RuleCase[];
  error?: RuleCase[];
  /** The rule does not apply: no finding at all. */
  notApplicable?: RuleCase[];
}

/** Runs a rule through the real engine (needs, errors, params) over table-driven cases, ESLint-RuleTester style. */
export function judgeCase(rule: Rule, testCase: RuleCase): Finding[] {
  const policy: ResolvedPolicy = {
    name: 'rule-tester',
    source: 'test',
    digest: 'test',
    rules: new Map([[rule.id, { enabled: true, params: testCase.params ?? {} }]]),
    customRules: [],
    exceptions: [],
  };
  const targets = [defaultTarget({ accountType: 'serving-prod', ...testCase.target }), ...(testCase.directory ?? [])];
  const inventory = inventoryOf([testCase.resource, ...(testCase.related ?? [])], targets);
  const { findings } = evaluate(inventory, { policies: [policy], rules: [rule], now: new Date('2026-11-24T12:00:00Z'), ...(testCase.organizationId ? { organizationId: testCase.organizationId } : {}) });
  return findings.filter((finding) => finding.resource.arn === testCase.resource.arn);
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(rule.id, () => {
    for (const status of ['pass', 'fail', 'error'] as const) {
      for (const testCase of cases[status] ?? []) {
        it(`${status}: ${testCase.name}`, () => {
          const findings = judgeCase(rule, testCase);
          const relevant = findings.filter((finding) => finding.status === status);
          if (testCase.count !== undefined) expect(relevant).toHaveLength(testCase.count);
          else {
            expect(relevant.length, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
            expect(findings.map((f) => f.status)).toEqual(findings.map(() => status));
          }
          if (testCase.message) expect(relevant.map((f) => f.message).join('\n')).toMatch(testCase.message);
          if (testCase.path) expect(relevant[0]?.path).toBe(testCase.path);
          if (testCase.severity) expect(relevant[0]?.severity).toBe(testCase.severity);
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
