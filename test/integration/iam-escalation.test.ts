/**
 * The escalation graph, the catalogue additions, resource-aware matching and decided date conditions against
 * moto, through the real IAM scanner: nothing here may cost an IAM call more than the account already does.
 */
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
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
const trust = (Principal: unknown) => policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal });
const SAGEMAKER = trust({ Service: 'sagemaker.amazonaws.com' });
const arnOf = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT}:role/${name}`;

async function createRole(iam: IAMClient, name: string, trustPolicy: string, inline?: string): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy }));
  if (inline) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: inline }));
}

/** Seeds serially (moto is not safe under concurrency). */
async function seed(iam: IAMClient): Promise<void> {
  // A chain: start → hop → platform-admin, each trust naming the previous role (same account: no identity grant needed).
  await createRole(iam, 'start', SAGEMAKER, policy(allow('s3:GetObject', 'arn:aws:s3:::squad-a-data/*')));
  await createRole(iam, 'hop', trust({ AWS: arnOf('start') }), policy(allow('s3:GetObject', 'arn:aws:s3:::squad-a-data/*')));
  const admin = (await iam.send(new CreatePolicyCommand({ PolicyName: 'platform-admin', PolicyDocument: policy(allow('*')) }))).Policy!.Arn!;
  await createRole(iam, 'platform-admin', trust({ AWS: arnOf('hop') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'platform-admin', PolicyArn: admin }));
  // Target-dependent catalogue additions.
  await createRole(iam, 'instance-connect', SAGEMAKER, policy(allow(['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances'])));
  await createRole(iam, 'stack-updater', SAGEMAKER, policy(allow(['cloudformation:UpdateStack', 'cloudformation:DescribeStacks'])));
  // Resource-aware: versions of AWS managed policies can never be written.
  await createRole(iam, 'aws-policy-versions', SAGEMAKER, policy(allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion'], 'arn:aws:iam::aws:policy/*')));
  // Date conditions decided with the scan's clock.
  await createRole(iam, 'expired-admin', SAGEMAKER, policy(allow('*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } })));
  await createRole(iam, 'opened-admin', SAGEMAKER, policy(allow('*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } })));
}

const find = (findings: Finding[], ruleId: string, name: string) => findings.find((f) => f.ruleId === ruleId && f.resource.name === name);
const iamCalls = (calls: Record<string, number>) => Object.fromEntries(Object.entries(calls).filter(([operation]) => operation.startsWith('IAM.')));

describe('IAM escalation against moto', () => {
  let moto: MotoServer;
  let findings: Finding[];
  let calls: Record<string, number>;
  const savedDelays = reportPolling.delays;

  beforeAll(async () => {
    moto = await startMoto();
    reportPolling.delays = [50, 100, 200];
    await seed(seedClients(moto.endpoint).iam);
    const result = await scanMoto({ endpoint: moto.endpoint, scanners: [iamScanner], rules: iamRules });
    findings = result.evaluation.findings;
    calls = iamCalls(result.meter.calls);
  });
  afterAll(async () => {
    reportPolling.delays = savedDelays;
    await moto?.stop();
  });

  it('follows a role chain to an admin role, with the shortest chain as evidence', () => {
    const start = find(findings, 'iam-no-privilege-escalation', 'start')!;
    expect(start.status).toBe('fail');
    expect(start.severity).toBe('high');
    const chain = start.evidence?.chain as { length: number; goal: { principal: string }; hops: Array<{ from: string; to: string; via: string }> };
    expect(chain.length).toBe(2);
    expect(chain.hops.map((hop) => [hop.from, hop.to, hop.via])).toEqual([
      [arnOf('start'), arnOf('hop'), 'assume-role'],
      [arnOf('hop'), arnOf('platform-admin'), 'assume-role'],
    ]);
    expect(chain.goal.principal).toBe(arnOf('platform-admin'));
    expect(find(findings, 'iam-no-privilege-escalation', 'hop')?.status).toBe('fail');
  });

  it('reports Instance Connect and stack updates as target-dependent paths', () => {
    const connect = find(findings, 'iam-no-privilege-escalation', 'instance-connect')!;
    expect([connect.status, connect.severity]).toEqual(['fail', 'medium']);
    expect((connect.evidence?.paths as Array<{ id: string }>).map((path) => path.id)).toContain('ec2-instance-connect');
    const stack = find(findings, 'iam-no-privilege-escalation', 'stack-updater')!;
    expect([stack.status, stack.severity]).toEqual(['fail', 'medium']);
    expect((stack.evidence?.paths as Array<{ id: string }>).map((path) => path.id)).toContain('cloudformation-update-stack');
  });

  it('does not report policy-version grants on AWS managed policies', () => {
    expect(find(findings, 'iam-no-privilege-escalation', 'aws-policy-versions')?.status).toBe('pass');
  });

  it('decides date conditions with the scan clock', () => {
    expect(find(findings, 'iam-no-admin-access', 'expired-admin')?.status).toBe('pass');
    const opened = find(findings, 'iam-no-admin-access', 'opened-admin')!;
    expect([opened.status, opened.severity]).toEqual(['fail', 'critical']);
    expect(json(opened.evidence)).toMatch(/condition decided at scan time/);
  });

  it('costs no IAM call beyond the account-level handful', () => {
    expect(calls['IAM.GetAccountAuthorizationDetails']).toBe(1);
    expect(calls['IAM.GetPolicy']).toBeUndefined();
    expect(calls['IAM.ListMFADevices']).toBeUndefined();
    expect(Object.values(calls).reduce((sum, n) => sum + n, 0)).toBe(5);
  });
});
