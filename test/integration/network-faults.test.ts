/**
 * Network faults end to end: the built CLI against moto behind the loopback fault proxy. A single account
 * whose services do not answer, an identity call that cannot connect, usage errors found before any call,
 * and organization scans in which some accounts are cut off while the others are scanned completely.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateAccountCommand, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir, type CliRun } from '../support/cli.js';
import { closedPort, startFaultServer, type Fault, type FaultRequest, type FaultServer } from '../support/fault-server.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { createAuditRole, memberCredentials } from '../support/org.js';

const POLICY = 'test/fixtures/policies/org-s3.yaml';
const MEMBER_COUNT = 11;
/**
 * --account-timeout in the deadline tests: long enough for a healthy account to finish through moto on a
 * loaded CI machine (eight accounts at once), far shorter than the 120 s request timeout.
 */
const DEADLINE = 10;

let moto: MotoServer;
let members: string[];
let managementAccountId: string;
let proxy: FaultServer | undefined;

/** An organization of 12 active accounts (management + 11 members), one unversioned bucket and the audit role in each. */
async function seedTwelveAccounts(endpoint: string): Promise<string[]> {
  const { organizations, s3 } = seedClients(endpoint);
  const created = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  managementAccountId = created.Organization?.MasterAccountId ?? '';
  const ids: string[] = [];
  for (let i = 0; i < MEMBER_COUNT; i++) {
    const account = await organizations.send(
      new CreateAccountCommand({ AccountName: `squad-${i}`, Email: `squad-${i}@example.com`, Tags: [{ Key: 'squad', Value: `squad-${i}` }] }),
    );
    const accountId = account.CreateAccountStatus?.AccountId ?? '';
    const credentials = await memberCredentials(endpoint, accountId);
    await seedClients(endpoint, 'us-east-1', credentials).s3.send(new CreateBucketCommand({ Bucket: `data-${accountId}` }));
    await createAuditRole(endpoint, credentials);
    ids.push(accountId);
  }
  await s3.send(new CreateBucketCommand({ Bucket: `data-${managementAccountId}` }));
  await createAuditRole(endpoint);
  return ids;
}

beforeAll(async () => {
  moto = await startMoto();
  members = await seedTwelveAccounts(moto.endpoint);
}, 180_000);

afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

afterAll(async () => {
  await moto?.stop();
});

async function timed(run: () => Promise<CliRun>): Promise<CliRun & { seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await run();
  return { ...result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function orgScan(args: string[], dir: string): Promise<CliRun & { seconds: number }> {
  const endpoint = proxy?.endpoint ?? moto.endpoint;
  return timed(() => runCli(['scan', '--org', '--region', 'us-east-1', '-p', POLICY, '--format', 'json', '-o', dir, ...args], motoEnv(endpoint)));
}

function findingsOf(report: Report, accountId: string) {
  return report.findings.filter((finding) => finding.resource.accountId === accountId);
}

/** Every account but the cut-off ones was scanned completely: its bucket judged, nothing in error. */
function expectCompleteExcept(report: Report, cutOff: string[]): void {
  const complete = [managementAccountId, ...members].filter((id) => !cutOff.includes(id));
  expect(report.targets).toHaveLength(MEMBER_COUNT + 1);
  for (const accountId of complete) {
    const findings = findingsOf(report, accountId);
    expect(findings.length, accountId).toBeGreaterThan(0);
    expect(findings.filter((finding) => finding.status === 'error').map((f) => [f.ruleId, f.resource.arn, f.message]), accountId).toEqual([]);
    expect(findings.some((finding) => finding.ruleId === 's3-bucket-versioning-enabled' && finding.status === 'fail'), accountId).toBe(true);
  }
  expect(new Set(report.collectionErrors.map((error) => error.accountId))).toEqual(new Set(cutOff));
  for (const accountId of cutOff) {
    const findings = findingsOf(report, accountId);
    expect(findings.length, accountId).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.status === 'error'), accountId).toBe(true);
  }
}

