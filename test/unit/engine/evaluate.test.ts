import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../../src/engine/baseline.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { exitCodeFor } from '../../../src/engine/exit-code.js';
import { buildReport } from '../../../src/engine/report.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { compileCustomRule } from '../../../src/policy/custom-rules.js';
import type { ResolvedPolicy, RuleSetting, Waiver } from '../../../src/policy/types.js';
import { validateReport } from '../../../src/pipeline/schemas.js';
import { defineRule, fail, pass, type Rule, type Verdict } from '../../../src/rules/rule.js';
import kmsEncryption from '../../../src/rules/s3/bucket-kms-encryption.js';
import versioning from '../../../src/rules/s3/bucket-versioning-enabled.js';
import { ACCOUNT, accessDenied, inventoryOf, policyFor, target } from '../../support/fixtures.js';
import { bucket } from '../rules/s3-fixtures.js';

const NOW = new Date('2026-11-24T12:00:00Z');

const policy = (rules: Record<string, Partial<RuleSetting>>, extra: Partial<ResolvedPolicy> = {}): ResolvedPolicy => policyFor([], rules, extra);

const waiver = (expires: string, resources = ['arn:aws:s3:::legacy-*']): Waiver => ({
  rule: 's3-bucket-versioning-enabled',
  resources,
  reason: 'legacy bucket being migrated',
  owner: 'squad-a@example.com',
  expires,
  policy: 'test',
});

const unversioned = (name: string) => bucket({ versioning: { status: 'Disabled', mfaDelete: 'Disabled' } }, { name, arn: `arn:aws:s3:::${name}` });

/** A bucket rule for engine tests: only the id, check and scope matter. */
function stubRule(id: string, check: () => Verdict | Verdict[], accountTypes = ['*']): Rule {
  return defineRule({
    id,
    title: 't',
    severity: 'high',
    resourceType: 'aws.s3.bucket',
    needs: [],
    description: '',
    rationale: '',
    remediation: '',
    references: {},
    appliesTo: { accountTypes },
    check,
  });
}

function reportOf(inventory: Inventory, policies: ResolvedPolicy[], rules: Rule[] = [versioning, kmsEncryption]) {
  const evaluation = evaluate(inventory, { policies, rules, now: NOW });
  return buildReport({ inventory, evaluation, policies, rules, finishedAt: NOW.toISOString() });
}

describe('waivers', () => {
  it('a waiver in force turns the failure waived; exit 0 when it was the only failure', () => {
    const report = reportOf(inventoryOf([unversioned('legacy-1')]), [
      policy({ 's3-bucket-versioning-enabled': { severity: 'high' } }, { exceptions: [waiver('2026-12-31')] }),
    ]);
    const finding = report.findings.find((f) => f.ruleId === 's3-bucket-versioning-enabled');
    expect(finding?.status).toBe('waived');
    expect(finding?.waiver).toMatchObject({ owner: 'squad-a@example.com', expires: '2026-12-31', daysToExpiry: 37 });
    expect(report.waivers.applied).toHaveLength(1);
    expect(exitCodeFor(report)).toBe(0);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });

  it('an expired waiver does not apply: the finding fails and records the expired waiver', () => {
    const report = reportOf(inventoryOf([unversioned('legacy-1')]), [
      policy({ 's3-bucket-versioning-enabled': { severity: 'high' } }, { exceptions: [waiver('2026-11-23')] }),
    ]);
    const finding = report.findings.find((f) => f.ruleId === 's3-bucket-versioning-enabled');
    expect(finding?.status).toBe('fail');
    expect(finding?.expiredWaiver).toMatchObject({ expires: '2026-11-23', daysToExpiry: -1 });
    expect(report.waivers.expired).toMatchObject([{ matched: 1, expires: '2026-11-23' }]);
    expect(exitCodeFor(report)).toBe(1);
  });

  it('a waiver expiring today still applies; one within the warning window is listed', () => {
    const report = reportOf(inventoryOf([unversioned('legacy-1')]), [
      policy({ 's3-bucket-versioning-enabled': {} }, { exceptions: [waiver('2026-11-24')] }),
    ]);
    expect(report.findings.find((f) => f.ruleId === 's3-bucket-versioning-enabled')?.status).toBe('waived');
    expect(report.waivers.expiringSoon).toHaveLength(1);
  });

  it('a waiver matching nothing is stale; a waiver does not cover other resources or accounts', () => {
    const scoped: Waiver = { ...waiver('2027-06-01', ['arn:aws:s3:::*']), accounts: ['999999999999'] };
    const report = reportOf(inventoryOf([unversioned('other')]), [
      policy({ 's3-bucket-versioning-enabled': {} }, { exceptions: [waiver('2027-06-01'), scoped] }),
    ]);
    expect(report.findings.find((f) => f.ruleId === 's3-bucket-versioning-enabled')?.status).toBe('fail');
    expect(report.waivers.stale).toHaveLength(2);
  });
});

