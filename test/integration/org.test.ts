import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamActionFor, scanningRolePolicy } from '../../src/aws/scanning-role.js';
import { scanningOperations } from '../../src/scanners/operations.js';
import type { Inventory } from '../../src/model/inventory.js';
import { builtinRules } from '../../src/rules/index.js';
import { motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { AUDIT_ROLE, createScanningUser, memberCredentials, seedOrganization, type SeededMember, type SeededOrg } from '../support/org.js';

let moto: MotoServer;
let org: SeededOrg;

/** Operations made with the caller's own credentials, not the audit role's. */
const CALLER_OPERATIONS = /^(Organizations\.|STS\.AssumeRole$|STS\.GetCallerIdentity$)/;

beforeAll(async () => {
  moto = await startMoto();
  org = await seedOrganization(moto.endpoint);
  // One member gets a resource of every other service, so the scanners call their per-resource APIs too.
  const vision = org.members[0];
  if (!vision) throw new Error('no member');
  const clients = seedClients(moto.endpoint, 'us-east-1', await memberCredentials(moto.endpoint, vision.accountId));
  await clients.kms.send(new CreateKeyCommand({ Description: 'vision data' }));
  const vpc = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
  const group = await clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'open', Description: 'open', VpcId: vpc.Vpc?.VpcId }));
  await clients.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: group.GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  await clients.iam.send(
    new CreateRoleCommand({
      RoleName: 'trainer',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await clients.sagemaker.send(
    new CreateNotebookInstanceCommand({
      NotebookInstanceName: 'vision-nb',
      InstanceType: 'ml.t3.medium',
      RoleArn: `arn:aws:iam::${vision.accountId}:role/trainer`,
    }),
  );
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

describe('squadguard scan --org', () => {
  it('scans every active account through the audit role and attributes violations to account, squad and type', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['scan', '--org', '--region', 'us-east-1', '-p', 'test/fixtures/policies/org-s3.yaml', '--format', 'json', '-o', dir],
      motoEnv(moto.endpoint),
    );
    expect(run.stderr).toContain('exit 1');
    expect(run.code).toBe(1);
    const report = readValidReport(dir);
    const scanned = report.targets.map((target) => target.accountId).sort();
    expect(scanned).toEqual([org.managementAccountId, ...org.members.map((member) => member.accountId)].sort());
    expect(scanned).not.toContain(org.suspendedAccountId);
    expect(report.notes.join('\n')).toContain(`account ${org.suspendedAccountId} (retired) skipped: SUSPENDED`);
    expect(report.collectionErrors).toEqual([]);

    for (const member of org.members) {
      const target = report.targets.find((candidate) => candidate.accountId === member.accountId);
      expect(target).toMatchObject({ name: member.name, squad: member.squad, accountType: member.accountType, regions: ['us-east-1'] });
      expect(target?.ouPath).toBe(member.inOu ? `${org.rootId}/${org.ouId}` : org.rootId);
      const failing = report.findings.filter(
        (finding) => finding.ruleId === 's3-bucket-versioning-enabled' && finding.status === 'fail' && finding.resource.accountId === member.accountId,
      );
      expect(failing.map((finding) => finding.resource.name).sort()).toEqual([...member.buckets].sort());
      for (const finding of failing) {
        expect(finding.squad).toBe(member.squad);
        expect(finding.accountType).toBe(member.accountType);
        expect(finding.resource.arn).toBe(`arn:aws:s3:::${finding.resource.name}`);
      }
    }
    // Roles were assumed once per account, never per call: one AssumeRole per scanned account.
    expect(report.apiCalls['STS.AssumeRole']).toBe(org.members.length + 1);
    expect(report.apiCalls['S3.ListBuckets']).toBe(org.members.length + 1);
  });

  it('--ou limits the scan to the accounts under an OU; --squad-tag reads another tag', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['scan', '--org', '--ou', org.ouId, '--squad-tag', 'team-tag', '--region', 'us-east-1', '-p', 'test/fixtures/policies/org-s3.yaml', '--format', 'json', '-o', dir],
      motoEnv(moto.endpoint),
    );
    expect(run.code).toBe(1);
    const report = readValidReport(dir);
    const inOu = org.members.filter((member) => member.inOu);
    expect(report.targets.map((target) => target.accountId).sort()).toEqual(inOu.map((member) => member.accountId).sort());
    for (const member of inOu) {
      expect(report.targets.find((target) => target.accountId === member.accountId)?.squad).toBe(`${member.squad}-team`);
    }
  });

  it('--region all scans each account\'s enabled regions (one DescribeRegions per account), global services once', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['scan', '--org', '--ou', org.ouId, '--region', 'all', '-p', 'test/fixtures/policies/org-s3.yaml', '--format', 'json', '-o', dir],
      motoEnv(moto.endpoint),
    );
    expect(run.code).toBe(1);
    const report = readValidReport(dir);
    const accounts = report.targets.length;
    for (const target of report.targets) {
      expect(target.regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'ap-southeast-2']));
      expect(target.regions.length).toBeGreaterThan(10);
    }
    expect(report.apiCalls['EC2.DescribeRegions']).toBe(accounts);
    expect(report.apiCalls['S3.ListBuckets']).toBe(accounts);
  });

  it('--accounts-file and --accounts take the accounts, squads and types they are given', async () => {
    const [vision, ranking] = org.members as [SeededMember, SeededMember];
    const dir = tempDir();
    const file = join(dir, 'accounts.yaml');
    writeFileSync(
      file,
      [
        'accountTypes: [research]',
        'defaults: { regions: [us-east-1] }',
        'accounts:',
        `  - { id: "${vision.accountId}", name: vision-lab, squad: vision-research, accountType: research }`,
        `  - { id: "${ranking.accountId}", squad: ranking, accountType: serving-prod, roleName: ${AUDIT_ROLE} }`,
      ].join('\n'),
    );
    const fromFile = await runCli(['scan', '--accounts-file', file, '-p', 'test/fixtures/policies/org-s3.yaml', '--format', 'json', '-o', dir], motoEnv(moto.endpoint));
    expect(fromFile.code).toBe(1);
    const report = readValidReport(dir);
    expect(report.targets.map(({ accountId, name, squad, accountType }) => ({ accountId, name, squad, accountType }))).toEqual([
      { accountId: vision.accountId, name: 'vision-lab', squad: 'vision-research', accountType: 'research' },
      { accountId: ranking.accountId, name: undefined, squad: 'ranking', accountType: 'serving-prod' },
    ]);
    const visionFinding = report.findings.find((finding) => finding.resource.accountId === vision.accountId && finding.status === 'fail');
    expect(visionFinding).toMatchObject({ squad: 'vision-research', accountType: 'research' });

    const listDir = tempDir();
    const listed = await runCli(
      ['scan', '--accounts', ranking.accountId, '--squad', 'ranking', '--account-type', 'serving-prod', '--region', 'us-east-1', '-p', 'test/fixtures/policies/org-s3.yaml', '--format', 'json', '-o', listDir],
      motoEnv(moto.endpoint),
    );
    expect(listed.code).toBe(1);
    const listedReport = readValidReport(listDir);
    expect(listedReport.targets).toEqual([expect.objectContaining({ accountId: ranking.accountId, squad: 'ranking', accountType: 'serving-prod' })]);
    expect(new Set(listedReport.findings.map((finding) => finding.resource.accountId))).toEqual(new Set([ranking.accountId]));

    const invalid = join(dir, 'invalid.yaml');
    writeFileSync(invalid, 'accounts:\n  - id: "12"\n');
    const bad = await runCli(['scan', '--accounts-file', invalid, '--region', 'us-east-1'], motoEnv(moto.endpoint));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/accounts/0/id');
  });

  it('the generated audit-role policy covers every operation the scanners called in the member accounts', async () => {
    const dir = tempDir();
    const output = join(dir, 'inventory.json');
    // Every registered rule on: every registered scanner runs and reads every attribute some rule needs.
    const policy = join(dir, 'all-rules.yaml');
    writeFileSync(policy, `name: all-rules\nrules:\n${builtinRules.map((rule) => `  ${rule.id}: on\n`).join('')}`);
    const run = await runCli(['collect', '--org', '--region', 'us-east-1', '-p', policy, '--output', output], motoEnv(moto.endpoint));
    expect([0, 3], run.stderr).toContain(run.code);
    const inventory = JSON.parse(readFileSync(output, 'utf8')) as Inventory;
    const allowed = new Set(scanningRolePolicy(await scanningOperations()).Statement.flatMap((statement) => statement.Action));
    const called = Object.keys(inventory.apiCalls).filter((operation) => !CALLER_OPERATIONS.test(operation));
    expect(called.length).toBeGreaterThan(5);
    const uncovered = called.filter((operation) => {
      const action = iamActionFor(operation);
      return action !== undefined && !allowed.has(action);
    });
    expect(uncovered).toEqual([]);
  });

  describe('with IAM enforcement (the scanning user may not assume the role in one account)', () => {
    let denied: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      denied = org.members[3]?.accountId ?? '';
      env = motoEnv(moto.endpoint, await createScanningUser(moto.endpoint, denied));
      await moto.enforceIam(0);
    });

    afterAll(async () => {
      await moto.enforceIam(1_000_000_000);
    });

    it('reports the account as a scan error, scans the others, and exits 1 when violations are found', async () => {
      const dir = tempDir();
      const run = await runCli(
        ['scan', '--org', '--region', 'us-east-1', '-p', 'test/fixtures/policies/org-s3.yaml', '--format', 'json', '-o', dir],
        env,
      );
      expect(run.code).toBe(1);
      const report = readValidReport(dir);
      expect(report.collectionErrors).toEqual([
        expect.objectContaining({ accountId: denied, region: '*', service: 'account', operation: 'STS.AssumeRole', code: 'AccessDenied' }),
      ]);
      expect(report.summary.incomplete).toBe(true);
      const ofDenied = report.findings.filter((finding) => finding.resource.accountId === denied);
      expect(ofDenied.length).toBeGreaterThan(0);
      expect(ofDenied.every((finding) => finding.status === 'error')).toBe(true);
      for (const member of org.members.filter((candidate) => candidate.accountId !== denied)) {
        const failing = report.findings.filter(
          (finding) => finding.resource.accountId === member.accountId && finding.ruleId === 's3-bucket-versioning-enabled',
        );
        expect(failing.map((finding) => finding.status)).toEqual(member.buckets.map(() => 'fail'));
      }
    });

    it('exits 3 when the reachable accounts pass but one account could not be scanned', async () => {
      const dir = tempDir();
      const run = await runCli(
        ['scan', '--org', '--region', 'us-east-1', '-p', 'test/fixtures/policies/org-passing.yaml', '--format', 'json', '-o', dir],
        env,
      );
      expect(run.stderr).toContain('exit 3');
      expect(run.code).toBe(3);
      const report = readValidReport(dir);
      expect(report.summary.byStatus.fail).toBe(0);
      expect(report.summary.byStatus.pass).toBe(org.members.filter((m) => m.accountId !== denied).reduce((n, m) => n + m.buckets.length, 0));
      expect(report.collectionErrors.map((error) => error.accountId)).toEqual([denied]);

      const allowed = await runCli(
        ['scan', '--org', '--region', 'us-east-1', '--exclude-accounts', denied, '-p', 'test/fixtures/policies/org-passing.yaml', '--format', 'json', '-o', tempDir()],
        env,
      );
      expect(allowed.code).toBe(0);
    });
  });
});
