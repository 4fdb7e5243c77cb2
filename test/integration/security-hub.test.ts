import { CreateBucketCommand, DeleteBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type BatchUpdateFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import type { MiddlewareStack } from '@smithy/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asffProblems } from '../../src/integrations/asff.js';
import type { Report } from '../../src/model/report.js';
import { sendToSecurityHub, type SinkResult } from '../../src/sinks/security-hub.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT, motoEnv, seedClients } from '../support/aws.js';
import { readValidReport, runCli, tempDir } from '../support/cli.js';
import { demoReport } from '../support/demo-report.js';
import { startMoto, type MotoServer } from '../support/moto.js';

/**
 * The Security Hub sink against moto's Security Hub. moto 5.x implements EnableSecurityHub,
 * BatchImportFindings (it rejects only findings without resources) and GetFindings (filters ignored: the
 * sink filters again), but not BatchUpdateFindings — the test's hub client emulates that call (workflow and
 * note written back through a re-import, as Security Hub would apply them); the product is unchanged.
 */
let moto: MotoServer;
const REGION = 'us-east-1';
const PRODUCT = `arn:aws:securityhub:${REGION}:${MOTO_ACCOUNT}:product/${MOTO_ACCOUNT}/default`;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  await plainClient().send(new EnableSecurityHubCommand({}));
});

