import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/policy/loader.js';
import { PolicyError } from '../../../src/policy/types.js';
import { builtinRules } from '../../../src/rules/index.js';
import { resourceTypes } from '../../../src/scanners/index.js';

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-policy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const load = (dir: string, file: string) => loadPolicy(join(dir, file), { rules: builtinRules, resourceTypes });

function issuesOf(fn: () => unknown): PolicyError['issues'] {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return error.issues;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('policy loader', () => {
  it('loads the shipped baseline by pack name, every built-in rule enabled', () => {
    const policy = loadPolicy('platform-baseline', { rules: builtinRules, resourceTypes });
    expect(policy.source).toBe('pack:platform-baseline');
    const enabled = [...policy.rules].filter(([, setting]) => setting.enabled).map(([id]) => id).sort();
    expect(enabled).toEqual(builtinRules.map((rule) => rule.id).sort());
    expect(policy.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('merges extends: parent first, child overrides severity, params and off', () => {
    const dir = write({
      'squad.yaml': [
        'name: squad-a',
        'extends: platform-baseline',
        'rules:',
        '  s3-bucket-versioning-enabled: off',
        '  s3-bucket-access-logging-enabled: { severity: high }',
        '  s3-bucket-kms-encryption:',
        '    params: { allowedKeyArns: ["arn:aws:kms:eu-west-1:111122223333:key/abc"] }',
      ].join('\n'),
    });
    const policy = load(dir, 'squad.yaml');
    expect(policy.name).toBe('squad-a');
    expect(policy.rules.get('s3-bucket-versioning-enabled')?.enabled).toBe(false);
    expect(policy.rules.get('s3-bucket-access-logging-enabled')).toMatchObject({ enabled: true, severity: 'high' });
    expect(policy.rules.get('s3-bucket-kms-encryption')?.params).toEqual({ allowedKeyArns: ['arn:aws:kms:eu-west-1:111122223333:key/abc'] });
    expect(policy.rules.get('s3-bucket-tls-only')?.enabled).toBe(true);
  });

  it('accepts JSON policies', () => {
    const dir = write({ 'p.json': JSON.stringify({ name: 'json-policy', rules: { 's3-bucket-tls-only': 'on' } }) });
    expect(load(dir, 'p.json').rules.get('s3-bucket-tls-only')?.enabled).toBe(true);
  });

  it('names file and path for a typo in a rule id, with a suggestion', () => {
    const dir = write({ 'typo.yaml': 'name: typo\nrules:\n  s3-bucket-kms-encrytion: on\n' });
    const issues = issuesOf(() => load(dir, 'typo.yaml'));
    expect(issues).toEqual([
      {
        file: join(dir, 'typo.yaml'),
        path: '/rules/s3-bucket-kms-encrytion',
        message: 'unknown rule id "s3-bucket-kms-encrytion" (did you mean "s3-bucket-kms-encryption"?)',
      },
    ]);
  });

  it('rejects unknown fields at any depth', () => {
    const dir = write({ 'p.yaml': 'name: p\nrule: {}\nexceptions:\n  - { rule: s3-bucket-tls-only, resources: ["*"], reason: why not, owner: a, expires: 2030-01-01, ticket: X }\n' });
    const issues = issuesOf(() => load(dir, 'p.yaml'));
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(
      expect.arrayContaining([
        '/rule: unknown field (did you mean "rules"?)',
        '/exceptions/0/ticket: unknown field (known fields: rule, resources, accounts, reason, owner, expires)',
      ]),
    );
  });

  it('rejects params that break the rule param schema, naming the param path', () => {
    const dir = write({ 'p.yaml': 'name: p\nrules:\n  s3-bucket-kms-encryption:\n    params: { allowedKeyArns: ["not-an-arn"] }\n' });
    const issues = issuesOf(() => load(dir, 'p.yaml'));
    expect(issues[0]?.path).toBe('/rules/s3-bucket-kms-encryption/params/allowedKeyArns/0');
    expect(issues[0]?.message).toMatch(/pattern/);
  });

  it('rejects unknown params', () => {
    const dir = write({ 'p.yaml': 'name: p\nrules:\n  s3-bucket-kms-encryption:\n    params: { allowedKeys: [] }\n' });
    expect(issuesOf(() => load(dir, 'p.yaml'))[0]).toMatchObject({
      path: '/rules/s3-bucket-kms-encryption/params/allowedKeys',
      message: 'unknown field (did you mean "allowedKeyArns"?)',
    });
  });

  // Each rule's params schema, through the loader: the rule and the param are named.
  it.each([
    ['sagemaker-endpoint-multi-instance', { minInstances: 0 }, 'minInstances'],
    ['sagemaker-notebook-kms-encrypted', { allowedKeyArns: ['alias/squad'] }, 'allowedKeyArns'],
    ['iam-access-key-rotated', { maxAgeDays: 0 }, 'maxAgeDays'],
    ['iam-role-trust-cross-account-external-id', { allowedAccounts: ['not-an-account'] }, 'allowedAccounts'],
    ['vpc-required-endpoints', { requiredEndpoints: [{ type: 'Gateway' }] }, 'requiredEndpoints'],
    ['ec2-security-group-no-ingress-from-internet', { criticalPorts: [70000] }, 'criticalPorts'],
    ['kms-key-rotation-enabled', { maxRotationPeriodDays: 30 }, 'maxRotationPeriodDays'],
  ])('rejects %s params %j at /rules/<id>/params/%s', (id, params, param) => {
    const dir = write({ 'p.yaml': `name: p\nrules:\n  ${id}: { params: ${JSON.stringify(params)} }\n` });
    const paths = issuesOf(() => load(dir, 'p.yaml')).map((issue) => issue.path);
    expect(paths.some((path) => path.startsWith(`/rules/${id}/params/${param}`)), paths.join('\n')).toBe(true);
  });

  it.each([
    ['sagemaker-endpoint-multi-instance', { minInstances: 3 }],
    ['sagemaker-job-kms-encrypted', { allowedKeyArns: ['arn:aws:kms:eu-west-1:111122223333:key/abc'] }],
    ['sagemaker-endpoint-config-kms-encrypted', { instanceStoreFamilies: ['g4dn'] }],
    ['iam-no-admin-access', { breakGlassNames: ['break-glass-*'] }],
    ['iam-role-permission-boundary-required', { rolePatterns: ['squad-*'], boundaryArns: ['arn:aws:iam::${AccountId}:policy/platform-*'] }],
    ['vpc-required-endpoints', { requiredEndpoints: [{ serviceName: 'com.amazonaws.{region}.s3', type: 'Gateway' }] }],
    ['ec2-security-group-no-ingress-from-internet', { allowedPorts: [443] }],
    ['kms-key-policy-no-cross-account', { allowedAccounts: ['999988887777'] }],
  ])('accepts %s params %j', (id, params) => {
    const dir = write({ 'p.yaml': `name: p\nrules:\n  ${id}: { params: ${JSON.stringify(params)} }\n` });
    expect(load(dir, 'p.yaml').rules.get(id)?.params).toEqual(params);
  });

  it('rejects params for a rule that takes none', () => {
    const dir = write({ 'p.yaml': 'name: p\nrules:\n  s3-bucket-tls-only:\n    params: { x: 1 }\n' });
    expect(issuesOf(() => load(dir, 'p.yaml'))[0]?.message).toMatch(/takes no params/);
  });

  it('reports malformed YAML with line and column', () => {
    const dir = write({ 'bad.yaml': 'name: bad\nrules:\n  s3-bucket-tls-only: [on\n' });
    const issues = issuesOf(() => load(dir, 'bad.yaml'));
    expect(issues[0]?.message).toMatch(/not valid YAML/);
    expect(issues[0]?.path).toMatch(/line \d+, column \d+/);
  });

  it('reports a bad severity and a bad expiry date', () => {
    const dir = write({
      'p.yaml': 'name: p\nrules:\n  s3-bucket-tls-only: { severity: urgent }\nexceptions:\n  - { rule: s3-bucket-tls-only, resources: ["*"], reason: because, owner: a, expires: 31-12-2026 }\n',
    });
    const paths = issuesOf(() => load(dir, 'p.yaml')).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['/rules/s3-bucket-tls-only/severity', '/exceptions/0/expires']));
  });

  it('reports an unknown rule id in a waiver', () => {
    const dir = write({ 'p.yaml': 'name: p\nexceptions:\n  - { rule: s3-tls, resources: ["*"], reason: because, owner: a, expires: 2030-01-01 }\n' });
    expect(issuesOf(() => load(dir, 'p.yaml'))[0]).toMatchObject({ path: '/exceptions/0/rule' });
  });

  it('detects extends cycles and missing parents', () => {
    const dir = write({ 'a.yaml': 'name: a\nextends: b.yaml\n', 'b.yaml': 'name: b\nextends: a.yaml\n', 'c.yaml': 'name: c\nextends: ./missing.yaml\n' });
    expect(issuesOf(() => load(dir, 'a.yaml'))[0]?.message).toMatch(/extends cycle/);
    expect(issuesOf(() => load(dir, 'c.yaml'))[0]?.message).toMatch(/no policy file "\.\/missing\.yaml"/);
  });

  it('reports a missing file clearly', () => {
    expect(issuesOf(() => loadPolicy('/nonexistent/policy.yaml', { rules: builtinRules, resourceTypes }))[0]?.message).toMatch(
      /no policy file/,
    );
  });

  it('compiles custom rules and rejects a broken schema, a taken id and an unknown resource type', () => {
    const good = write({
      'p.yaml': [
        'name: p',
        'customRules:',
        '  - id: squad-bucket-owner-tag',
        '    title: Buckets carry an owner tag',
        '    severity: low',
        '    resourceType: aws.s3.bucket',
        '    needs: [tags]',
        '    schema: { type: object, required: [tags], properties: { tags: { required: [owner] } } }',
      ].join('\n'),
    });
    const policy = load(good, 'p.yaml');
    expect(policy.customRules.map((rule) => rule.id)).toEqual(['squad-bucket-owner-tag']);
    expect(policy.rules.get('squad-bucket-owner-tag')?.enabled).toBe(true);

    const bad = write({
      'p.yaml': [
        'name: p',
        'customRules:',
        '  - { id: x-1, title: t, severity: low, resourceType: aws.s3.bucket, schema: { type: nonsense } }',
        '  - { id: s3-bucket-tls-only, title: t, severity: low, resourceType: aws.s3.bucket, schema: {} }',
        '  - { id: x-3, title: t, severity: low, resourceType: aws.s3.bucktet, schema: {} }',
      ].join('\n'),
    });
    const issues = issuesOf(() => load(bad, 'p.yaml'));
    expect(issues.map((issue) => issue.path)).toEqual(['/customRules/0/schema', '/customRules/1/id', '/customRules/2/resourceType']);
    expect(issues[2]?.message).toMatch(/did you mean "aws.s3.bucket"/);
  });

  it('collects issues from every file of the chain', () => {
    const dir = write({ 'parent.yaml': 'name: parent\nrules:\n  nope-1: on\n', 'child.yaml': 'name: child\nextends: parent.yaml\nrules:\n  nope-2: on\n' });
    const issues = issuesOf(() => load(dir, 'child.yaml'));
    expect(issues.map((issue) => [issue.file.endsWith('parent.yaml'), issue.path])).toEqual([
      [true, '/rules/nope-1'],
      [false, '/rules/nope-2'],
    ]);
  });
});