describe('an organization scan with an account behind a never-answering endpoint', () => {
  it('--account-timeout ends the stuck account at its deadline; the 11 other accounts complete and the report is written', async () => {
    const stuck = members[4] ?? '';
    proxy = await startFaultServer({ upstream: moto.endpoint, fault: (request) => (request.accountId === stuck ? 'silent' : 'pass') });
    const dir = tempDir();
    // The request timeout (120 s) is far beyond the deadline: only the deadline can end this account.
    const run = await orgScan(['--account-timeout', String(DEADLINE), '--request-timeout', '120'], dir);
    console.info(`12-account org scan, one account stuck, --account-timeout ${DEADLINE}: ${run.seconds.toFixed(1)} s`);
    expect(run.code, run.stderr).toBe(1);
    const report = readValidReport(dir);
    expectCompleteExcept(report, [stuck]);
    expect(report.collectionErrors.length).toBeGreaterThan(0);
    for (const error of report.collectionErrors) {
      expect(error).toMatchObject({ accountId: stuck, code: 'AccountTimeout', message: expect.stringContaining(`--account-timeout of ${DEADLINE} s passed before the`) });
    }
    expect(proxy.faulted).toBeGreaterThan(0);
  });

  it('an account stuck while its role is assumed is one AccountTimeout naming STS.AssumeRole', async () => {
    const stuck = members[7] ?? '';
    proxy = await startFaultServer({ upstream: moto.endpoint, fault: (request) => (request.assumeRoleAccount === stuck ? 'silent' : 'pass') });
    const dir = tempDir();
    const run = await orgScan(['--account-timeout', String(DEADLINE), '--request-timeout', '120'], dir);
    console.info(`12-account org scan, one AssumeRole stuck, --account-timeout ${DEADLINE}: ${run.seconds.toFixed(1)} s`);
    expect(run.code, run.stderr).toBe(1);
    const report = readValidReport(dir);
    expectCompleteExcept(report, [stuck]);
    expect(report.collectionErrors).toEqual([
      expect.objectContaining({ accountId: stuck, region: '*', service: 'account', code: 'AccountTimeout', operation: 'STS.AssumeRole' }),
    ]);
  });

  it('each kind of fault on one account each (and a reset AssumeRole): named causes with host:port, the other accounts complete', async () => {
    const faults: Array<[string, Exclude<Fault, 'pass'>, string, RegExp]> = [
      [members[0] ?? '', 'silent', 'Timeout', /no answer from 127\.0\.0\.1:\d+ within 1 s \(--request-timeout\)/],
      [members[1] ?? '', 'stall-body', 'Timeout', /127\.0\.0\.1:\d+ stopped sending for 1 s/],
      [members[2] ?? '', 'reset', 'ConnectionReset', /127\.0\.0\.1:\d+ reset the connection/],
      [members[3] ?? '', 'partial-close', 'ConnectionReset', /127\.0\.0\.1:\d+ closed the connection before the answer was complete/],
      [members[5] ?? '', 'garbage', 'InvalidResponse', /127\.0\.0\.1:\d+ answered something that is not HTTP/],
    ];
    const faultOf = new Map(faults.map(([accountId, fault]) => [accountId, fault]));
    const resetAssumeRole = members[6] ?? '';
    proxy = await startFaultServer({
      upstream: moto.endpoint,
      fault: (request: FaultRequest) => {
        if (request.assumeRoleAccount === resetAssumeRole) return 'reset';
        return request.accountId ? (faultOf.get(request.accountId) ?? 'pass') : 'pass';
      },
    });
    const dir = tempDir();
    const run = await orgScan(['--request-timeout', '1'], dir);
    console.info(`12-account org scan, six accounts with one fault each, --request-timeout 1: ${run.seconds.toFixed(1)} s`);
    expect(run.code, run.stderr).toBe(1);
    const report = readValidReport(dir);
    expectCompleteExcept(report, [...faults.map(([accountId]) => accountId), resetAssumeRole]);
    // A network failure on one account's AssumeRole is that account's error, named as such.
    expect(report.collectionErrors.filter((error) => error.accountId === resetAssumeRole)).toEqual([
      expect.objectContaining({
        service: 'account',
        region: '*',
        operation: 'STS.AssumeRole',
        code: 'ConnectionReset',
        message: `cannot assume arn:aws:iam::${resetAssumeRole}:role/squadguard-audit: STS.AssumeRole: 127.0.0.1:${proxy.port} reset the connection (ECONNRESET)`,
      }),
    ]);
    for (const [accountId, , code, message] of faults) {
      const errors = report.collectionErrors.filter((error) => error.accountId === accountId);
      expect(errors.length, accountId).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.code, `${accountId} ${error.operation}`).toBe(code);
        expect(error.message).toMatch(message);
        expect(error.message).toContain(`${error.operation}: `);
        expect(error.message).toContain(`127.0.0.1:${proxy.port}`);
      }
    }
  });
});

