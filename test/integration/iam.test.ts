import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { iamRules } from '../../src/rules/iam/index.js';
import { iamScanner, reportPolling } from '../../src/scanners/iam.js';
import { MOTO_ACCOUNT, seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';

const json = (value: unknown): string => JSON.stringify(value);
const policy = (...statements: Record<string, unknown>[]) => json({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const trust = (Principal: unknown, Condition?: unknown) =>
  policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal, ...(Condition ? { Condition } : {}) });
const SAGEMAKER_PINNED = trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': MOTO_ACCOUNT } });
const arnOf = (kind: string, name: string) => `arn:aws:iam::${MOTO_ACCOUNT}:${kind}/${name}`;

async function createPolicy(iam: IAMClient, name: string, document: string): Promise<string> {
  return (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
}

async function createRole(iam: IAMClient, name: string, trustPolicy: string, inline?: string): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy }));
  if (inline) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: inline }));
}

/** Seeds serially (moto is not safe under concurrency): one principal per violation, plus compliant ones. */
async function seed(iam: IAMClient): Promise<void> {
  const squadAdmin = await createPolicy(iam, 'squad-admin', policy(allow('*')));
  const boundary = await createPolicy(iam, 'platform-boundary', policy(allow(['s3:Get*', 's3:List*'], 'arn:aws:s3:::squad-a-*')));
  const passAny = await createPolicy(iam, 'pass-any-role', policy(allow('iam:PassRole')));
  await createPolicy(iam, 'squad-s3-wildcard', policy(allow('s3:*', 'arn:aws:s3:::squad-a-*')));

  await createRole(iam, 'squad-a-admin', SAGEMAKER_PINNED);
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'squad-a-admin', PolicyArn: squadAdmin }));
  await createRole(iam, 'squad-a-bounded', SAGEMAKER_PINNED, policy(allow('*')));
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'squad-a-bounded', PermissionsBoundary: boundary }));
  await createRole(iam, 'squad-a-reader', SAGEMAKER_PINNED, policy(allow(['s3:Get*', 's3:List*'], ['arn:aws:s3:::squad-a-data', 'arn:aws:s3:::squad-a-data/*'])));
  // Escalation split over an inline and an attached policy, and a trust without source pinning.
  await createRole(iam, 'squad-a-training', trust({ Service: 'sagemaker.amazonaws.com' }), policy(allow('sagemaker:CreateTrainingJob')));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'squad-a-training', PolicyArn: passAny }));
  await createRole(iam, 'squad-a-writer', SAGEMAKER_PINNED, policy(allow(['s3:PutObject', 'dynamodb:PutItem'], '*', { Condition: { StringEquals: { 'aws:ResourceAccount': MOTO_ACCOUNT } } })));
  await createRole(iam, 'squad-a-secrets', SAGEMAKER_PINNED, policy(allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'])));
  await createRole(iam, 'vendor-access', trust({ AWS: 'arn:aws:iam::999988887777:root' }));
  await createRole(iam, 'public-role', trust('*'));

  await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: squadAdmin }));
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'bob' }));
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'direct', PolicyDocument: policy(allow('s3:GetObject', 'arn:aws:s3:::squad-a-data/*')) }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));

  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, RequireSymbols: false }));
}

const on = (findings: Finding[], name: string, status = 'fail') =>
  findings.filter((finding) => finding.resource.name === name && finding.status === status).map((finding) => finding.ruleId).sort();

const iamCalls = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([operation]) => operation.startsWith('IAM.')));
const total = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);

