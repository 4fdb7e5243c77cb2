/** The build's standalone validators accept and reject exactly what the run-time compiled ones do, with the same errors. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePrecompiledValidators } from '../../../src/schema/precompile.js';
import { staticValidator, type StaticSchema } from '../../../src/schema/validators.js';
import { projectRoot } from '../../support/paths.js';

// Inside the project, as in dist/: the generated code requires ajv's run-time helpers and ajv-formats' formats.
mkdirSync(join(projectRoot, 'test-artifacts'), { recursive: true });
const precompiledDir = mkdtempSync(join(projectRoot, 'test-artifacts', 'precompiled-'));
afterAll(() => rmSync(precompiledDir, { recursive: true, force: true }));
const written = writePrecompiledValidators(precompiledDir);
const nowhere = join(precompiledDir, 'absent'); // no precompiled validator there: compiled at run time

function bothErrors(schema: StaticSchema, value: unknown) {
  const precompiled = staticValidator(schema, precompiledDir);
  const runtime = staticValidator(schema, nowhere);
  expect(precompiled).not.toBe(runtime);
  const valid = [precompiled(value), runtime(value)];
  return { valid, precompiled: precompiled.errors ?? null, runtime: runtime.errors ?? null };
}

describe('precompiled schema validators', () => {
  it('writes one CommonJS module per published schema', () => {
    expect(written.map((file) => file.slice(precompiledDir.length + 1)).sort()).toEqual(['inventory-resource.schema.cjs', 'inventory.schema.cjs', 'policy.schema.cjs', 'report-finding.schema.cjs', 'report.schema.cjs']);
  });

  const policies: Array<[string, unknown]> = [
    ['valid', { name: 'p', rules: { 's3-bucket-tls-only': 'on' }, exceptions: [{ rule: 's3-*', resource: 'arn:aws:s3:::b', reason: 'r', expires: '2030-01-01' }] }],
    ['unknown top-level field', { name: 'p', rulez: {} }],
    ['malformed rule id', { name: 'p', rules: { 'S3 Bucket': 'on' } }],
    ['bad rule setting', { name: 'p', rules: { 's3-bucket-tls-only': { severity: 'urgent', enabeld: true } } }],
    ['bad date format', { name: 'p', exceptions: [{ rule: 's3-bucket-tls-only', reason: 'r', expires: '2030-13-45' }] }],
    ['wrong types everywhere', { name: 7, extends: [1], appliesTo: 'x', customRules: [{ id: 'Bad Id', schema: 3 }] }],
    ['missing name', {}],
  ];
  for (const [label, policy] of policies) {
    it(`policy schema, ${label}: same verdict and same errors (schemas included, for the did-you-mean)`, () => {
      const { valid, precompiled, runtime } = bothErrors('policy.schema.json', policy);
      expect(valid[0]).toBe(valid[1]);
      expect(precompiled).toEqual(runtime);
      if (label !== 'valid') expect(precompiled?.length).toBeGreaterThan(0);
    });
  }

  it('inventory and report schemas: same errors, date-time format included', () => {
    for (const schema of ['inventory.schema.json', 'report.schema.json'] as const) {
      for (const value of [{}, { collectedAt: 'yesterday', accounts: 'none' }, []]) {
        const { valid, precompiled, runtime } = bothErrors(schema, value);
        expect(valid).toEqual([false, false]);
        expect(precompiled).toEqual(runtime);
      }
    }
    for (const schema of ['inventory-resource.schema.json', 'report-finding.schema.json'] as const) {
      for (const value of [{}, [], { type: 3, status: 'broken', resource: {} }]) {
        const { valid, precompiled, runtime } = bothErrors(schema, value);
        expect(valid).toEqual([false, false]);
        expect(precompiled).toEqual(runtime);
      }
    }
    const { precompiled } = bothErrors('inventory.schema.json', { collectedAt: 'yesterday' });
    expect(precompiled?.some((error) => error.keyword === 'format')).toBe(true);
  });
});
