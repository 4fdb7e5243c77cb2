import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeOrganizationCommand, TagResourceCommand } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessMap } from '../../src/model/access-map.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { MOTO_ACCOUNT, motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { projectRoot } from '../support/paths.js';
import { createAuditRole, memberCredentials } from '../support/org.js';

const POLICY = 'test/fixtures/policies/isolation.yaml';
const OUTSIDER = '999988887777';
const TYPES = ['modeling', 'tooling', 'serving-nonprod', 'serving-prod'] as const;

interface Account {
  accountId: string;
  credentials: AwsCredentialIdentity;
}

let moto: MotoServer;
let orgId: string;
const squads: Record<string, Record<string, Account>> = {};
let dataLake: Account;

const rootOf = (account: Account) => ({ AWS: `arn:aws:iam::${account.accountId}:root` });

async function createMember(name: string, tags: Record<string, string>): Promise<Account> {
  const { organizations } = seedClients(moto.endpoint);
  const created = await organizations.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
  );
  const accountId = created.CreateAccountStatus?.AccountId ?? '';
  const credentials = await memberCredentials(moto.endpoint, accountId);
  await createAuditRole(moto.endpoint, credentials);
  return { accountId, credentials };
}

async function bucket(owner: Account, name: string, statements: object[]): Promise<void> {
  const { s3 } = seedClients(moto.endpoint, 'us-east-1', owner.credentials);
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
}

async function role(owner: Account, name: string, trusted: Account, permissions = true): Promise<void> {
  const { iam } = seedClients(moto.endpoint, 'us-east-1', owner.credentials);
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Deploy', Effect: 'Allow', Principal: rootOf(trusted), Action: 'sts:AssumeRole' }] }),
    }),
  );
  if (!permissions) return;
  // What assuming the role grants is what the role may do: a deploy role writes.
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'deploy',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint'], Resource: '*' }] }),
    }),
  );
}

