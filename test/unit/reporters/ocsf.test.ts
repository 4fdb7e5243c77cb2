import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/model/finding.js';
import { createAjv } from '../../../src/schema/ajv.js';
import { formatByName } from '../../../src/reporters/index.js';
import { ocsfChunks, ocsfFinding, renderOcsf } from '../../../src/reporters/ocsf.js';
import { demoReport } from '../../support/demo-report.js';
import { projectRoot } from '../../support/paths.js';
import { sampleReport } from './sample-report.js';

const schema = JSON.parse(readFileSync(resolve(projectRoot, 'schemas/ocsf/detection_finding.schema.json'), 'utf8')) as object;
const validate = createAjv().compile(schema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

describe('OCSF Detection Finding output', () => {
  it('writes one valid Detection Finding per finding of the demo, one JSON document per line', async () => {
    const report = await demoReport();
    const text = renderOcsf(report);
    const lines = text.split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    expect(lines).toHaveLength(report.findings.length);
    expect(report.findings.length).toBeGreaterThan(100);
    const problems: string[] = [];
    lines.forEach((line, index) => {
      for (const problem of errorsOf(JSON.parse(line))) problems.push(`line ${index + 1}: ${problem}`);
    });
    expect(problems).toEqual([]);
    expect(new Set(report.findings.map((f) => f.status))).toEqual(new Set(['pass', 'fail', 'error']));
  });

  it('the schema rejects what OCSF does not allow (it can fail)', async () => {
    const report = await demoReport();
    const event = ocsfFinding(report.findings[0]!, report);
    expect(errorsOf({ ...event, class_uid: 2003 })).not.toEqual([]);
    expect(errorsOf({ ...event, severity_id: 7 })).not.toEqual([]);
    expect(errorsOf({ ...event, squad: 'x' })).not.toEqual([]);
    expect(errorsOf({ ...event, finding_info: { title: 't' } })).not.toEqual([]);
    expect(errorsOf({ ...event, time: '2026-11-30' })).not.toEqual([]);
    expect(errorsOf({ ...event, activity_id: 3, type_uid: 200401 })).not.toEqual([]);
  });

  it('maps the finding: fingerprint as uid, rule as analytic, resource, severity, squad and account type', async () => {
    const report = await demoReport();
    const finding = report.findings.find((f) => f.status === 'fail' && f.severity === 'critical')!;
    const event = ocsfFinding(finding, report) as {
      finding_info: { uid: string; analytic: { uid: string; type_id: number } };
      resources: Array<{ uid: string; type: string; region?: string }>;
      cloud: { account: { uid: string }; region: string };
      severity_id: number;
      status_code: string;
      status_id: number;
      metadata: { labels: string[]; product: { name: string } };
      unmapped: { squad: string; account_type: string };
      remediation: { desc: string };
      time: number;
    };
    expect(event.finding_info.uid).toBe(finding.fingerprint);
    expect(event.finding_info.analytic).toMatchObject({ uid: finding.ruleId, type_id: 1 });
    expect(event.resources[0]).toMatchObject({ uid: finding.resource.arn, type: finding.resource.type, region: finding.resource.region });
    expect(event.cloud.account.uid).toBe(finding.resource.accountId);
    expect(event.severity_id).toBe(5);
    expect([event.status_code, event.status_id]).toEqual(['FAIL', 1]);
    expect(event.metadata.labels).toEqual(['squad:claims-fraud', 'account-type:modeling']);
    expect(event.unmapped).toMatchObject({ squad: 'claims-fraud', account_type: 'modeling' });
    expect(event.remediation.desc).toBe(finding.remediation);
    expect(event.time).toBe(Date.parse(report.finishedAt));
    expect(event.metadata.product.name).toBe('squadguard');
  });

  it.each([
    ['fail', 'FAIL', 1, 1],
    ['pass', 'PASS', 4, 3],
    ['waived', 'WAIVED', 3, 1],
    ['error', 'ERROR', 99, 1],
  ] as const)('status %s → status_code %s, status_id %i, activity_id %i (error is never a pass)', (status, code, statusId, activityId) => {
    const report = sampleReport();
    const base = report.findings[0]!;
    const finding: Finding = { ...base, status };
    const event = ocsfFinding(finding, report);
    expect(event).toMatchObject({ status_code: code, status_id: statusId, activity_id: activityId, type_uid: 200400 + activityId });
    expect(errorsOf(event)).toEqual([]);
  });

  it('global resources carry no region; severities map to OCSF ids', () => {
    const report = sampleReport();
    const base = report.findings[0]!;
    const global = ocsfFinding({ ...base, resource: { ...base.resource, region: 'global' } }, report) as { resources: Array<{ region?: string }>; cloud: { region?: string } };
    expect(global.resources[0]!.region).toBeUndefined();
    expect(global.cloud.region).toBeUndefined();
    const ids = (['info', 'low', 'medium', 'high', 'critical'] as const).map((severity) => ocsfFinding({ ...base, severity }, report).severity_id);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('is registered as --format ocsf, written in pieces (one per finding)', () => {
    const format = formatByName('ocsf')!;
    expect(format.fileName).toBe('squadguard-report.ocsf.jsonl');
    const report = sampleReport();
    expect([...ocsfChunks(report)]).toHaveLength(report.findings.length);
    expect([...format.chunks!(report)].join('')).toBe(format.render(report));
  });
});