function plainClient(): SecurityHubClient {
  return new SecurityHubClient({ endpoint: moto.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
}

async function allFindings(): Promise<AwsSecurityFinding[]> {
  const client = plainClient();
  const findings: AwsSecurityFinding[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetFindingsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
    findings.push(...(page.Findings ?? []));
    token = page.NextToken;
  } while (token);
  return findings;
}

/** A hub client whose BatchUpdateFindings is emulated (moto gap); optional fault injection for imports. */
function hubClient(options: { breakImport?: (findings: AwsSecurityFinding[]) => void } = {}): SecurityHubClient {
  const client = plainClient();
  const stack = client.middlewareStack as unknown as MiddlewareStack<object, object>;
  stack.add(
    (next, context) => async (args) => {
      const input = (args as { input: { Findings?: AwsSecurityFinding[] } }).input;
      if ((context as { commandName?: string }).commandName === 'BatchImportFindingsCommand' && options.breakImport) options.breakImport(input.Findings ?? []);
      return next(args);
    },
    { step: 'initialize', name: 'breakImport', priority: 'low' }, // before serialization
  );
  stack.add(
    (next, context) => async (args) => {
      const name = (context as { commandName?: string }).commandName;
      const input = (args as { input: unknown }).input;
      if (name !== 'BatchUpdateFindingsCommand') return next(args);
      const update = input as BatchUpdateFindingsCommandInput;
      const held = new Map((await allFindings()).map((finding) => [finding.Id, finding]));
      const processed = [];
      const unprocessed = [];
      const changed: AwsSecurityFinding[] = [];
      for (const identifier of update.FindingIdentifiers ?? []) {
        const finding = held.get(identifier.Id);
        if (!finding) {
          unprocessed.push({ FindingIdentifier: identifier, ErrorCode: 'FindingNotFound', ErrorMessage: 'no such finding' });
          continue;
        }
        const note = update.Note ? { Text: update.Note.Text, UpdatedBy: update.Note.UpdatedBy, UpdatedAt: new Date().toISOString() } : finding.Note;
        changed.push({ ...finding, Workflow: update.Workflow ?? finding.Workflow, ...(note ? { Note: note } : {}) });
        processed.push(identifier);
      }
      if (changed.length > 0) await plainClient().send(new BatchImportFindingsCommand({ Findings: changed }));
      return { output: { $metadata: {}, ProcessedFindings: processed, UnprocessedFindings: unprocessed }, response: {} } as never;
    },
    { step: 'build', name: 'motoBatchUpdateFindings', priority: 'high' }, // after the sink's call meter
  );
  return client;
}

const send = (report: Report, client = hubClient()): Promise<SinkResult> =>
  sendToSecurityHub(report, { region: REGION, client, endpoint: moto.endpoint, maxAttempts: 1, credentials: DUMMY_CREDENTIALS });

describe('Security Hub sink against moto', () => {
  it('imports the demo: failures FAILED, undecided never PASSED, passes not sent; resources, squad and account type on each', async () => {
    const report = await demoReport();
    const result = await send(report);
    const failing = report.findings.filter((f) => f.status === 'fail');
    const errors = report.findings.filter((f) => f.status === 'error');
    expect(result.rejected).toEqual([]);
    expect(result.fatal).toBeUndefined();
    expect(result.accountId).toBe(MOTO_ACCOUNT);
    expect(result.imported).toBe(failing.length + errors.length);
    expect(result.created).toBe(result.imported);
    expect(result.passesNotSent).toBe(report.findings.filter((f) => f.status === 'pass').length);
    expect(result.apiCalls['SecurityHub.BatchImportFindings']).toBe(Math.ceil(result.imported / 100));

    const held = new Map((await allFindings()).map((finding) => [finding.Id, finding]));
    expect(held.size).toBe(result.imported);
    for (const finding of failing) {
      const asff = held.get(finding.fingerprint);
      expect(asff, finding.fingerprint).toBeDefined();
      expect(asff!.Compliance?.Status).toBe('FAILED');
      expect(asff!.Resources?.[0]?.Id).toBe(finding.resource.arn);
      expect(asff!.GeneratorId).toBe(finding.ruleId);
      expect(asff!.ProductArn).toBe(PRODUCT);
      expect(asff!.ProductFields).toMatchObject({ 'squadguard/Squad': 'claims-fraud', 'squadguard/AccountType': 'modeling', 'squadguard/AccountId': finding.resource.accountId });
      expect(asffProblems(asff!)).toEqual([]);
    }
    for (const finding of errors) expect(['NOT_AVAILABLE', 'WARNING']).toContain(held.get(finding.fingerprint)!.Compliance?.Status);
  });

  it('lifecycle on the demo: a fix resolves, a waiver suppresses with its owner and reason, a gone resource is archived', async () => {
    const report = await demoReport();
    await send(report);
    const [fixed, waived, gone] = report.findings.filter((f) => f.status === 'fail');
    const next: Report = structuredClone(report);
    next.findings = next.findings
      .filter((f) => f.fingerprint !== gone!.fingerprint)
      .map((f) => {
        if (f.fingerprint === fixed!.fingerprint) return { ...f, status: 'pass' as const };
        if (f.fingerprint === waived!.fingerprint) {
          return { ...f, status: 'waived' as const, waiver: { reason: 'migration in sprint 42', owner: 'claims-fraud@example.com', expires: '2027-01-31', daysToExpiry: 62, policy: 'claims-fraud' } };
        }
        return f;
      });
    const result = await send(next);
    expect(result.rejected).toEqual([]);
    expect(result.lifecycleFailures).toEqual([]);
    expect([result.resolved, result.suppressed, result.archived]).toEqual([1, 1, 1]);
    const held = new Map((await allFindings()).map((finding) => [finding.Id, finding]));
    expect(held.get(fixed!.fingerprint)).toMatchObject({ Compliance: { Status: 'PASSED' }, Workflow: { Status: 'RESOLVED' }, RecordState: 'ACTIVE' });
    const suppressed = held.get(waived!.fingerprint)!;
    expect(suppressed).toMatchObject({ Compliance: { Status: 'FAILED' }, Workflow: { Status: 'SUPPRESSED' } });
    expect(suppressed.Note?.Text).toContain('claims-fraud@example.com');
    expect(suppressed.Note?.Text).toContain('migration in sprint 42');
    expect(held.get(gone!.fingerprint)?.RecordState).toBe('ARCHIVED');

    // The waiver is removed: squadguard's suppression is lifted (NEW); the fixed finding is left alone.
    const third = await send(report);
    expect(third.reopened).toBe(2); // the waived one, and the one squadguard had resolved that fails again
    const after = new Map((await allFindings()).map((finding) => [finding.Id, finding]));
    expect(after.get(waived!.fingerprint)?.Workflow?.Status).toBe('NEW');
    expect(after.get(fixed!.fingerprint)).toMatchObject({ Compliance: { Status: 'FAILED' }, Workflow: { Status: 'NEW' } });
  });

  it("an analyst's suppression is theirs: a fix does not resolve it and squadguard never reopens it", async () => {
    const report = await demoReport();
    await send(report);
    const [mine, theirs] = report.findings.filter((f) => f.status === 'fail');
    const { BatchUpdateFindingsCommand } = await import('@aws-sdk/client-securityhub');
    await hubClient().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: theirs!.fingerprint, ProductArn: PRODUCT }],
        Workflow: { Status: 'SUPPRESSED' },
        Note: { Text: 'accepted risk, see JIRA-42', UpdatedBy: 'analyst@example.com' },
      }),
    );
    const next: Report = structuredClone(report);
    next.findings = next.findings.map((f) => (f.fingerprint === mine!.fingerprint || f.fingerprint === theirs!.fingerprint ? { ...f, status: 'pass' as const } : f));
    const result = await send(next);
    expect(result.resolved).toBe(1);
    const held = new Map((await allFindings()).map((finding) => [finding.Id, finding]));
    expect(held.get(mine!.fingerprint)?.Workflow?.Status).toBe('RESOLVED');
    expect(held.get(theirs!.fingerprint)).toMatchObject({ Compliance: { Status: 'PASSED' }, Workflow: { Status: 'SUPPRESSED' }, Note: { UpdatedBy: 'analyst@example.com' } });
    // failing again: squadguard reopens its own resolution, not the analyst's suppression
    const again = await send(report);
    expect(again.reopened).toBe(1);
    const after = new Map((await allFindings()).map((finding) => [finding.Id, finding]));
    expect(after.get(mine!.fingerprint)?.Workflow?.Status).toBe('NEW');
    expect(after.get(theirs!.fingerprint)?.Workflow?.Status).toBe('SUPPRESSED');
  });

  it('API calls per 1,000 findings: 12 to import them, 21 to refresh them, 31 when all of them are fixed', async () => {
    const report = await demoReport();
    const template = report.findings.find((f) => f.status === 'fail' && f.resource.type === 'aws.s3.bucket')!;
    const many: Report = {
      ...report,
      findings: Array.from({ length: 1000 }, (_, i) => ({
        ...template,
        fingerprint: `f${String(i).padStart(31, '0')}`,
        resource: { ...template.resource, arn: `arn:aws:s3:::bucket-${i}`, name: `bucket-${i}` },
      })),
    };
    const first = await send(many);
    expect(first.imported).toBe(1000);
    expect(first.apiCalls).toEqual({ 'STS.GetCallerIdentity': 1, 'SecurityHub.GetFindings': 1, 'SecurityHub.BatchImportFindings': 10 });
    const again = await send(many); // nothing changed: refreshed, no workflow update
    expect(again.apiCalls).toEqual({ 'STS.GetCallerIdentity': 1, 'SecurityHub.GetFindings': 10, 'SecurityHub.BatchImportFindings': 10 });
    expect([again.imported, again.created]).toEqual([1000, 0]);
    const fixed: Report = { ...many, findings: many.findings.map((f) => ({ ...f, status: 'pass' as const })) };
    const second = await send(fixed);
    expect(second.resolved).toBe(1000);
    expect(second.apiCalls).toEqual({ 'STS.GetCallerIdentity': 1, 'SecurityHub.GetFindings': 10, 'SecurityHub.BatchImportFindings': 10, 'SecurityHub.BatchUpdateFindings': 10 });
  });

  it('a batch with one finding Security Hub rejects: that one is listed, the rest imported', async () => {
    const report = await demoReport();
    const victim = report.findings.find((f) => f.status === 'fail')!;
    const client = hubClient({
      breakImport: (findings) => {
        const target = findings.find((finding) => finding.Id === victim.fingerprint);
        if (target) target.Resources = [];
      },
    });
    const result = await send(report, client);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ id: victim.fingerprint, ruleId: victim.ruleId, resource: victim.resource.arn, code: 'InvalidInput' });
    const held = await allFindings();
    expect(held).toHaveLength(result.imported);
    expect(held.some((finding) => finding.Id === victim.fingerprint)).toBe(false);
    expect(result.imported).toBe(report.findings.filter((f) => f.status === 'fail' || f.status === 'error').length - 1);
  });

  it('CLI: scan --security-hub imports; fix one bucket and delete another, scan again: PASSED and ARCHIVED; moto cannot set the workflow, so exit 3 lists it', async () => {
    const { s3 } = seedClients(moto.endpoint);
    for (const bucket of ['hub-a', 'hub-b', 'hub-c']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const args = ['scan', '--region', REGION, '-p', 'test/fixtures/policies/versioning-gate.yaml', '--format', 'json', '--security-hub', '--security-hub-max-attempts', '1'];
    const first = tempDir();
    const run1 = await runCli([...args, '-o', first], motoEnv(moto.endpoint));
    expect(run1.code, run1.stderr).toBe(1);
    expect(run1.stderr).toMatch(/security hub us-east-1 \(account 123456789012\): imported 3 \(3 new\)/);
    const byBucket = async () => new Map((await allFindings()).map((finding) => [finding.Resources?.[0]?.Id, finding]));
    expect([...(await byBucket()).values()].map((finding) => finding.Compliance?.Status)).toEqual(['FAILED', 'FAILED', 'FAILED']);

    await s3.send(new PutBucketVersioningCommand({ Bucket: 'hub-a', VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'hub-b' }));
    const second = tempDir();
    const run2 = await runCli([...args, '-o', second], motoEnv(moto.endpoint));
    expect(run2.code, run2.stderr).toBe(1); // hub-c still fails
    const held = await byBucket();
    expect(held.get('arn:aws:s3:::hub-a')?.Compliance?.Status).toBe('PASSED');
    expect(held.get('arn:aws:s3:::hub-b')?.RecordState).toBe('ARCHIVED');
    expect(held.get('arn:aws:s3:::hub-c')?.Compliance?.Status).toBe('FAILED');
    // moto has no BatchUpdateFindings: the RESOLVED workflow could not be set, and that is said, not hidden.
    expect(run2.stderr).toContain('lifecycle updates that failed (1');
    const written = JSON.parse(readFileSync(join(second, 'squadguard-security-hub.json'), 'utf8')) as SinkResult;
    expect(written.lifecycleFailures[0]?.resource).toBe('arn:aws:s3:::hub-a');
    expect(written.archived).toBe(1);

    // The same report through a hub that has the call (emulated): the fixed finding becomes RESOLVED.
    const report = readValidReport(second);
    const result = await send(report);
    expect(result.resolved).toBe(1);
    expect((await byBucket()).get('arn:aws:s3:::hub-a')?.Workflow?.Status).toBe('RESOLVED');

    // Nothing fails any more: the gate passes, but the lifecycle update moto cannot make exits 3.
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'hub-c', VersioningConfiguration: { Status: 'Enabled' } }));
    const run3 = await runCli([...args, '-o', tempDir()], motoEnv(moto.endpoint));
    expect(run3.code, run3.stderr).toBe(3);
    expect(run3.stderr).toContain('lifecycle updates that failed');
  });

  it('an unreachable hub: nothing sent, every finding listed as not sent, exit 3 after the reports are written', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['evaluate', '--inventory', 'examples/demo-inventory.json', '--format', 'json', '-o', dir, '--exit-zero', '--security-hub', '--security-hub-region', REGION, '--security-hub-max-attempts', '1'],
      { ...motoEnv('http://127.0.0.1:9'), AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    );
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/security hub us-east-1: cannot tell which account/);
    expect(readValidReport(dir).findings.length).toBeGreaterThan(0);
    const written = JSON.parse(readFileSync(join(dir, 'squadguard-security-hub.json'), 'utf8')) as SinkResult;
    expect(written.rejected.length).toBeGreaterThan(0);
    expect(written.rejected.every((problem) => problem.code === 'NotSent')).toBe(true);
  });
});