describe('what the scanner could not see', () => {
  it('a list call that failed becomes an error finding per affected rule, and exit 3', () => {
    const inventory = inventoryOf([]);
    inventory.errors.push({
      accountId: ACCOUNT,
      region: 'global',
      service: 's3',
      resourceTypes: ['aws.s3.bucket'],
      ...accessDenied('S3.ListBuckets'),
    });
    const report = reportOf(inventory, [policy({ 's3-bucket-versioning-enabled': {}, 's3-bucket-kms-encryption': {} })]);
    expect(report.findings.map((f) => [f.ruleId, f.status, f.resource.arn])).toEqual([
      ['s3-bucket-kms-encryption', 'error', `squadguard:scope/${ACCOUNT}/global/s3`],
      ['s3-bucket-versioning-enabled', 'error', `squadguard:scope/${ACCOUNT}/global/s3`],
    ]);
    expect(report.summary.incomplete).toBe(true);
    expect(exitCodeFor(report)).toBe(3);
    expect(exitCodeFor(report, { allowIncomplete: true })).toBe(0);
  });

  it('an unreadable attribute is an error, never a pass; a failure elsewhere still exits 1', () => {
    const denied = bucket({}, { name: 'b1', arn: 'arn:aws:s3:::b1', errors: { encryption: accessDenied('S3.GetBucketEncryption') } });
    delete (denied.data as Record<string, unknown>).encryption;
    const report = reportOf(inventoryOf([denied, unversioned('b2')]), [
      policy({ 's3-bucket-versioning-enabled': { severity: 'high' }, 's3-bucket-kms-encryption': {} }),
    ]);
    expect(report.findings.find((f) => f.resource.name === 'b1' && f.ruleId === 's3-bucket-kms-encryption')?.status).toBe('error');
    expect(report.collectionErrors).toMatchObject([{ resourceArn: 'arn:aws:s3:::b1', attribute: 'encryption', code: 'AccessDenied' }]);
    expect(exitCodeFor(report)).toBe(1);
  });

  it('a rule that throws yields an error finding, not a pass', () => {
    const broken = stubRule('test-broken', () => {
        throw new Error('boom');
      });
    const report = reportOf(inventoryOf([bucket()]), [policy({ 'test-broken': {} })], [broken]);
    expect(report.findings).toMatchObject([{ status: 'error', message: expect.stringMatching(/boom/) }]);
  });

  it('an analysis spanning accounts that throws is built once, and every resource asking for it gets an error', () => {
    let builds = 0;
    const asking = stubRule('test-analysis', () => {
      throw new Error('unreachable');
    });
    const rule: Rule = {
      ...asking,
      check: (_resource, context) =>
        context.analyses!.get('test.broken', () => {
          builds++;
          throw new Error('analysis broke');
        }),
    };
    const buckets = Array.from({ length: 20 }, (_, i) => bucket({}, { name: `b${i}`, arn: `arn:aws:s3:::b${i}` }));
    const report = reportOf(inventoryOf(buckets), [policy({ 'test-analysis': {} })], [rule]);
    expect(builds).toBe(1);
    expect(report.findings).toHaveLength(20);
    expect(report.findings.every((finding) => finding.status === 'error' && /analysis broke/.test(finding.message))).toBe(true);
  });

  it('a rule whose resource type the inventory never collected is an error, not zero findings', () => {
    const inventory = { ...inventoryOf([]), collected: { 'aws.s3.account': ['publicAccessBlock'] } };
    const report = reportOf(inventory, [policy({ 's3-bucket-versioning-enabled': {} })]);
    expect(report.findings).toMatchObject([
      { status: 'error', ruleId: 's3-bucket-versioning-enabled', message: expect.stringMatching(/no collection of aws\.s3\.bucket/) },
    ]);
    expect(exitCodeFor(report, { failOn: 'medium' })).toBe(3);
  });

  it('attributes an inventory lacks are named once, in one note with the command that collects them', () => {
    const lacking = (name: string) => {
      const resource = bucket({}, { name, arn: `arn:aws:s3:::${name}` });
      delete (resource.data as Record<string, unknown>).versioning;
      return resource;
    };
    const inventory = { ...inventoryOf([lacking('a'), lacking('b'), lacking('c')]), collected: { 'aws.s3.bucket': ['encryption'] } };
    const report = reportOf(inventory, [policy({ 's3-bucket-versioning-enabled': {} }, { source: 'pack:platform-baseline' })]);
    expect(report.findings.map((finding) => finding.status)).toEqual(['error', 'error', 'error']);
    const notes = report.notes.filter((note) => note.includes('collect again'));
    expect(notes).toEqual([
      'the inventory lacks what 1 enabled rule(s) need (aws.s3.bucket: versioning): it was collected under another policy, and those rules ' +
        'report "could not decide"; collect again with `squadguard collect --policy platform-baseline`',
    ]);
  });

  it('findings carry clipped copies of a huge name and error message; the report keeps the message once', () => {
    const huge = 'x'.repeat(1 << 20);
    const resource = bucket({}, { name: huge, arn: 'arn:aws:s3:::huge' });
    delete (resource.data as Record<string, unknown>).versioning;
    resource.errors = { versioning: { code: 'ServiceError', message: huge, operation: 'S3.GetBucketVersioning' } };
    const report = reportOf(inventoryOf([resource]), [policy({ 's3-bucket-versioning-enabled': {} })]);
    const finding = report.findings[0];
    expect(finding?.resource.name.length).toBeLessThan(1100);
    expect(JSON.stringify(finding).length).toBeLessThan(20_000);
    expect(report.collectionErrors[0]?.message).toHaveLength(1 << 20);
  });
});

