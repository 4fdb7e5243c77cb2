import { describe, expect, it } from 'vitest';
import { describeCollectionErrors } from '../../../src/engine/collection-errors.js';
import { decideGate, exitCodeFor, inventoryExitCode } from '../../../src/engine/exit-code.js';
import type { Inventory } from '../../../src/model/inventory.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Report, ReportCollectionError } from '../../../src/model/report.js';
import { sampleReport } from '../reporters/sample-report.js';

/** The sample report reduced to the given findings and collection errors. */
function reportWith(findings: Array<Partial<Finding>>, collectionErrors: ReportCollectionError[] = []): Report {
  const base = sampleReport();
  const template = base.findings[0] as Finding;
  return {
    ...base,
    findings: findings.map((change, index) => ({ ...template, fingerprint: String(index).padStart(32, '0'), baseline: undefined, ...change })),
    collectionErrors,
  };
}

const denied: ReportCollectionError = { code: 'AccessDenied', message: 'no', operation: 'S3.GetBucketPolicy', accountId: '111122223333', region: 'eu-central-1', resourceArn: 'arn:aws:s3:::b', attribute: 'policy' };
const listing: ReportCollectionError = { code: 'Throttling', message: 'slow', operation: 'EC2.DescribeVpcs', accountId: '111122223333', region: 'eu-west-1', service: 'ec2', resourceTypes: ['aws.ec2.vpc'] };

describe('decideGate', () => {
  const cases: Array<{ name: string; report: Report; options?: Parameters<typeof decideGate>[1]; verdict: string; exitCode: number; reason: RegExp }> = [
    { name: 'no findings, complete', report: reportWith([]), verdict: 'pass', exitCode: 0, reason: /^no unwaived failure at severity high or above, and the scan saw everything it needed$/ },
    { name: 'a high failure', report: reportWith([{ status: 'fail', severity: 'high' }]), verdict: 'fail', exitCode: 1, reason: /^1 unwaived failure at severity high or above \(1 high\)$/ },
    { name: 'a medium failure under the default threshold', report: reportWith([{ status: 'fail', severity: 'medium' }]), verdict: 'pass', exitCode: 0, reason: /^no unwaived failure/ },
    { name: 'a medium failure with --fail-on medium', report: reportWith([{ status: 'fail', severity: 'medium' }]), options: { failOn: 'medium' }, verdict: 'fail', exitCode: 1, reason: /at severity medium or above \(1 medium\)/ },
    { name: '--fail-on info reads "any severity"', report: reportWith([{ status: 'fail', severity: 'info' }]), options: { failOn: 'info' }, verdict: 'fail', exitCode: 1, reason: /at any severity/ },
    { name: 'a waived failure', report: reportWith([{ status: 'waived', severity: 'critical' }]), verdict: 'pass', exitCode: 0, reason: /^no unwaived failure/ },
    { name: 'an undecided high check', report: reportWith([{ status: 'error', severity: 'high' }]), verdict: 'incomplete', exitCode: 3, reason: /1 check at severity high or above could not be decided\): a failure may be hidden$/ },
    { name: 'a collection error', report: reportWith([], [denied, listing]), verdict: 'incomplete', exitCode: 3, reason: /2 collection errors: 1 account\/region\/service could not be listed, 1 resource attribute could not be read \(AccessDenied 1, Throttling 1\)/ },
    { name: 'incomplete, allowed', report: reportWith([], [denied]), options: { allowIncomplete: true }, verdict: 'pass', exitCode: 0, reason: /accepted with --allow-incomplete$/ },
    { name: 'an existing failure with --fail-on-new', report: reportWith([{ status: 'fail', severity: 'critical', baseline: 'existing' }]), options: { failOnNew: true }, verdict: 'pass', exitCode: 0, reason: /^no new unwaived failure .* \(1 existing failure not counted: --fail-on-new\)/ },
    { name: 'a new failure with --fail-on-new', report: reportWith([{ status: 'fail', severity: 'critical', baseline: 'new' }, { status: 'fail', severity: 'high', baseline: 'existing' }]), options: { failOnNew: true }, verdict: 'fail', exitCode: 1, reason: /^1 unwaived failure at severity high or above is new against the baseline \(1 critical\); 1 existing failure not counted/ },
    { name: 'a failure with --exit-zero', report: reportWith([{ status: 'fail', severity: 'critical' }]), options: { exitZero: true }, verdict: 'fail', exitCode: 0, reason: /^1 unwaived failure/ },
  ];
  for (const { name, report, options, verdict, exitCode, reason } of cases) {
    it(name, () => {
      const gate = decideGate(report, options);
      expect(gate.verdict).toBe(verdict);
      expect(gate.exitCode).toBe(exitCode);
      expect(gate.reason).toMatch(reason);
      expect(gate.exitZero).toBe(options?.exitZero === true);
      expect(exitCodeFor(report, options)).toBe(options?.exitZero && verdict === 'fail' ? 1 : exitCode);
    });
  }

  it('records the threshold, mode and baseline with its fingerprint count', () => {
    const report = { ...reportWith([]), baseline: { source: 'base.json', finishedAt: '2026-11-01T00:00:00Z', fingerprints: 42 } };
    expect(decideGate(report, { failOn: 'low', failOnNew: true })).toMatchObject({ failOn: 'low', mode: 'new', baseline: { source: 'base.json', fingerprints: 42 } });
    const { baseline: _baseline, ...unbased } = reportWith([]);
    expect(decideGate(unbased)).not.toHaveProperty('baseline');
  });
});

