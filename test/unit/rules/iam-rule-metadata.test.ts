import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/policy/loader.js';
import { PolicyError } from '../../../src/policy/types.js';
import { judgedTypes } from '../../../src/rules/rule.js';
import { iamRules } from '../../../src/rules/iam/index.js';
import { builtinRules } from '../../../src/rules/index.js';
import { resourceTypes } from '../../../src/scanners/index.js';
import { projectRoot } from '../../support/paths.js';

function policyFile(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-iam-policy-'));
  writeFileSync(join(dir, 'p.yaml'), ['name: iam', 'extends: platform-baseline', 'rules:', ...lines].join('\n'));
  return join(dir, 'p.yaml');
}
const load = (file: string) => loadPolicy(file, { rules: builtinRules, resourceTypes });

/** The rule ids issue 4 names (the users' variants of the effective-permission rules come in addition). */
const ISSUE_IDS = [
  'iam-no-admin-access',
  'iam-no-service-wildcard',
  'iam-no-unscoped-write',
  'iam-no-privilege-escalation',
  'iam-passrole-restricted',
  'iam-no-data-exfiltration-on-all',
  'iam-role-trust-not-public',
  'iam-role-trust-cross-account-external-id',
  'iam-role-trust-service-confused-deputy',
  'iam-user-no-access-keys',
  'iam-access-key-rotated',
  'iam-credentials-unused',
  'iam-user-mfa-enabled',
  'iam-root-no-access-keys',
  'iam-root-mfa-enabled',
  'iam-user-no-direct-policies',
  'iam-password-policy-strong',
  'iam-role-permission-boundary-required',
];

describe('IAM rule metadata', () => {
  it('registers every rule the issue names, with unique ids, each listed in the platform baseline', () => {
    const ids = iamRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(ISSUE_IDS));
    const baseline = readFileSync(resolve(projectRoot, 'policies/platform-baseline.yaml'), 'utf8');
    for (const id of ids) expect(baseline, id).toMatch(new RegExp(`^  ${id}: on$`, 'm'));
  });

  it('every rule documents itself, names a Terraform setting, and its resource type has a scanner', () => {
    for (const rule of iamRules) {
      expect(rule.description.length, rule.id).toBeGreaterThan(30);
      expect(rule.remediation, rule.id).toMatch(/Terraform|aws_/);
      for (const [type] of judgedTypes(rule)) expect(resourceTypes, rule.id).toContain(type);
      expect((rule.references.docs ?? []).length + (rule.references.fsbp ?? []).length, rule.id).toBeGreaterThan(0);
    }
  });

  it('accepts valid params from a policy and merges them over the defaults', () => {
    const policy = load(policyFile([
      '  iam-no-admin-access: { params: { breakGlassNames: ["break-glass-*"] } }',
      '  iam-access-key-rotated: { params: { maxAgeDays: 30 } }',
      '  iam-role-permission-boundary-required: { params: { rolePatterns: ["squad-*"], boundaryArns: ["arn:aws:iam::${AccountId}:policy/platform-*"] } }',
    ]));
    expect(policy.rules.get('iam-no-admin-access')?.params).toEqual({ breakGlassNames: ['break-glass-*'] });
    expect(policy.rules.get('iam-access-key-rotated')?.params).toEqual({ maxAgeDays: 30 });
  });

  it('rejects bad params with the rule named', () => {
    let issues: PolicyError['issues'] = [];
    try {
      load(policyFile([
        '  iam-access-key-rotated: { params: { maxAgeDays: 0 } }',
        '  iam-role-trust-cross-account-external-id: { params: { allowedAccounts: ["not-an-account"] } }',
      ]));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      issues = error.issues;
    }
    const paths = issues.map((issue) => issue.path).join('\n');
    expect(paths).toMatch(/iam-access-key-rotated/);
    expect(paths).toMatch(/iam-role-trust-cross-account-external-id/);
  });
});