describe('rules scoped to account types', () => {
  it('a target of unknown type skips them and the report says which rules did not run', () => {
    const servingOnly = stubRule('test-serving-only', () => fail('x'), ['serving-prod']);
    const unknown = reportOf(inventoryOf([bucket()]), [policy({ 'test-serving-only': {} })], [servingOnly]);
    expect(unknown.findings).toEqual([]);
    expect(unknown.notes.join('\n')).toMatch(/has no account type, so 1 rule\(s\) .*test-serving-only/);
    const prod = reportOf(inventoryOf([bucket()], [target({ accountType: 'serving-prod' })]), [policy({ 'test-serving-only': {} })], [servingOnly]);
    expect(prod.findings.map((finding) => finding.status)).toEqual(['fail']);
    expect(prod.notes).toEqual([]);
  });
});

describe('severity, scope and layering', () => {
  const perVerdict = stubRule('test-per-verdict', () => [fail('a', { key: 'a', severity: 'critical' }), fail('b', { key: 'b' }), pass('c', { key: 'c' })], ['serving-prod']);

  it('verdict keys give distinct stable fingerprints; verdict severity shifts with a policy override', () => {
    const inventory = inventoryOf([bucket()], [target({ accountType: 'serving-prod' })]);
    const first = reportOf(inventory, [policy({ 'test-per-verdict': {} })], [perVerdict]);
    expect(first.findings.map((f) => f.severity)).toEqual(['critical', 'high', 'high']);
    expect(new Set(first.findings.map((f) => f.fingerprint)).size).toBe(3);
    const again = reportOf(inventory, [policy({ 'test-per-verdict': {} })], [perVerdict]);
    expect(again.findings.map((f) => f.fingerprint)).toEqual(first.findings.map((f) => f.fingerprint));
    const lowered = reportOf(inventory, [policy({ 'test-per-verdict': { severity: 'medium' } })], [perVerdict]);
    expect(lowered.findings.filter((f) => f.status === 'fail').map((f) => f.severity)).toEqual(['high', 'medium']);
  });

  it('a rule scoped to serving-prod does not run in a modeling account, nor where the type is unknown', () => {
    for (const accountType of ['modeling', undefined]) {
      const inventory = inventoryOf([bucket()], [target(accountType ? { accountType } : {})]);
      expect(reportOf(inventory, [policy({ 'test-per-verdict': {} })], [perVerdict]).findings).toEqual([]);
    }
  });

  it('policy defaultAccountType applies to targets without a type', () => {
    const inventory = inventoryOf([bucket()], [target()]);
    const report = reportOf(inventory, [policy({ 'test-per-verdict': {} }, { defaultAccountType: 'serving-prod' })], [perVerdict]);
    expect(report.findings).toHaveLength(3);
    expect(report.targets[0]?.accountType).toBe('serving-prod');
  });

  it('a policy applies only to targets in its appliesTo; later policies override earlier ones', () => {
    const baseline = policy({ 's3-bucket-versioning-enabled': { severity: 'medium' } }, { name: 'baseline' });
    const prod = policy({ 's3-bucket-versioning-enabled': { severity: 'critical' } }, { name: 'prod', appliesTo: { accountTypes: ['serving-prod'] } });
    const inventory = inventoryOf(
      [unversioned('p'), { ...unversioned('m'), accountId: '222222222222' }],
      [target({ accountType: 'serving-prod' }), target({ accountId: '222222222222', accountType: 'modeling' })],
    );
    const report = reportOf(inventory, [baseline, prod]);
    const severityOf = (account: string) =>
      report.findings.find((f) => f.resource.accountId === account && f.ruleId === 's3-bucket-versioning-enabled')?.severity;
    expect(severityOf(ACCOUNT)).toBe('critical');
    expect(severityOf('222222222222')).toBe('medium');
    expect(report.targets.map((t) => t.policies)).toEqual([['baseline', 'prod'], ['baseline']]);
  });
});

