import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { validateInventory } from '../../src/pipeline/schemas.js';
import { builtinRules } from '../../src/rules/index.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';

const DEMO = 'examples/demo-inventory.json';
const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Inventory;
const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

/** Writes a variant of the demo inventory and returns its path. */
function inventoryFile(dir: string, change: (inventory: Inventory) => void): string {
  const copy = structuredClone(demo);
  change(copy);
  const path = join(dir, 'inventory.json');
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** Keeps one bucket, and the account resource with Block Public Access turned on. */
const onlyBucket = (name: string) => (inventory: Inventory) => {
  inventory.resources = inventory.resources.filter((resource) => resource.name === name || resource.type === 'aws.s3.account');
  const blocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  for (const resource of inventory.resources) {
    if (resource.type === 'aws.s3.account') resource.data.publicAccessBlock = blocked;
    else resource.data.accountPublicAccessBlock = blocked;
  }
};

function writePolicy(dir: string, text: string, name = 'policy.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('squadguard CLI (built binary)', () => {
  it('the demo inventory matches the published inventory schema', () => {
    expect(validateInventory(demo)).toEqual([]);
  });

  describe('exit codes', () => {
    it('1 on the demo: unwaived high and critical failures; every format written and the JSON report valid', async () => {
      const dir = tempDir();
      const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', S3_ONLY, '--output-dir', dir, '--format', 'all']);
      expect(run.code, run.stderr).toBe(1);
      const report = readValidReport(dir);
      expect(report.summary.byStatus.fail).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/CRITICAL s3-bucket-policy-not-public/);
      expect(run.stderr).toMatch(/exit 1/);
    });

    it('0 when every check at or above --fail-on passed', async () => {
      const dir = tempDir();
      const inventory = inventoryFile(dir, onlyBucket('claims-fraud-features'));
      const run = await runCli(['evaluate', '--inventory', inventory, '--policy', S3_ONLY, '--output-dir', dir]);
      expect(run.code, run.stderr).toBe(0);
      const report = readValidReport(dir);
      expect(report.findings.length).toBeGreaterThan(0);
      expect(report.findings.every((finding) => finding.status === 'pass')).toBe(true);
    });

    it('0 with --fail-on critical when only lower failures exist, 1 with the default', async () => {
      const dir = tempDir();
      const inventory = inventoryFile(dir, onlyBucket('claims-fraud-training-data'));
      expect((await runCli(['evaluate', '--inventory', inventory, '--policy', S3_ONLY, '--output-dir', dir, '--fail-on', 'critical'])).code).toBe(0);
      expect((await runCli(['evaluate', '--inventory', inventory, '--policy', S3_ONLY, '--output-dir', dir])).code).toBe(1);
    });

    it('3 when collection was incomplete and nothing failed; 0 with --allow-incomplete', async () => {
      const dir = tempDir();
      const inventory = inventoryFile(dir, (copy) => {
        onlyBucket('claims-fraud-features')(copy);
        const bucket = copy.resources.find((resource) => resource.type === 'aws.s3.bucket');
        if (!bucket) throw new Error('demo bucket missing');
        delete bucket.data.policy;
        bucket.errors = { policy: { code: 'AccessDenied', message: 'not authorized to perform s3:GetBucketPolicy', operation: 'S3.GetBucketPolicy', httpStatus: 403 } };
      });
      const run = await runCli(['evaluate', '--inventory', inventory, '--policy', S3_ONLY, '--output-dir', dir]);
      expect(run.code, run.stderr).toBe(3);
      const report = readValidReport(dir);
      const errors = report.findings.filter((finding) => finding.status === 'error').map((finding) => finding.ruleId).sort();
      expect(errors).toEqual(['s3-bucket-no-cross-account-access', 's3-bucket-policy-not-public', 's3-bucket-tls-only']);
      expect(report.collectionErrors).toMatchObject([{ code: 'AccessDenied', attribute: 'policy' }]);
      expect((await runCli(['evaluate', '--inventory', inventory, '--policy', S3_ONLY, '--output-dir', dir, '--allow-incomplete'])).code).toBe(0);
    });

    it('2 for an unreadable or invalid inventory, naming the file; nothing is written', async () => {
      const dir = tempDir();
      const missing = await runCli(['evaluate', '--inventory', join(dir, 'nope.json'), '--output-dir', dir]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/nope\.json/);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ schemaVersion: 1, resources: 'many' }));
      const invalid = await runCli(['evaluate', '--inventory', bad, '--output-dir', dir]);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/bad\.json/);
      expect(existsSync(join(dir, 'squadguard-report.json'))).toBe(false);
    });

    it('2 for bad flags', async () => {
      expect((await runCli(['evaluate', '--inventory', DEMO, '--fail-on', 'severe'])).code).toBe(2);
      expect((await runCli(['evaluate', '--inventory', DEMO, '--format', 'pdf'])).code).toBe(2);
      expect((await runCli(['frobnicate'])).code).toBe(2);
    });
  });

  describe('policy errors exit 2 naming the file and the JSON path', () => {
    let dir: string;
    beforeAll(() => {
      dir = tempDir();
    });

    it('a typo in a rule id, with a suggestion', async () => {
      const path = writePolicy(dir, 'name: typo\nextends: platform-baseline\nrules:\n  s3-bucket-versionig-enabled: off\n');
      const run = await runCli(['evaluate', '--inventory', DEMO, '--policy', path, '--output-dir', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(path);
      expect(run.stderr).toContain('/rules/s3-bucket-versionig-enabled');
      expect(run.stderr).toMatch(/did you mean "s3-bucket-versioning-enabled"/);
    });

    it('an unknown field', async () => {
      const path = writePolicy(dir, 'name: extra\nrulez: {}\n', 'unknown-field.yaml');
      const run = await runCli(['validate-policy', path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(path);
      expect(run.stderr).toMatch(/rulez/);
    });

    it('a param that breaks the rule\'s param schema', async () => {
      const path = writePolicy(dir, 'name: params\nrules:\n  s3-bucket-kms-encryption:\n    params:\n      allowedKeyArns: [not-an-arn]\n', 'params.yaml');
      const run = await runCli(['validate-policy', path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(path);
      expect(run.stderr).toContain('/rules/s3-bucket-kms-encryption/params/allowedKeyArns/0');
    });

    it('malformed YAML, with the line', async () => {
      const path = writePolicy(dir, 'name: broken\nrules:\n  s3-bucket-tls-only: [on\n', 'malformed.yaml');
      const run = await runCli(['validate-policy', path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(path);
      expect(run.stderr).toMatch(/line \d+/i);
    });

    it('a valid policy is reported valid with its rule count', async () => {
      const run = await runCli(['validate-policy', 'policies/platform-baseline.yaml']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`${builtinRules.length} rules enabled`));
    });
  });

  describe('waivers', () => {
    const waiverPolicy = (expires: string) => `name: squad-waivers
extends: ${process.cwd()}/${S3_ONLY}
exceptions:
  - rule: s3-bucket-kms-encryption
    resources: ["arn:aws:s3:::claims-fraud-training-data"]
    reason: migration to the squad key planned for sprint 42
    owner: claims-fraud@example.com
    expires: "${expires}"
`;

    it('a waiver in force turns its finding waived: exit 0 when it was the only failure', async () => {
      const dir = tempDir();
      const inventory = inventoryFile(dir, onlyBucket('claims-fraud-training-data'));
      const policy = writePolicy(dir, waiverPolicy('2099-12-31'));
      const run = await runCli(['evaluate', '--inventory', inventory, '--policy', policy, '--output-dir', dir]);
      expect(run.code, run.stderr).toBe(0);
      const report = readValidReport(dir);
      const waived = report.findings.find((finding) => finding.ruleId === 's3-bucket-kms-encryption');
      expect(waived).toMatchObject({ status: 'waived', waiver: { owner: 'claims-fraud@example.com', expires: '2099-12-31' } });
    });

    it('an expired waiver no longer applies: the finding fails and the report says the waiver expired', async () => {
      const dir = tempDir();
      const inventory = inventoryFile(dir, onlyBucket('claims-fraud-training-data'));
      const policy = writePolicy(dir, waiverPolicy('2025-01-31'));
      const run = await runCli(['evaluate', '--inventory', inventory, '--policy', policy, '--output-dir', dir]);
      expect(run.code).toBe(1);
      const report = readValidReport(dir);
      const failed = report.findings.find((finding) => finding.ruleId === 's3-bucket-kms-encryption');
      expect(failed).toMatchObject({ status: 'fail', expiredWaiver: { expires: '2025-01-31' } });
      expect(report.waivers.expired).toHaveLength(1);
      expect(run.stdout).toMatch(/expired/i);
    });

    it('a waiver that matches nothing is reported stale', async () => {
      const dir = tempDir();
      const inventory = inventoryFile(dir, onlyBucket('claims-fraud-features'));
      const policy = writePolicy(dir, waiverPolicy('2099-12-31'));
      const run = await runCli(['evaluate', '--inventory', inventory, '--policy', policy, '--output-dir', dir]);
      expect(run.code).toBe(0);
      expect(readValidReport(dir).waivers.stale).toHaveLength(1);
    });
  });

  describe('the account directory (--directory)', () => {
    const external = (dir: string) =>
      readValidReport(dir).findings.filter((f) => f.ruleId === 'isolation-no-external-access' && f.resource.name === 'claims-fraud-partner-share');

    it('without it a grant to an unlisted account cannot be judged (error); with the organization\'s accounts it fails as external', async () => {
      const alone = tempDir();
      // Exit 1 all the same: the public bucket is external whatever the directory says.
      expect((await runCli(['evaluate', '--inventory', DEMO, '-p', 'test/fixtures/policies/isolation.yaml', '-o', alone])).code).toBe(1);
      expect(external(alone).map((f) => f.status)).toEqual(['error']);
      const known = tempDir();
      const run = await runCli(['evaluate', '--inventory', DEMO, '-p', 'test/fixtures/policies/isolation.yaml', '--directory', 'examples/organization-accounts.yaml', '-o', known]);
      expect(run.code, run.stderr).toBe(1);
      expect(external(known).map((f) => `${f.status} ${f.severity}`)).toEqual(['fail critical']);
      const map = readValidReport(known).accessMap;
      expect(map?.accounts.find((account) => account.accountId === '444455556666')).toEqual({ accountId: '444455556666', known: false });
      expect(map?.accounts.filter((account) => account.known)).toHaveLength(10);
    });

    it('an invalid directory file exits 2 naming it', async () => {
      const dir = tempDir();
      const bad = writePolicy(dir, 'accounts:\n  - { id: "12345" }\n', 'accounts.yaml');
      const run = await runCli(['evaluate', '--inventory', DEMO, '--directory', bad, '-o', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(bad);
    });
  });

  describe('information commands', () => {
    it('rules lists every built-in rule with its state', async () => {
      const run = await runCli(['rules']);
      expect(run.code).toBe(0);
      for (const rule of builtinRules) expect(run.stdout).toContain(rule.id);
    });

    it('explain prints a rule\'s documentation; an unknown id exits 2 with a suggestion', async () => {
      const run = await runCli(['explain', 's3-bucket-tls-only']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/aws:SecureTransport/);
      expect(run.stdout).toMatch(/S3\.5/);
      const unknown = await runCli(['explain', 's3-bucket-tls']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/did you mean/);
    });

    it('scan without credentials or region exits 2 with a clear message, not a stack trace', async () => {
      const run = await runCli(['scan', '--output-dir', tempDir()], { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stderr.length).toBeGreaterThan(10);
    });
  });
});
