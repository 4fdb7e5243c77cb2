import { describe, expect, it } from 'vitest';
import { REQUIRED_FIELDS, asffProblems, complianceStatus, productArn, toAsff, type AsffContext } from '../../../src/integrations/asff.js';
import type { Finding } from '../../../src/model/finding.js';
import { importBatches } from '../../../src/sinks/security-hub.js';
import { checkSecurityHubFlags, SECURITY_HUB_OPTIONS } from '../../../src/cli/security-hub.js';
import { demoReport } from '../../support/demo-report.js';

const context: AsffContext = { region: 'eu-central-1', accountId: '999988887777', partition: 'aws', now: '2026-11-30T10:00:00.000Z', toolVersion: '0.1.0' };

describe('ASFF mapping', () => {
  it('every demo finding becomes an ASFF finding with every documented required field, within the limits', async () => {
    const report = await demoReport();
    const problems = report.findings.flatMap((finding) => asffProblems(toAsff(finding, context)).map((p) => `${finding.fingerprint}: ${p}`));
    expect(problems).toEqual([]);
    const asff = toAsff(report.findings.find((f) => f.status === 'fail')!, context) as unknown as Record<string, unknown>;
    for (const field of REQUIRED_FIELDS) expect(asff[field], field).toBeDefined();
  });

  it('custom-integration product ARN, rule as GeneratorId, fingerprint as Id, the hub account as AwsAccountId', async () => {
    const report = await demoReport();
    const finding = report.findings.find((f) => f.status === 'fail' && f.resource.type === 'aws.s3.bucket')!;
    const asff = toAsff(finding, context);
    expect(asff.ProductArn).toBe('arn:aws:securityhub:eu-central-1:999988887777:product/999988887777/default');
    expect(asff).toMatchObject({ Id: finding.fingerprint, GeneratorId: finding.ruleId, AwsAccountId: '999988887777', RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } });
    expect(asff.Resources).toEqual([expect.objectContaining({ Type: 'AwsS3Bucket', Id: finding.resource.arn, Partition: 'aws' })]);
    expect(asff.ProductFields).toMatchObject({ 'squadguard/AccountId': '111122223333', 'squadguard/Squad': 'claims-fraud', 'squadguard/AccountType': 'modeling' });
    expect(asff.Severity?.Label).toBe(finding.severity.toUpperCase());
    expect(asff.Remediation?.Recommendation?.Url).toMatch(/^https:\/\//);
    expect(productArn({ partition: 'aws-cn', region: 'cn-north-1', accountId: '1' })).toBe('arn:aws-cn:securityhub:cn-north-1:1:product/1/default');
  });

  it('global resources carry no region; an existing finding keeps CreatedAt and leaves Workflow/Note to BatchUpdateFindings', async () => {
    const report = await demoReport();
    const root = report.findings.find((f) => f.resource.region === 'global')!;
    const created = toAsff(root, context);
    expect(created.Resources?.[0]?.Region).toBeUndefined();
    const updated = toAsff(root, { ...context, now: '2026-12-01T10:00:00.000Z' }, { CreatedAt: created.CreatedAt, FirstObservedAt: created.FirstObservedAt });
    expect(updated.CreatedAt).toBe('2026-11-30T10:00:00.000Z');
    expect(updated.UpdatedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(updated.Workflow).toBeUndefined();
    expect(updated.Note).toBeUndefined();
  });

  it.each([
    ['fail', 'could be anything', 'FAILED'],
    ['waived', 'x', 'FAILED'],
    ['pass', 'x', 'PASSED'],
    ['error', 'could not decide: policy could not be read (S3.GetBucketPolicy: AccessDenied)', 'NOT_AVAILABLE'],
    ['error', 'could not decide: policy was not collected', 'WARNING'],
    ['error', 'rule x failed on this resource: boom', 'NOT_AVAILABLE'],
  ] as const)('status %s (%s) → Compliance %s; error is never PASSED', (status, message, expected) => {
    expect(complianceStatus({ status, message })).toBe(expected);
  });

  it('a waived finding is created SUPPRESSED with the owner and reason as the note', async () => {
    const report = await demoReport();
    const base = report.findings.find((f) => f.status === 'fail')!;
    const waived: Finding = { ...base, status: 'waived', waiver: { reason: 'planned', owner: 'team@example.com', expires: '2027-01-31', daysToExpiry: 60, policy: 'p' } };
    const asff = toAsff(waived, context);
    expect(asff.Workflow?.Status).toBe('SUPPRESSED');
    expect(asff.Compliance?.Status).toBe('FAILED');
    expect(asff.Note).toMatchObject({ UpdatedBy: 'squadguard' });
    expect(asff.Note?.Text).toContain('team@example.com');
    expect(asff.Note?.Text).toContain('planned');
  });

  it('clips hostile long text to the documented limits instead of getting the finding rejected', async () => {
    const report = await demoReport();
    const base = report.findings[0]!;
    const long = 'x'.repeat(300_000);
    const asff = toAsff({ ...base, title: long, message: long, remediation: long, path: long, waiver: { reason: long, owner: long, expires: '2027-01-01', daysToExpiry: 1, policy: long } , status: 'waived' }, context);
    expect(asffProblems(asff)).toEqual([]);
    expect(asff.Title!.length).toBeLessThanOrEqual(256);
    expect(asff.Description!.length).toBeLessThanOrEqual(1024);
    expect(asff.Note!.Text!.length).toBeLessThanOrEqual(512);
  });

  it('asffProblems says what Security Hub would reject', async () => {
    const report = await demoReport();
    const asff = toAsff(report.findings[0]!, context);
    expect(asffProblems({ ...asff, Resources: [] })).toContain('Resources is missing');
    expect(asffProblems({ ...asff, AwsAccountId: 'abc' })).toContain('AwsAccountId is not a 12-digit account id');
    expect(asffProblems({ ...asff, Title: undefined })).toContain('Title is missing');
    expect(asffProblems({ ...asff, UpdatedAt: 'yesterday' })).toContain('UpdatedAt is not an ISO 8601 timestamp');
    expect(asffProblems({ ...asff, Description: 'd'.repeat(2000) })).toContain('Description is longer than 1024 characters');
    expect(asffProblems({ ...asff, Resources: [{ Type: 'Other', Id: 'x', Details: { Other: { big: 'b'.repeat(250 * 1024) } } }] })).toContain('the finding is larger than 240 KB');
  });
});

describe('BatchImportFindings batches', () => {
  it('at most 100 findings and 6 MB per request, nothing lost, order kept', async () => {
    const report = await demoReport();
    const one = toAsff(report.findings[0]!, context);
    const small = Array.from({ length: 250 }, (_, i) => ({ ...one, Id: `id-${i}` }));
    const batches = [...importBatches(small)];
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    const big = Array.from({ length: 60 }, (_, i) => ({ ...one, Id: `big-${i}`, ProductFields: { pad: 'p'.repeat(200 * 1024) } }));
    const bigBatches = [...importBatches(big)];
    for (const batch of bigBatches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(bigBatches.flat().map((f) => f.Id)).toEqual(big.map((f) => f.Id));
    expect(bigBatches.length).toBeGreaterThan(1);
  });
});

describe('--security-hub flags', () => {
  it('needs --security-hub for its settings, a region, and a role ARN that is one', () => {
    expect(() => checkSecurityHubFlags({ securityHubRegion: 'eu-west-1' })).toThrow(/--security-hub-region needs --security-hub/);
    expect(checkSecurityHubFlags({ securityHub: true, securityHubRegion: 'eu-west-1' })).toBe('eu-west-1');
    expect(() => checkSecurityHubFlags({ securityHub: true, securityHubRegion: 'nowhere' })).toThrow(/not an AWS region/);
    expect(() => SECURITY_HUB_OPTIONS.securityHubRoleArn.parse('arn:aws:iam::1:user/x')).toThrow(/expected an IAM role ARN/);
    expect(checkSecurityHubFlags({ securityHub: true, securityHubRegion: 'eu-west-1', securityHubRoleArn: 'arn:aws:iam::111122223333:role/sec/squadguard-hub' })).toBe('eu-west-1');
    expect(checkSecurityHubFlags({})).toBeUndefined();
  });
});

describe('Security Hub summary on the terminal', () => {
  it('lists at most 20 problems with the rest counted, every AWS-provided text made inert', async () => {
    const { describeResult } = await import('../../../src/cli/security-hub.js');
    const problems = Array.from({ length: 25 }, (_, i) => ({ id: `id-${i}`, ruleId: 'r', resource: 'arn:aws:s3:::b', code: 'InvalidInput', message: `bad \u001b[31mred\u001b[0m ${i}` }));
    const text = describeResult(
      { region: 'eu-west-1', accountId: '999988887777', productArn: 'p', imported: 3, created: 3, resolved: 0, suppressed: 0, reopened: 0, archived: 0, passesNotSent: 0, rejected: problems, lifecycleFailures: [], apiCalls: { 'SecurityHub.BatchImportFindings': 1 }, throttles: {} },
      '/tmp/x.json',
      true,
    );
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b[31mred');
    expect(text).toContain('rejected by Security Hub (25, all listed in /tmp/x.json):');
    expect(text).toContain('… 5 more');
    expect(text.split('\n').filter((line) => line.startsWith('  id-'))).toHaveLength(20);
    expect(text).toMatch(/imported 3 \(3 new\).*rejected 25/);
  });

  it('says nothing with -q when everything went through', async () => {
    const { describeResult } = await import('../../../src/cli/security-hub.js');
    const ok = { region: 'eu-west-1', accountId: '1', productArn: 'p', imported: 1, created: 1, resolved: 0, suppressed: 0, reopened: 0, archived: 0, passesNotSent: 0, rejected: [], lifecycleFailures: [], apiCalls: {}, throttles: {} };
    expect(describeResult(ok, '/tmp/x.json', true)).toBe('');
    expect(describeResult(ok, '/tmp/x.json', false)).toContain('imported 1');
  });
});