describe('declarative custom rules', () => {
  const ownerTag = compileCustomRule(
    {
      id: 'squad-owner-tag',
      title: 'Buckets carry an owner tag',
      severity: 'low',
      resourceType: 'aws.s3.bucket',
      needs: ['tags'],
      schema: { type: 'object', properties: { tags: { type: 'object', required: ['owner'] } } },
    },
    'squad',
  );

  it('fails with the ajv path as evidence, passes when the schema holds', () => {
    const inventory = inventoryOf([bucket({}, { name: 'tagged', arn: 'arn:aws:s3:::tagged', tags: { owner: 'a' } }), bucket({}, { name: 'untagged', arn: 'arn:aws:s3:::untagged' })]);
    const report = reportOf(inventory, [policy({ 'squad-owner-tag': {} }, { customRules: [ownerTag] })], []);
    expect(report.findings.map((f) => [f.resource.name, f.status])).toEqual([
      ['untagged', 'fail'],
      ['tagged', 'pass'],
    ]);
    expect(report.findings[0]?.path).toBe('tags');
    expect(report.findings[0]?.message).toMatch(/must have required property 'owner'/);
  });

  it('tags that were not collected are an error, not a failure', () => {
    const inventory = inventoryOf([bucket()]);
    inventory.collected = { 'aws.s3.bucket': ['encryption'] };
    const report = reportOf(inventory, [policy({ 'squad-owner-tag': {} }, { customRules: [ownerTag] })], []);
    expect(report.findings[0]).toMatchObject({ status: 'error', message: expect.stringMatching(/tags was not collected/) });
  });
});

describe('baseline', () => {
  it('marks new and existing failures, lists resolved ones, and --fail-on-new gates only new ones', () => {
    const policies = [policy({ 's3-bucket-versioning-enabled': { severity: 'high' } })];
    const before = reportOf(inventoryOf([unversioned('a'), unversioned('b')]), policies);
    const fixedB = bucket({}, { name: 'b', arn: 'arn:aws:s3:::b' });
    const after = applyBaseline(reportOf(inventoryOf([unversioned('a'), fixedB, unversioned('c')]), policies), before, 'before.json');
    const states = Object.fromEntries(after.findings.filter((f) => f.status === 'fail').map((f) => [f.resource.name, f.baseline]));
    expect(states).toEqual({ a: 'existing', c: 'new' });
    expect(after.resolved?.map((r) => r.resource.name)).toEqual(['b']);
    expect(exitCodeFor(after, { failOnNew: true })).toBe(1);
    const onlyExisting = applyBaseline(reportOf(inventoryOf([unversioned('a')]), policies), before, 'before.json');
    expect(exitCodeFor(onlyExisting, { failOnNew: true })).toBe(0);
    expect(exitCodeFor(onlyExisting)).toBe(1);
    expect(validateReport(JSON.parse(JSON.stringify(after)))).toEqual([]);
  });

  it('a violation in an account this scan did not see is not resolved', () => {
    const policies = [policy({ 's3-bucket-versioning-enabled': {} })];
    const before = reportOf(inventoryOf([unversioned('a')]), policies);
    const elsewhere = applyBaseline(reportOf(inventoryOf([], [target({ accountId: '222222222222' })]), policies), before, 'b.json');
    expect(elsewhere.resolved).toEqual([]);
  });
});
