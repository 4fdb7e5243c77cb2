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

  it('every built-in rule has a unique kebab-case id with its service prefix, remediation naming the Terraform setting, and references', () => {
    const ids = builtinRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of builtinRules) {
      expect(rule.id).toMatch(/^(s3|kms|ec2|vpc|ebs|iam|sagemaker|isolation)-[a-z0-9-]+$/);
      // Root credentials are not managed by Terraform: those rules say what to do in the console.
      if (!rule.id.startsWith('iam-root-')) expect(rule.remediation, rule.id).toMatch(/Terraform|aws_[a-z0-9_]+|assume_role_policy|permissions_boundary/);
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(Object.values(rule.references).flat().length, rule.id).toBeGreaterThan(0);
    }
  });

  it('a rule over several resource types lists each type with what it reads', () => {
    const isolation = builtinRules.find((rule) => rule.id === 'isolation-flow-allowed');
    expect(isolation && explainRule(isolation)).toMatch(/`aws\.iam\.role` \(reads `trustPolicy`, `inlinePolicies`/);
  });
});