describe('describeCollectionErrors', () => {
  it('is empty without errors and counts by kind and code', () => {
    expect(describeCollectionErrors([])).toBe('');
    expect(describeCollectionErrors([denied])).toBe('1 collection error: 1 resource attribute could not be read (AccessDenied 1)');
    const many = ['A', 'B', 'C', 'D', 'E'].map((code) => ({ ...listing, code }));
    expect(describeCollectionErrors(many)).toBe('5 collection errors: 5 accounts/regions/services could not be listed (A 1, B 1, C 1, D 1, …)');
  });
});

describe('describeCollectionErrors with hostile codes', () => {
  it('makes codes from AWS answers inert and short before they reach a terminal', () => {
    const text = describeCollectionErrors([{ ...denied, code: `Evil\u001b]0;owned\u0007${'x'.repeat(200)}` }]);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text).toContain('\\x1b');
    expect(text.length).toBeLessThan(200);
  });
});

describe('inventoryExitCode', () => {
  const bucket = { type: 'aws.s3.bucket', arn: 'arn:aws:s3:::b', accountId: '111122223333', region: 'eu-central-1', name: 'b', tags: {}, data: {}, errors: {} };
  const inventory = (change: Partial<Inventory> = {}): Inventory => ({
    schemaVersion: 1, collectedAt: '2026-01-01T00:00:00.000Z', targets: [], resources: [bucket], errors: [], apiCalls: {}, ...change,
  } as Inventory);
  const unreadAttribute = inventory({ resources: [{ ...bucket, errors: { policy: { code: 'AccessDenied', message: 'no', operation: 'S3.GetBucketPolicy' } } }] as Inventory['resources'] });
  const unlisted = inventory({ errors: [{ code: 'Throttling', message: 'slow', operation: 'EC2.DescribeVpcs', accountId: '111122223333', region: 'eu-west-1', service: 'ec2', resourceTypes: ['aws.ec2.vpc'] }] });

  it('is 0 for a complete inventory, with or without --allow-incomplete', () => {
    expect(inventoryExitCode(inventory())).toBe(0);
    expect(inventoryExitCode(inventory(), { allowIncomplete: true })).toBe(0);
  });

  it('is 3 when a scope could not be listed or an attribute could not be read', () => {
    expect(inventoryExitCode(unlisted)).toBe(3);
    expect(inventoryExitCode(unreadAttribute)).toBe(3);
  });

  it('is 0 for an incomplete inventory with --allow-incomplete', () => {
    expect(inventoryExitCode(unlisted, { allowIncomplete: true })).toBe(0);
    expect(inventoryExitCode(unreadAttribute, { allowIncomplete: true })).toBe(0);
  });
});
