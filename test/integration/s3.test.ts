import { DeleteBucketPolicyCommand, PutBucketAclCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { s3Rules } from '../../src/rules/s3/index.js';
import { s3Scanner } from '../../src/scanners/s3.js';
import { MOTO_ACCOUNT, motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';
import { seedAuditorWithoutBucketPolicies, seedBucket, seedViolations } from '../support/s3-seed.js';

const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

/** Bucket → the rules it must fail (and no others). */
const EXPECTED_FAILURES: Record<string, string[]> = {
  'sg-compliant': [],
  'sg-access-logs': [],
  'sg-no-bucket-pab': ['s3-bucket-public-access-blocked'],
  'sg-public-policy': ['s3-bucket-public-access-blocked', 's3-bucket-policy-not-public'],
  'sg-public-acl': ['s3-bucket-public-access-blocked', 's3-bucket-acl-not-public', 's3-bucket-acls-disabled'],
  'sg-no-encryption': ['s3-bucket-kms-encryption'],
  'sg-sse-s3': ['s3-bucket-kms-encryption'],
  'sg-no-tls': ['s3-bucket-tls-only'],
  'sg-cross-account': ['s3-bucket-no-cross-account-access'],
  'sg-unversioned': ['s3-bucket-versioning-enabled'],
  'sg-unlogged': ['s3-bucket-access-logging-enabled'],
};

const SEVERITY: Record<string, string> = Object.fromEntries(s3Rules.map((rule) => [rule.id, rule.severity]));


const failuresOf = (report: Report) => report.findings.filter((finding) => finding.status === 'fail');

describe('S3 scanner against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  describe('one bucket per violation, scanned by the CLI', () => {
    let output: string;
    let code: number | null;
    let report: Report;

    beforeAll(async () => {
      await moto.reset();
      await seedViolations(moto.endpoint);
      output = tempDir();
      const run = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', output, '--format', 'json'], motoEnv(moto.endpoint));
      code = run.code;
      report = readValidReport(output);
    });

    it('reports each violation once, on the right bucket, with the rule severity, and exits 1', () => {
      expect(code).toBe(1);
      const byBucket = new Map<string, string[]>();
      for (const finding of failuresOf(report)) {
        if (finding.resource.type !== 'aws.s3.bucket') continue;
        byBucket.set(finding.resource.name, [...(byBucket.get(finding.resource.name) ?? []), finding.ruleId]);
        expect(finding.severity).toBe(SEVERITY[finding.ruleId]);
        expect(finding.resource.arn).toBe(`arn:aws:s3:::${finding.resource.name}`);
        expect(finding.resource.accountId).toBe(MOTO_ACCOUNT);
        expect(finding.resource.region).toBe('us-east-1');
      }
      for (const [bucket, rules] of Object.entries(EXPECTED_FAILURES)) {
        expect((byBucket.get(bucket) ?? []).sort(), bucket).toEqual([...rules].sort());
      }
      expect([...byBucket.keys()].every((bucket) => bucket in EXPECTED_FAILURES)).toBe(true);
    });

    it('judges the account-level public access block on the account resource', () => {
      const account = report.findings.filter((finding) => finding.ruleId === 's3-account-public-access-blocked');
      expect(account).toHaveLength(1);
      expect(account[0]).toMatchObject({ status: 'fail', severity: 'high' });
      expect(account[0]?.resource.accountId).toBe(MOTO_ACCOUNT);
    });

    it('lists passes too: every (bucket-rule, bucket) pair was evaluated', () => {
      const bucketRules = s3Rules.filter((rule) => rule.resourceType === 'aws.s3.bucket');
      const buckets = Object.keys(EXPECTED_FAILURES);
      const bucketFindings = report.findings.filter((finding) => finding.resource.type === 'aws.s3.bucket');
      expect(bucketFindings).toHaveLength(bucketRules.length * buckets.length);
      expect(report.collectionErrors).toEqual([]);
      const compliant = report.findings.filter((finding) => finding.resource.name === 'sg-compliant');
      expect(compliant.map((finding) => finding.status)).toEqual(compliant.map(() => 'pass'));
    });

    it('costs at most one call per needed attribute per bucket, plus listing calls', () => {
      const buckets = Object.keys(EXPECTED_FAILURES).length;
      const perBucket = ['GetPublicAccessBlock', 'GetBucketPolicy', 'GetBucketAcl', 'GetBucketEncryption', 'GetBucketVersioning', 'GetBucketLogging', 'GetBucketOwnershipControls'];
      for (const operation of perBucket) expect(report.apiCalls[`S3.${operation}`], operation).toBe(buckets);
      // moto's ListBuckets omits BucketRegion, so the scanner asks GetBucketLocation once per bucket; real S3 answers it in the list.
      expect(report.apiCalls['S3.GetBucketLocation'] ?? 0).toBeLessThanOrEqual(buckets);
      const s3Calls = Object.entries(report.apiCalls).filter(([operation]) => operation.startsWith('S3.')).reduce((sum, [, n]) => sum + n, 0);
      const listing = report.apiCalls['S3.ListBuckets'] ?? 0;
      expect(listing).toBeGreaterThanOrEqual(1);
      expect(s3Calls - listing).toBeLessThanOrEqual(buckets * (1 + perBucket.length));
      expect(report.apiCalls['S3.GetBucketTagging'] ?? 0).toBe(0);
    });

    it('exits 0 with --fail-on critical once only high and lower findings remain', async () => {
      const { s3 } = seedClients(moto.endpoint);
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'sg-public-policy' }));
      await s3.send(new PutBucketAclCommand({ Bucket: 'sg-public-acl', ACL: 'private' }));
      const dir = tempDir();
      const critical = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json', '--fail-on', 'critical'], motoEnv(moto.endpoint));
      expect(critical.code, critical.stderr).toBe(0);
      const after = readValidReport(dir);
      expect(failuresOf(after).some((finding) => finding.severity === 'high')).toBe(true);
      expect(failuresOf(after).some((finding) => finding.severity === 'critical')).toBe(false);
      const high = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json'], motoEnv(moto.endpoint));
      expect(high.code).toBe(1);
    });
  });

  describe('library path', () => {
    it('fetches only the attributes the enabled rules need', async () => {
      await moto.reset();
      const { s3, kms } = seedClients(moto.endpoint);
      const key = await kms.send(new CreateKeyCommand({}));
      await seedBucket(s3, 'sg-only', key.KeyMetadata?.Arn ?? '', { logging: false });
      const encryptionRule = s3Rules.filter((rule) => rule.id === 's3-bucket-kms-encryption');
      const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [s3Scanner], rules: encryptionRule });
      const operations = Object.keys(inventory.apiCalls).filter((operation) => operation.startsWith('S3.'));
      // GetBucketLocation only where the list lacks the region (moto); nothing else per bucket.
      expect(operations).toEqual(expect.arrayContaining(['S3.GetBucketEncryption', 'S3.ListBuckets']));
      expect(operations.filter((op) => !['S3.GetBucketEncryption', 'S3.GetBucketLocation', 'S3.ListBuckets'].includes(op))).toEqual([]);
      expect(inventory.apiCalls['S3.GetBucketPolicy']).toBeUndefined();
      const bucket = inventory.resources.find((resource) => resource.name === 'sg-only');
      expect(bucket?.data).toHaveProperty('encryption');
      expect(bucket?.data).not.toHaveProperty('policy');
      expect(evaluation.findings.map((finding: Finding) => finding.status)).toEqual(['pass']);
    });
  });

  describe('when bucket policies cannot be read', () => {
    it('reports error for the rules that need them and exits 3, never pass', async () => {
      await moto.reset();
      const credentials = await seedAuditorWithoutBucketPolicies(moto.endpoint);

      await moto.enforceIam(0);
      try {
        const dir = tempDir();
        const run = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json'], motoEnv(moto.endpoint, credentials));
        const report = readValidReport(dir);
        expect(run.code, run.stderr).toBe(3);
        const policyRules = ['s3-bucket-policy-not-public', 's3-bucket-tls-only', 's3-bucket-no-cross-account-access'];
        for (const rule of policyRules) {
          const findings = report.findings.filter((finding) => finding.ruleId === rule);
          expect(findings.length, rule).toBe(2);
          expect(findings.map((finding) => finding.status), rule).toEqual(['error', 'error']);
          expect(findings[0]?.message).toMatch(/AccessDenied/);
        }
        expect(report.findings.filter((finding) => finding.status === 'fail')).toEqual([]);
        expect(report.collectionErrors.some((error) => error.code === 'AccessDenied' && error.attribute === 'policy')).toBe(true);
        expect(report.summary.incomplete).toBe(true);
        const allowed = await runCli(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', dir, '--format', 'json', '--allow-incomplete'], motoEnv(moto.endpoint, credentials));
        expect(allowed.code).toBe(0);
      } finally {
        await moto.enforceIam(1_000_000);
      }
    });
  });
});
