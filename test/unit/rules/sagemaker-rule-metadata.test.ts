import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/policy/loader.js';
import { PolicyError } from '../../../src/policy/types.js';
import { builtinRules } from '../../../src/rules/index.js';
import { sagemakerRules } from '../../../src/rules/sagemaker/index.js';
import { resourceTypes } from '../../../src/scanners/index.js';
import { sagemakerScanner } from '../../../src/scanners/sagemaker.js';
import { domain, endpoint, endpointConfig, job, model, modelPackage, notebook, packageGroup } from './sagemaker-fixtures.js';

const SAMPLES = [notebook(), domain(), job(), model(), endpoint(), endpointConfig(), modelPackage(), packageGroup()];

function policyFile(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-sm-policy-'));
  writeFileSync(join(dir, 'p.yaml'), ['name: sm', 'extends: platform-baseline', 'rules:', ...lines].join('\n'));
  return join(dir, 'p.yaml');
}
const load = (file: string) => loadPolicy(file, { rules: builtinRules, resourceTypes });

describe('SageMaker rule metadata', () => {
  it('sixteen rules, each documented, naming a Terraform setting or the enforcing IAM condition, over a scanned type', () => {
    expect(sagemakerRules).toHaveLength(16);
    for (const rule of sagemakerRules) {
      expect(rule.id, rule.id).toMatch(/^sagemaker-[a-z-]+$/);
      expect(rule.description.length, rule.id).toBeGreaterThan(30);
      expect(rule.rationale.length, rule.id).toBeGreaterThan(30);
      expect(rule.remediation, rule.id).toMatch(/Terraform|aws_/);
      expect((rule.references.docs ?? []).length, rule.id).toBeGreaterThan(0);
      expect(sagemakerScanner.resourceTypes, rule.id).toContain(rule.resourceType);
      for (const type of Object.keys(rule.related ?? {})) expect(sagemakerScanner.resourceTypes, rule.id).toContain(type);
    }
  });

  it('every attribute a rule needs (or reads from related resources) exists in the model', () => {
    const byType = new Map(SAMPLES.map((sample) => [sample.type, Object.keys(sample.data)]));
    for (const rule of sagemakerRules) {
      for (const attribute of rule.needs) expect(byType.get(rule.resourceType), rule.id).toContain(attribute);
      for (const [type, attributes] of Object.entries(rule.related ?? {})) {
        for (const attribute of attributes) expect(byType.get(type), `${rule.id} → ${type}`).toContain(attribute);
      }
    }
  });

  it('accepts valid params from a policy', () => {
    const policy = load(policyFile([
      '  sagemaker-endpoint-multi-instance: { params: { minInstances: 3 } }',
      '  sagemaker-job-kms-encrypted: { params: { allowedKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/abc"] } }',
      '  sagemaker-endpoint-config-kms-encrypted: { params: { instanceStoreFamilies: [g4dn] } }',
    ]));
    expect(policy.rules.get('sagemaker-endpoint-multi-instance')?.params).toEqual({ minInstances: 3 });
  });

  it('rejects bad params with the rule and path named', () => {
    let issues: PolicyError['issues'] = [];
    try {
      load(policyFile([
        '  sagemaker-endpoint-multi-instance: { params: { minInstances: 0 } }',
        '  sagemaker-notebook-kms-encrypted: { params: { allowedKeyArns: ["alias/squad"] } }',
        '  sagemaker-notebook-in-vpc: { params: { anything: 1 } }',
      ]));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      issues = error.issues;
    }
    const paths = issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
    expect(paths).toMatch(/sagemaker-endpoint-multi-instance\/params\/minInstances/);
    expect(paths).toMatch(/sagemaker-notebook-kms-encrypted\/params\/allowedKeyArns/);
    expect(paths).toMatch(/sagemaker-notebook-in-vpc.*takes no params/);
  });
});