describe('IAM scanner against moto', () => {
  let moto: MotoServer;
  let iam: IAMClient;
  const savedDelays = reportPolling.delays;

  beforeAll(async () => {
    moto = await startMoto();
    iam = seedClients(moto.endpoint).iam;
    reportPolling.delays = [50, 100, 200];
  });
  afterAll(async () => {
    reportPolling.delays = savedDelays;
    await moto?.stop();
  });

  describe('one principal per violation', () => {
    let findings: Finding[];
    let calls: Record<string, number>;

    beforeAll(async () => {
      await moto.reset();
      await seed(iam);
      const { evaluation, meter } = await scanMoto({ endpoint: moto.endpoint, scanners: [iamScanner], rules: iamRules });
      findings = evaluation.findings;
      calls = iamCalls(meter.calls);
    });

    it('reports admin via an attached customer policy, not when a boundary caps it', () => {
      expect(on(findings, 'squad-a-admin')).toEqual(['iam-no-admin-access', 'iam-role-permission-boundary-required']);
      const admin = findings.find((f) => f.ruleId === 'iam-no-admin-access' && f.resource.name === 'squad-a-admin')!;
      expect(admin.severity).toBe('critical');
      expect(admin.resource.arn).toBe(arnOf('role', 'squad-a-admin'));
      expect(admin.resource.region).toBe('global');
      expect(on(findings, 'squad-a-bounded')).toEqual([]);
      expect(on(findings, 'squad-a-bounded', 'pass')).toContain('iam-no-admin-access');
    });

    it('finds the escalation split over two policies, the unrestricted PassRole and the unpinned service trust', () => {
      expect(on(findings, 'squad-a-training')).toEqual([
        'iam-no-privilege-escalation',
        // sagemaker:CreateTrainingJob accepts training-job ARNs: on * it is an unscoped write.
        'iam-no-unscoped-write',
        'iam-passrole-restricted',
        'iam-role-permission-boundary-required',
        'iam-role-trust-service-confused-deputy',
      ]);
      const escalation = findings.find((f) => f.ruleId === 'iam-no-privilege-escalation' && f.resource.name === 'squad-a-training')!;
      expect(escalation.message).toMatch(/iam:PassRole \+ sagemaker:CreateTrainingJob/);
    });

    it('lowers the severity of conditional grants and keeps reads out of the write rule', () => {
      const writer = findings.find((f) => f.ruleId === 'iam-no-unscoped-write' && f.resource.name === 'squad-a-writer')!;
      expect(writer.status).toBe('fail');
      expect(writer.severity).toBe('medium');
      expect(on(findings, 'squad-a-reader')).toEqual(['iam-role-permission-boundary-required']);
      expect(on(findings, 'squad-a-secrets')).toContain('iam-no-data-exfiltration-on-all');
    });

    it('judges trust policies', () => {
      expect(on(findings, 'vendor-access')).toContain('iam-role-trust-cross-account-external-id');
      expect(on(findings, 'public-role')).toContain('iam-role-trust-not-public');
    });

    it('resolves group policies onto users and reads the credential report', () => {
      expect(on(findings, 'bob')).toEqual(['iam-no-admin-access']);
      expect(on(findings, 'alice')).toEqual(['iam-user-no-access-keys', 'iam-user-no-direct-policies']);
      expect(on(findings, 'alice', 'pass')).toEqual(expect.arrayContaining(['iam-access-key-rotated', 'iam-credentials-unused', 'iam-user-mfa-enabled']));
    });

    it('judges customer managed policies for service wildcards', () => {
      expect(on(findings, 'squad-s3-wildcard')).toEqual(['iam-no-service-wildcard']);
      expect(on(findings, 'squad-admin')).toEqual(['iam-no-service-wildcard']);
    });

    it('reports the weak password policy, and root as an error (moto\'s report has no root row)', () => {
      expect(findings.find((f) => f.ruleId === 'iam-password-policy-strong')?.status).toBe('fail');
      for (const ruleId of ['iam-root-no-access-keys', 'iam-root-mfa-enabled']) {
        const root = findings.filter((f) => f.ruleId === ruleId);
        expect(root.map((f) => f.status)).toEqual(['error']);
        expect(root[0]?.message).toMatch(/RootRowMissing/);
      }
    });

    it('makes a handful of IAM calls for the account, none per principal', () => {
      expect(calls['IAM.GetAccountAuthorizationDetails']).toBe(1);
      expect(calls['IAM.GetCredentialReport']).toBe(1);
      // moto answers STARTED to the first generation request, COMPLETE to the second.
      expect(calls['IAM.GenerateCredentialReport']).toBe(2);
      expect(calls['IAM.GetAccountPasswordPolicy']).toBe(1);
      // Nothing needs the account summary; nothing per principal.
      expect(calls['IAM.GetAccountSummary']).toBeUndefined();
      expect(calls['IAM.ListMFADevices']).toBeUndefined();
      expect(calls['IAM.GetPolicy']).toBeUndefined();
      expect(total(calls)).toBe(5);
    });
  });

  describe('200 roles', () => {
    it('costs the same handful of IAM calls as one role', async () => {
      await moto.reset();
      const shared = await createPolicy(iam, 'squad-shared', policy(allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::squad-a-*/*')));
      for (let i = 0; i < 200; i++) {
        const name = `squad-a-role-${String(i).padStart(3, '0')}`;
        await createRole(iam, name, SAGEMAKER_PINNED, policy(allow(i % 10 === 0 ? 'iam:PassRole' : 'sagemaker:Describe*')));
        await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: shared }));
      }
      const started = performance.now();
      const { evaluation, meter, inventory } = await scanMoto({ endpoint: moto.endpoint, scanners: [iamScanner], rules: iamRules });
      const elapsed = performance.now() - started;
      const calls = iamCalls(meter.calls);
      console.log(`200 roles: ${total(calls)} IAM calls ${json(calls)}, scan + evaluation ${elapsed.toFixed(0)} ms`);
      expect(inventory.resources.filter((r) => r.type === 'aws.iam.role')).toHaveLength(200);
      expect(total(calls)).toBeLessThanOrEqual(5);
      expect(evaluation.findings.filter((f) => f.ruleId === 'iam-passrole-restricted' && f.status === 'fail')).toHaveLength(20);
    });
  });

  describe('when the credential report is denied', () => {
    it('falls back to ListMFADevices per user for MFA, and reports the rest as errors, never pass', async () => {
      await moto.reset();
      await iam.send(new CreateUserCommand({ UserName: 'carol' }));
      await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'auditor',
          PolicyName: 'audit-without-report',
          PolicyDocument: policy(allow(['iam:Get*', 'iam:List*']), { Effect: 'Deny', Action: 'iam:GenerateCredentialReport', Resource: '*' }),
        }),
      );
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
      await moto.enforceIam(0);
      try {
        const { evaluation, meter } = await scanMoto({
          endpoint: moto.endpoint,
          scanners: [iamScanner],
          rules: iamRules.filter((rule) => ['iam-user-mfa-enabled', 'iam-user-no-access-keys', 'iam-root-mfa-enabled'].includes(rule.id)),
          credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
        });
        expect(meter.calls['IAM.GenerateCredentialReport']).toBe(1);
        expect(meter.calls['IAM.GetCredentialReport']).toBeUndefined();
        expect(meter.calls['IAM.ListMFADevices']).toBe(2);
        const statuses = (ruleId: string) => evaluation.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.resource.name}:${f.status}`).sort();
        // No MFA and no way to know whether carol has a console password: error, not fail or pass.
        expect(statuses('iam-user-mfa-enabled')).toEqual(['auditor:error', 'carol:error']);
        expect(statuses('iam-user-no-access-keys')).toEqual(['auditor:error', 'carol:error']);
        expect(statuses('iam-root-mfa-enabled')).toEqual(['root:error']);
        expect(evaluation.findings.find((f) => f.ruleId === 'iam-root-mfa-enabled')?.message).toMatch(/GenerateCredentialReport: AccessDenied/);
      } finally {
        await moto.enforceIam(1_000_000);
      }
    });
  });

  describe('service-last-accessed behind the flag', () => {
    it('records moto\'s 500 as a collection error on every principal after one call', async () => {
      await moto.reset();
      await createRole(iam, 'r1', SAGEMAKER_PINNED);
      await createRole(iam, 'r2', SAGEMAKER_PINNED);
      const { inventory, meter } = await scanMoto({
        endpoint: moto.endpoint,
        scanners: [iamScanner],
        rules: iamRules.filter((rule) => rule.id === 'iam-no-admin-access'),
        scanOptions: { iamLastAccessed: true },
      });
      const roles = inventory.resources.filter((r) => r.type === 'aws.iam.role');
      expect(roles).toHaveLength(2);
      for (const role of roles) {
        expect((role.errors as Record<string, { operation: string; httpStatus?: number }>).serviceLastAccessed).toMatchObject({
          operation: 'IAM.GenerateServiceLastAccessedDetails',
          httpStatus: 500,
        });
      }
      expect(meter.calls['IAM.GenerateServiceLastAccessedDetails']).toBe(1);
    });
  });
});
