import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainRule, ruleCatalog, ruleOperations } from '../../../src/docs/rule-catalog.js';
import { builtinRules } from '../../../src/rules/index.js';
import { scanningCosts } from '../../../src/scanners/operations.js';
import { projectRoot } from '../../support/paths.js';

describe('rule catalog', () => {
  it('docs/rules.md is what `npm run docs` generates from the rules\' metadata (run it after changing a rule)', async () => {
    expect(readFileSync(resolve(projectRoot, 'docs/rules.md'), 'utf8')).toBe(ruleCatalog(builtinRules, await scanningCosts()));
  });

  it('a rule over several resource types lists each type with what it reads', () => {
    const isolation = builtinRules.find((rule) => rule.id === 'isolation-flow-allowed');
    expect(isolation && explainRule(isolation)).toMatch(/`aws\.iam\.role` \(reads `trustPolicy`, `inlinePolicies`/);
  });

  it('says per rule which API calls and IAM actions collecting what it reads costs', async () => {
    const costs = await scanningCosts();
    const rule = (id: string) => {
      const found = builtinRules.find((candidate) => candidate.id === id);
      if (!found) throw new Error(`no rule ${id}`);
      return found;
    };
    // The bucket list (with the location call for endpoints that do not say a bucket's region), and one read.
    expect(ruleOperations(rule('s3-bucket-versioning-enabled'), costs)).toEqual(['S3.GetBucketLocation', 'S3.GetBucketVersioning', 'S3.ListBuckets']);
    expect(explainRule(rule('s3-bucket-versioning-enabled'), costs)).toContain(
      '- IAM actions: `s3:GetBucketLocation`, `s3:GetBucketVersioning`, `s3:ListAllMyBuckets`',
    );
    expect(ruleOperations(rule('kms-key-rotation-enabled'), costs)).toEqual(['KMS.DescribeKey', 'KMS.GetKeyRotationStatus', 'KMS.ListKeys']);
    // A type whose scanner does not state its costs: no claim rather than a wrong one.
    expect(ruleOperations(rule('s3-bucket-versioning-enabled'), {})).toBeUndefined();
    expect(explainRule(rule('s3-bucket-versioning-enabled'))).not.toContain('API calls');
  });
});
