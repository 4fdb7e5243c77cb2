import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/policy/loader.js';
import { PolicyError } from '../../../src/policy/types.js';
import { ec2Rules } from '../../../src/rules/ec2/index.js';
import { builtinRules } from '../../../src/rules/index.js';
import { kmsRules } from '../../../src/rules/kms/index.js';
import { resourceTypes } from '../../../src/scanners/index.js';

function policyFile(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-net-policy-'));
  writeFileSync(join(dir, 'p.yaml'), ['name: net', 'extends: platform-baseline', 'rules:', ...lines].join('\n'));
  return join(dir, 'p.yaml');
}

const load = (file: string) => loadPolicy(file, { rules: builtinRules, resourceTypes });

describe('KMS and EC2 rule metadata and params', () => {
  it('every rule documents itself, names a Terraform setting, and its resource type has a scanner', () => {
    for (const rule of [...kmsRules, ...ec2Rules]) {
      expect(rule.description.length, rule.id).toBeGreaterThan(30);
      expect(rule.remediation, rule.id).toMatch(/Terraform|aws_/);
      expect(resourceTypes, rule.id).toContain(rule.resourceType);
      expect((rule.references.docs ?? []).length, rule.id).toBeGreaterThan(0);
    }
  });

  it('accepts valid params from a policy and merges them over the defaults', () => {
    const policy = load(policyFile([
      '  vpc-required-endpoints:',
      '    params: { requiredEndpoints: [{ serviceName: "com.amazonaws.{region}.s3", type: Gateway }] }',
      '  ec2-security-group-no-ingress-from-internet: { params: { allowedPorts: [443] } }',
      '  kms-key-policy-no-cross-account: { params: { allowedAccounts: ["999988887777"] } }',
    ]));
    expect(policy.rules.get('vpc-required-endpoints')?.params).toEqual({ requiredEndpoints: [{ serviceName: 'com.amazonaws.{region}.s3', type: 'Gateway' }] });
    expect(policy.rules.get('ec2-security-group-no-ingress-from-internet')?.params).toEqual({ allowedPorts: [443] });
  });

  it('rejects bad params with the rule and path named', () => {
    let issues: PolicyError['issues'] = [];
    try {
      load(policyFile([
        '  vpc-required-endpoints: { params: { requiredEndpoints: [{ type: Gateway }] } }',
        '  ec2-security-group-no-ingress-from-internet: { params: { criticalPorts: [70000] } }',
        '  kms-key-rotation-enabled: { params: { maxRotationPeriodDays: 30 } }',
      ]));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      issues = error.issues;
    }
    const paths = issues.map((issue) => issue.path).join('\n');
    expect(paths).toMatch(/vpc-required-endpoints/);
    expect(paths).toMatch(/ec2-security-group-no-ingress-from-internet/);
    expect(paths).toMatch(/kms-key-rotation-enabled/);
  });
});