describe('a single account', () => {
  it('services that never answer: Timeout errors with host:port, the rules that needed them report error, exit 3', async () => {
    proxy = await startFaultServer({ upstream: moto.endpoint, fault: (request) => (request.service === 'sts' ? 'pass' : 'silent') });
    const dir = tempDir();
    const run = await timed(() =>
      runCli(['scan', '--region', 'us-east-1', '-p', POLICY, '--format', 'json', '-o', dir, '--request-timeout', '1'], motoEnv(proxy?.endpoint ?? '')),
    );
    console.info(`single account, every service silent, --request-timeout 1: ${run.seconds.toFixed(1)} s`);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('exit 3');
    const report = readValidReport(dir);
    expect(report.collectionErrors.length).toBeGreaterThan(0);
    for (const error of report.collectionErrors) {
      expect(error.code).toBe('Timeout');
      expect(error.message).toMatch(new RegExp(`^${error.operation.replace('.', '\\.')}: no answer from 127\\.0\\.0\\.1:${proxy.port} within 1 s`));
    }
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((finding) => finding.status === 'error')).toBe(true);
  });

  it('an identity or organization call that cannot connect names the network failure, not the credentials (exit 2)', async () => {
    const port = await closedPort();
    const refused = await timed(() => runCli(['scan', '--region', 'us-east-1', '-p', POLICY, '-o', tempDir()], motoEnv(`http://127.0.0.1:${port}`)));
    console.info(`single account, identity call refused: ${refused.seconds.toFixed(1)} s`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`squadguard: cannot reach AWS: ConnectionRefused: STS.GetCallerIdentity: connection refused by 127.0.0.1:${port}`);
    expect(refused.stderr).not.toMatch(/credential/i);
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const organization = await runCli(['scan', '--org', '--region', 'us-east-1', '-p', POLICY, '-o', tempDir()], motoEnv(`http://127.0.0.1:${port}`));
    expect(organization.code).toBe(2);
    expect(organization.stderr).toContain(
      `squadguard: cannot reach AWS Organizations: ConnectionRefused: Organizations.DescribeOrganization: connection refused by 127.0.0.1:${port}`,
    );

    proxy = await startFaultServer({ fault: 'silent' });
    const silent = await timed(() =>
      runCli(['scan', '--region', 'us-east-1', '-p', POLICY, '-o', tempDir(), '--request-timeout', '1'], motoEnv(proxy?.endpoint ?? '')),
    );
    console.info(`single account, identity call silent, --request-timeout 1: ${silent.seconds.toFixed(1)} s`);
    expect(silent.code).toBe(2);
    expect(silent.stderr).toMatch(/cannot reach AWS: Timeout: STS\.GetCallerIdentity: no answer from 127\.0\.0\.1:\d+ within 1 s/);
  });

  it('an invalid endpoint URL or an unknown region is a usage error before any call', async () => {
    proxy = await startFaultServer({ fault: 'silent' });
    const { AWS_ENDPOINT_URL: _all, ...env } = motoEnv(proxy.endpoint);
    const badUrl = await runCli(['scan', '--region', 'us-east-1', '--endpoint-url', 'http//127.0.0.1:4566', '-p', POLICY], {
      ...env,
      AWS_ENDPOINT_URL_STS: proxy.endpoint,
    });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('squadguard: --endpoint-url: "http//127.0.0.1:4566" is not a URL');
    const badEnv = await runCli(['scan', '--region', 'us-east-1', '-p', POLICY], { ...env, AWS_ENDPOINT_URL_STS: proxy.endpoint, AWS_ENDPOINT_URL_S3: 'localhost:4566' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('AWS_ENDPOINT_URL_S3: "localhost:4566" must start with http:// or https://');
    // Only STS is redirected (to the fault server): a custom region would send the other services to AWS.
    const typo = await runCli(['scan', '--region', 'eu-centrl-1', '-p', POLICY], { ...env, AWS_ENDPOINT_URL_STS: proxy.endpoint });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--region: unknown region "eu-centrl-1" (did you mean eu-central-1?)');
    const envTypo = await runCli(['scan', '-p', POLICY], { ...env, AWS_ENDPOINT_URL_STS: proxy.endpoint, AWS_REGION: 'us-est-1' });
    expect(envTypo.code).toBe(2);
    expect(envTypo.stderr).toContain('AWS_REGION: unknown region "us-est-1" (did you mean us-east-1?)');
    expect(proxy.faulted).toBe(0);

    const noRegion = await runCli(['scan', '-p', POLICY], { ...env, AWS_ENDPOINT_URL_STS: proxy.endpoint, AWS_REGION: '' });
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toContain('AWS_DEFAULT_REGION');
  });

  it('a custom region is accepted with an endpoint URL', async () => {
    const dir = tempDir();
    const run = await runCli(['scan', '--region', 'eu-private-1', '-p', POLICY, '--format', 'json', '-o', dir], motoEnv(moto.endpoint));
    expect([0, 1, 3], run.stderr).toContain(run.code);
    expect(readValidReport(dir).targets[0]?.regions).toEqual(['eu-private-1']);
  });
});