const objects = (name: string) => [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`];

beforeAll(async () => {
  moto = await startMoto();
  const { organizations } = seedClients(moto.endpoint);
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  orgId = (await organizations.send(new DescribeOrganizationCommand({}))).Organization?.Id ?? '';
  // The management account runs the audit: a platform (security) account of the directory.
  await organizations.send(new TagResourceCommand({ ResourceId: MOTO_ACCOUNT, Tags: [{ Key: 'account-type', Value: 'security' }] }));
  await createAuditRole(moto.endpoint);
  for (const squad of ['fraud', 'pricing']) {
    squads[squad] = {};
    for (const type of TYPES) squads[squad][type] = await createMember(`${squad}-${type}`, { squad, 'account-type': type });
  }
  dataLake = await createMember('data-lake', { 'account-type': 'data-lake' });
  const fraud = squads.fraud as Record<(typeof TYPES)[number], Account>;
  const pricing = squads.pricing as Record<(typeof TYPES)[number], Account>;

  await bucket(fraud.modeling, 'fraud-artifacts', [
    { Sid: 'ServingReads', Effect: 'Allow', Principal: rootOf(fraud['serving-prod']), Action: ['s3:GetObject', 's3:ListBucket'], Resource: objects('fraud-artifacts') },
    { Sid: 'ServingWrites', Effect: 'Allow', Principal: rootOf(fraud['serving-prod']), Action: 's3:PutObject', Resource: 'arn:aws:s3:::fraud-artifacts/*' },
  ]);
  await bucket(fraud.modeling, 'fraud-features', [
    { Sid: 'PricingReads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${pricing.modeling.accountId}:role/feature-reader` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::fraud-features/*' },
  ]);
  await bucket(fraud.modeling, 'fraud-shared', [
    { Sid: 'OrgReads', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::fraud-shared/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } },
  ]);
  await bucket(fraud.modeling, 'fraud-fenced', [
    { Sid: 'PricingReads', Effect: 'Allow', Principal: rootOf(pricing.tooling), Action: 's3:GetObject', Resource: 'arn:aws:s3:::fraud-fenced/*' },
    { Sid: 'NoPricing', Effect: 'Deny', Principal: rootOf(pricing.tooling), Action: 's3:*', Resource: objects('fraud-fenced') },
  ]);
  const { kms } = seedClients(moto.endpoint, 'us-east-1', fraud.modeling.credentials);
  await kms.send(
    new CreateKeyCommand({
      Description: 'model artifacts',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Admin', Effect: 'Allow', Principal: rootOf(fraud.modeling), Action: 'kms:*', Resource: '*' },
          { Sid: 'ReinsurerDecrypt', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` }, Action: 'kms:Decrypt', Resource: '*' },
        ],
      }),
    }),
  );
  await role(fraud['serving-prod'], 'deploy', fraud.tooling);
  await role(fraud['serving-prod'], 'deploy-from-modeling', fraud.modeling);
  // No permissions yet: the trust alone is a standing path along a flow that allows nothing.
  await role(fraud['serving-prod'], 'standing-from-modeling', fraud.modeling, false);
  await bucket(dataLake, 'lake-curated', [
    { Sid: 'OrgReads', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:ListBucket'], Resource: objects('lake-curated'), Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } },
  ]);
}, 180_000);

afterAll(async () => {
  await moto?.stop();
});

function scan(extra: string[] = []) {
  const dir = tempDir();
  return runCli(['scan', '--org', '--region', 'us-east-1', '-p', POLICY, '--format', 'json', '-o', dir, ...extra], motoEnv(moto.endpoint)).then((run) => ({ run, dir }));
}

const on = (report: Report, arn: string, ruleId: string): Finding[] =>
  report.findings.filter((finding) => finding.resource.arn === arn && finding.ruleId === ruleId);
const statusBySid = (findings: Finding[]): Record<string, string> =>
  Object.fromEntries(findings.map((finding) => [String((finding.evidence?.edge as { statement: { sid?: string } } | undefined)?.statement.sid), finding.status]));

describe('squad isolation across an organization (scan --org)', () => {
  let report: Report;
  let code: number | null;
  let dir: string;

  beforeAll(async () => {
    const result = await scan();
    code = result.run.code;
    dir = result.dir;
    report = readValidReport(dir);
  }, 120_000);

  it('judges every seeded grant as the platform expects, exit 1', () => {
    expect(code).toBe(1);
    const fraud = squads.fraud as Record<string, Account>;
    const prodRoles = `arn:aws:iam::${fraud['serving-prod']?.accountId}:role`;
    // A serving-prod deploy role trusting its own squad's tooling account: every isolation rule passes.
    expect(report.findings.filter((f) => f.resource.arn === `${prodRoles}/deploy`).map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    // A serving-prod role trusting its squad's modeling account: fails the flow.
    expect(on(report, `${prodRoles}/deploy-from-modeling`, 'isolation-flow-allowed').map((f) => f.status)).toEqual(['fail']);
    // The same trust into a role that holds no permissions today: still a standing path, still a failure.
    const standing = on(report, `${prodRoles}/standing-from-modeling`, 'isolation-flow-allowed');
    expect(standing.map((f) => f.status)).toEqual(['fail']);
    expect(standing[0]?.message).toMatch(/no permissions today.*modeling->serving-prod .*allows nothing.*standing path/);
    expect(standing[0]?.evidence).toMatchObject({ edge: { accessLevels: [], levelsFrom: 'role-permissions' }, standingPath: { flow: 'modeling->serving-prod', allowed: [] } });
    // The modeling bucket: readable by its serving-prod (pass), writable by it (fail, flow).
    expect(statusBySid(on(report, 'arn:aws:s3:::fraud-artifacts', 'isolation-flow-allowed'))).toEqual({ ServingReads: 'pass', ServingWrites: 'fail' });
    // Readable by the other squad's role: cross-squad, with the grantee as the directory knows it.
    const crossSquad = on(report, 'arn:aws:s3:::fraud-features', 'isolation-no-cross-squad-access');
    expect(crossSquad.map((f) => f.status)).toEqual(['fail']);
    expect(crossSquad[0]?.evidence?.edge).toMatchObject({ granteeAccount: { squad: 'pricing', accountType: 'modeling', name: 'pricing-modeling' }, statement: { sid: 'PricingReads' } });
    // kms:Decrypt to an account outside the organization: external, critical.
    const external = report.findings.filter((f) => f.ruleId === 'isolation-no-external-access' && f.resource.type === 'aws.kms.key' && f.status === 'fail');
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({ severity: 'critical', message: expect.stringContaining(OUTSIDER) });
    // aws:PrincipalOrgID in a squad account fails; the same in the data lake passes.
    expect(on(report, 'arn:aws:s3:::fraud-shared', 'isolation-no-org-wide-grant').map((f) => f.status)).toEqual(['fail']);
    expect(on(report, 'arn:aws:s3:::lake-curated', 'isolation-no-org-wide-grant').map((f) => f.status)).toEqual(['pass']);
    // A grant to another squad that an explicit Deny removes: no edge, pass.
    const fenced = report.findings.filter((f) => f.resource.arn === 'arn:aws:s3:::fraud-fenced');
    expect(fenced.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(fenced[0]?.message).toMatch(/grants nothing to other accounts/);
  });

  it('the access map carries every edge, unknown accounts included, and access-map prints it', async () => {
    const map = report.accessMap as AccessMap;
    expect(map.accounts.find((account) => account.accountId === OUTSIDER)).toEqual({ accountId: OUTSIDER, known: false });
    expect(map.accounts.filter((account) => account.squad === 'fraud')).toHaveLength(4);
    const classes: Record<string, number> = {};
    for (const edge of map.edges) classes[edge.classification] = (classes[edge.classification] ?? 0) + 1;
    expect(classes['external']).toBe(1);
    expect(classes['cross-squad']).toBe(1);
    expect(classes['org-wide']).toBe(1);
    expect(classes['same-squad']).toBe(5);
    expect(map.edges.some((edge) => edge.resource.name === 'fraud-fenced')).toBe(false);
    const artifacts = join(projectRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'isolation-edges-by-class.json'), `${JSON.stringify({ edges: map.edges.length, classes }, null, 2)}\n`);

    const table = await runCli(['access-map', '--report', join(dir, 'squadguard-report.json'), '--failed']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`FAIL .*${OUTSIDER} \\(unknown\\)`));
    expect(table.stdout).toContain('arn:aws:s3:::fraud-features');
    // An edge that conveys nothing today says so instead of an empty access column.
    expect(table.stdout).toMatch(/FAIL .*same-squad\s+none today\s+arn:aws:iam::\d{12}:role\/standing-from-modeling/);
    const json = await runCli(['access-map', '--report', join(dir, 'squadguard-report.json'), '--format', 'json']);
    expect((JSON.parse(json.stdout) as AccessMap).edges).toHaveLength(map.edges.length);
  });

  it('two shards merged give the same isolation findings as the unsharded scan', async () => {
    const shards = [await scan(['--shard', '1/2']), await scan(['--shard', '2/2'])];
    for (const shard of shards) expect([0, 1], shard.run.stderr).toContain(shard.run.code);
    const out = tempDir();
    const merged = await runCli(['merge', ...shards.map((shard) => join(shard.dir, 'squadguard-report.json')), '--format', 'json', '-o', out], motoEnv(moto.endpoint));
    expect(merged.code).toBe(1);
    const combined = readValidReport(out);
    const judged = (r: Report) => r.findings.map((f) => `${f.fingerprint} ${f.status} ${f.severity}`).sort();
    expect(judged(combined)).toEqual(judged(report));
    expect(combined.accessMap?.edges.length).toBe(report.accessMap?.edges.length);
  });
});
