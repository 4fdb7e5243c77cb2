import { CreateBucketCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  EnableKeyRotationCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/engine/report.js';
import { validateInventory, validateReport } from '../../src/pipeline/schemas.js';
import type { ResolvedPolicy } from '../../src/policy/types.js';
import type { Finding } from '../../src/model/finding.js';
import type { Inventory } from '../../src/model/inventory.js';
import { kmsRules } from '../../src/rules/kms/index.js';
import { ec2Scanner } from '../../src/scanners/ec2.js';
import { kmsScanner } from '../../src/scanners/kms.js';
import { s3Scanner } from '../../src/scanners/s3.js';
import { MOTO_ACCOUNT, seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';

const OUTSIDER = '999988887777';
const root = (account: string) => ({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });
const policyOf = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

interface KeySetup {
  rotation?: boolean;
  statements?: object[];
  keySpec?: 'SYMMETRIC_DEFAULT' | 'RSA_2048';
  pendingDeletion?: boolean;
}

/**
 * Creates a key named by its alias; rotation on and a policy for the own account only, unless `setup` says
 * otherwise. Returns its ARN; a key pending deletion is scheduled by key id (moto answers 500 to an ARN).
 */
async function seedKey(kms: KMSClient, alias: string, setup: KeySetup = {}): Promise<string> {
  const asymmetric = setup.keySpec === 'RSA_2048';
  const created = await kms.send(new CreateKeyCommand({
    Description: alias,
    KeySpec: setup.keySpec ?? 'SYMMETRIC_DEFAULT',
    KeyUsage: asymmetric ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT',
    Policy: policyOf(root(MOTO_ACCOUNT), ...(setup.statements ?? [])),
  }));
  const keyId = created.KeyMetadata?.KeyId ?? '';
  await kms.send(new CreateAliasCommand({ AliasName: `alias/${alias}`, TargetKeyId: keyId }));
  if (setup.rotation !== false && !asymmetric) await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  if (setup.pendingDeletion) await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  return created.KeyMetadata?.Arn ?? '';
}

/** Alias → the rules its key must fail (and no others). */
const EXPECTED_FAILURES: Record<string, string[]> = {
  'alias/sg-compliant': [],
  'alias/sg-signing': [],
  'alias/sg-no-rotation': ['kms-key-rotation-enabled'],
  'alias/sg-public': ['kms-key-policy-not-public'],
  'alias/sg-cross-account': ['kms-key-policy-no-cross-account'],
  'alias/sg-pending-used': ['kms-key-not-pending-deletion'],
  'alias/sg-pending-unused': ['kms-key-not-pending-deletion'],
};

async function seedKeys(endpoint: string): Promise<void> {
  const { kms, s3 } = seedClients(endpoint);
  await seedKey(kms, 'sg-compliant');
  await seedKey(kms, 'sg-signing', { keySpec: 'RSA_2048' });
  await seedKey(kms, 'sg-no-rotation', { rotation: false });
  await seedKey(kms, 'sg-public', { statements: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] });
  await seedKey(kms, 'sg-cross-account', { statements: [{ ...root(OUTSIDER), Sid: 'Partner', Action: ['kms:Decrypt', 'kms:DescribeKey'] }] });
  const used = await seedKey(kms, 'sg-pending-used', { pendingDeletion: true });
  await seedKey(kms, 'sg-pending-unused', { pendingDeletion: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'sg-encrypted' }));
  await s3.send(new PutBucketEncryptionCommand({
    Bucket: 'sg-encrypted',
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: used } }] },
  }));
}

const keyFindings = (findings: Finding[]) => findings.filter((finding) => finding.resource.type === 'aws.kms.key');

