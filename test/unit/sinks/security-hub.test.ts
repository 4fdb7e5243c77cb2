import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_FIELD, NOTE_AUTHOR, REGION_FIELD, TOOL_FIELD, productArn, toAsff } from '../../../src/integrations/asff.js';
import type { Report } from '../../../src/model/report.js';
import { sendToSecurityHub } from '../../../src/sinks/security-hub.js';
import { inReportOrder, viewOf } from '../reporters/finding-list.js';
import { sampleReport } from '../reporters/sample-report.js';

const HUB = '999988887777';
const REGION = 'us-east-1';
const NOW = new Date('2026-11-24T12:30:00Z');
const context = { region: REGION, accountId: HUB, partition: 'aws', now: '2026-11-20T00:00:00.000Z', toolVersion: '0.0.0' };

/** A hub holding `held`, that accepts every import and update and records the requests (no SDK, no network). */
function fakeHub(held: AwsSecurityFinding[], options: { denyReads?: boolean } = {}) {
  const imported: AwsSecurityFinding[][] = [];
  const updated: string[][] = [];
  const client = {
    middlewareStack: { add: () => undefined },
    send: async (command: unknown) => {
      if (command instanceof GetFindingsCommand) {
        if (options.denyReads) throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
        return { Findings: held };
      }
      if (command instanceof BatchImportFindingsCommand) {
        imported.push(command.input.Findings ?? []);
        return { FailedCount: 0, FailedFindings: [] };
      }
      if (command instanceof BatchUpdateFindingsCommand) {
        updated.push((command.input.FindingIdentifiers ?? []).map((id) => id.Id ?? ''));
        return { UnprocessedFindings: [] };
      }
      throw new Error('unexpected command');
    },
  };
  return { client: client as unknown as SecurityHubClient, imported, updated };
}

/** The sample report, with the hub holding: its waived finding (still NEW: to suppress) and a finding of a bucket now gone. */
function scene(): { report: Report; held: AwsSecurityFinding[] } {
  const report = inReportOrder(sampleReport());
  const waived = report.findings.find((f) => f.status === 'waived')!;
  const gone = { ...waived, fingerprint: 'f'.repeat(32), status: 'fail' as const, resource: { ...waived.resource, arn: 'arn:aws:s3:::deleted', name: 'deleted' } };
  const hold = (finding: typeof waived): AwsSecurityFinding => ({
    ...toAsff(finding, context),
    ProductArn: productArn(context),
    Workflow: { Status: 'NEW' },
    ProductFields: { ...toAsff(finding, context).ProductFields, [TOOL_FIELD]: 'squadguard', [ACCOUNT_FIELD]: finding.resource.accountId, [REGION_FIELD]: finding.resource.region },
    Note: { Text: 'x', UpdatedBy: NOTE_AUTHOR, UpdatedAt: context.now },
  });
  return { report, held: [hold(waived), hold(gone)] };
}

describe('Security Hub sink, streamed', () => {
  it('reads the findings once and sends the same as from an array: imports, a suppression, an archive', async () => {
    const { report, held } = scene();
    const fromArray = fakeHub(held);
    const expected = await sendToSecurityHub(report, { region: REGION, accountId: HUB, client: fromArray.client, now: NOW });
    const streamed = fakeHub(held);
    const view = viewOf(report, { maxPasses: 1 });
    const result = await sendToSecurityHub(view, { region: REGION, accountId: HUB, client: streamed.client, now: NOW });
    expect(view.findings.passes).toBe(1);
    expect(result).toEqual(expected);
    expect(streamed.imported).toEqual(fromArray.imported);
    expect(streamed.updated).toEqual(fromArray.updated);
    const nonPass = report.findings.filter((f) => f.status !== 'pass').length;
    expect(result).toMatchObject({ imported: nonPass + 1, created: nonPass - 1, archived: 1, suppressed: 1, rejected: [], lifecycleFailures: [] });
    expect(streamed.imported.flat().find((record) => record.RecordState === 'ARCHIVED')?.Resources?.[0]?.Id).toBe('arn:aws:s3:::deleted');
  });

  it('a hub it cannot read: every finding but the passes listed as not sent, in one pass', async () => {
    const { report, held } = scene();
    const view = viewOf(report, { maxPasses: 1 });
    const result = await sendToSecurityHub(view, { region: REGION, accountId: HUB, client: fakeHub(held, { denyReads: true }).client, now: NOW });
    expect(result.fatal).toMatch(/cannot read the findings already in Security Hub/);
    expect(result.rejected.map((problem) => problem.id)).toEqual(report.findings.filter((f) => f.status !== 'pass').map((f) => f.fingerprint));
    expect(result.rejected.every((problem) => problem.code === 'NotSent')).toBe(true);
  });
});