describe('KMS scanner and rules against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  describe('one key per violation', () => {
    let inventory: Inventory;
    let findings: Finding[];
    let evaluation: Evaluation;
    beforeAll(async () => {
      await moto.reset();
      await seedKeys(moto.endpoint);
      // S3 is scanned because the pending-deletion rule looks for keys still in use; EC2 is left out here.
      ({ inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [kmsScanner, s3Scanner], rules: kmsRules }));
      findings = evaluation.findings;
    });

    it('writes a schema-valid inventory and report', () => {
      expect(validateInventory(JSON.parse(JSON.stringify(inventory)))).toEqual([]);
      const policy: ResolvedPolicy = { name: 'test', source: 'test', digest: 'test', rules: new Map(), customRules: [], exceptions: [] };
      const report = buildReport({ inventory, evaluation, policies: [policy], rules: kmsRules });
      expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    });

    it('reports each violation once, on the right key, and nothing else', () => {
      const byKey = new Map<string, string[]>();
      for (const finding of keyFindings(findings).filter((f) => f.status === 'fail')) {
        byKey.set(finding.resource.name, [...(byKey.get(finding.resource.name) ?? []), finding.ruleId]);
        expect(finding.resource.arn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${MOTO_ACCOUNT}:key/`));
      }
      for (const [alias, rules] of Object.entries(EXPECTED_FAILURES)) expect((byKey.get(alias) ?? []).sort(), alias).toEqual(rules);
      expect([...byKey.keys()].filter((alias) => !(alias in EXPECTED_FAILURES))).toEqual([]);
      expect(findings.filter((f) => f.status === 'error')).toEqual([]);
      expect(inventory.errors).toEqual([]);
    });

    it('passes the compliant key on every rule, and judges rotation only where it applies', () => {
      const compliant = keyFindings(findings).filter((f) => f.resource.name === 'alias/sg-compliant');
      expect(compliant.map((f) => `${f.ruleId}:${f.status}`).sort()).toEqual(kmsRules.map((rule) => `${rule.id}:pass`).sort());
      const rotation = (alias: string) => findings.filter((f) => f.ruleId === 'kms-key-rotation-enabled' && f.resource.name === alias);
      expect(rotation('alias/sg-signing')).toEqual([]);
      expect(rotation('alias/sg-pending-used')).toEqual([]);
    });

    it('rates a key pending deletion high while a bucket still uses it, medium otherwise', () => {
      const pending = (alias: string) => findings.find((f) => f.ruleId === 'kms-key-not-pending-deletion' && f.resource.name === alias);
      expect(pending('alias/sg-pending-used')).toMatchObject({ status: 'fail', severity: 'high' });
      expect(pending('alias/sg-pending-used')?.message).toMatch(/arn:aws:s3:::sg-encrypted/);
      expect(pending('alias/sg-pending-unused')).toMatchObject({ status: 'fail', severity: 'medium' });
    });

    it('reads the key model from DescribeKey, the policy parsed', () => {
      const signing = inventory.resources.find((r) => r.name === 'alias/sg-signing');
      expect(signing?.data).toMatchObject({ keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', keyManager: 'CUSTOMER', rotation: null, aliases: ['alias/sg-signing'] });
      const pending = inventory.resources.find((r) => r.name === 'alias/sg-pending-unused');
      expect(pending?.data).toMatchObject({ keyState: 'PendingDeletion', rotation: null });
      expect(pending?.data.deletionDate).toMatch(/^\d{4}-\d\d-\d\dT/);
      const cross = inventory.resources.find((r) => r.name === 'alias/sg-cross-account');
      expect((cross?.data.policy as { Statement: unknown[] }).Statement).toHaveLength(2);
    });

    it('calls per key only what the rules need: DescribeKey, GetKeyPolicy, rotation for eligible keys, aliases once', () => {
      const keys = Object.keys(EXPECTED_FAILURES).length;
      const calls = inventory.apiCalls;
      expect(calls['KMS.ListKeys']).toBe(1);
      expect(calls['KMS.ListAliases']).toBe(1);
      expect(calls['KMS.DescribeKey']).toBe(keys);
      expect(calls['KMS.GetKeyPolicy']).toBe(keys);
      // not the RSA key, not the two keys pending deletion
      expect(calls['KMS.GetKeyRotationStatus']).toBe(keys - 3);
      expect(calls['KMS.ListResourceTags']).toBeUndefined();
      const kmsCalls = Object.entries(calls).filter(([op]) => op.startsWith('KMS.')).reduce((sum, [, n]) => sum + n, 0);
      expect(kmsCalls).toBe(2 + keys * 3 - 3);
    });
  });

  describe('fetches only needed attributes', () => {
    it('rotation alone costs no policy reads and no alias listing', async () => {
      await moto.reset();
      const { kms } = seedClients(moto.endpoint);
      await seedKey(kms, 'sg-only', { rotation: false });
      const rotation = kmsRules.filter((rule) => rule.id === 'kms-key-rotation-enabled');
      const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [kmsScanner], rules: rotation });
      expect(Object.keys(inventory.apiCalls).sort()).toEqual(['KMS.DescribeKey', 'KMS.GetKeyRotationStatus', 'KMS.ListKeys']);
      expect(inventory.resources[0]?.data).not.toHaveProperty('policy');
      expect(evaluation.findings.map((f) => `${f.ruleId}:${f.status}`)).toEqual(['kms-key-rotation-enabled:fail']);
    });
  });

  describe('with the EBS default key unreadable (moto answers GetEbsDefaultKmsKeyId with HTTP 500)', () => {
    it('records a collection error and never rates an unused-looking key pending deletion below high', async () => {
      await moto.reset();
      const { kms } = seedClients(moto.endpoint);
      const arn = await seedKey(kms, 'sg-pending', { pendingDeletion: true });
      const rule = kmsRules.filter((r) => r.id === 'kms-key-not-pending-deletion');
      const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [kmsScanner, ec2Scanner], rules: rule });
      const settings = inventory.resources.find((r) => r.type === 'aws.ec2.region-settings');
      expect(settings?.errors.ebsDefaultKmsKeyId).toMatchObject({ code: 'ServiceError', operation: 'EC2.GetEbsDefaultKmsKeyId', httpStatus: 500 });
      const finding = evaluation.findings.find((f) => f.resource.arn === arn);
      expect(finding).toMatchObject({ status: 'fail', severity: 'high' });
      expect(finding?.message).toMatch(/could not be read/);
    });
  });

  describe('when ListKeys fails', () => {
    it('turns every KMS rule into error for the region, never pass', async () => {
      await moto.reset();
      const { iam, kms } = seedClients(moto.endpoint);
      await seedKey(kms, 'sg-compliant');
      const { CreateUserCommand, CreatePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
      await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
      const policy = await iam.send(new CreatePolicyCommand({
        PolicyName: 'no-kms-list',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:ListKeys', Resource: '*' }] }),
      }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: policy.Policy?.Arn }));
      const keys = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
      const credentials = { accessKeyId: keys.AccessKey?.AccessKeyId ?? '', secretAccessKey: keys.AccessKey?.SecretAccessKey ?? '' };
      await moto.enforceIam(0);
      try {
        const { inventory, evaluation } = await scanMoto({ endpoint: moto.endpoint, scanners: [kmsScanner], rules: kmsRules.slice(0, 3), credentials });
        expect(inventory.errors).toEqual([expect.objectContaining({ service: 'kms', region: 'us-east-1', operation: 'KMS.ListKeys', resourceTypes: ['aws.kms.key'] })]);
        expect(evaluation.findings.map((f) => f.status)).toEqual(['error', 'error', 'error']);
      } finally {
        await moto.enforceIam(1_000_000);
      }
    });
  });
});
