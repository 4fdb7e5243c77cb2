import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/inventory.js';
import type { Report } from '../../../src/model/report.js';
import { openInventory } from '../../../src/pipeline/inventory-stream.js';
import { readInventory, readReport } from '../../../src/pipeline/judge.js';
import { openReport } from '../../../src/pipeline/report-stream.js';
import { demoReport } from '../../support/demo-report.js';
import { projectRoot } from '../../support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'document-streams-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const write = (value: unknown, space?: number): string => {
  const path = join(dir, `doc-${files++}.json`);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, space));
  return path;
};
const refusal = (open: () => { close(): void }): string => {
  try {
    open().close();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

/** The demo inventory spread over three accounts, resources of the accounts interleaved. */
function inventory(): Inventory {
  const demo = JSON.parse(readFileSync(resolve(projectRoot, 'examples/demo-inventory.json'), 'utf8')) as Inventory;
  const accounts = ['111111111111', '222222222222', '333333333333'];
  return { ...demo, resources: demo.resources.flatMap((resource) => accounts.map((accountId) => ({ ...resource, accountId, arn: `${resource.arn}#${accountId}` }))) };
}

describe('openInventory', () => {
  const whole = inventory();
  const { resources, ...header } = whole;

  it('reads what readInventory reads, resources by account and by type', () => {
    const path = write(whole, 2);
    const document = openInventory(path, { chunkBytes: 4096 });
    expect(readInventory(path)).toEqual(whole);
    expect(document.header).toEqual(header);
    expect(document.count).toBe(resources.length);
    expect([...document.accounts.keys()]).toEqual(['111111111111', '222222222222', '333333333333']);
    for (const accountId of document.accounts.keys()) expect(document.resourcesOf(accountId)).toEqual(resources.filter((r) => r.accountId === accountId));
    expect(document.resourcesOf('444444444444')).toEqual([]);
    const types = new Set(['aws.iam.role', 'aws.ec2.vpc']);
    for (const accountId of document.accounts.keys()) {
      expect(document.resourcesOfTypes(types, accountId)).toEqual(resources.filter((r) => r.accountId === accountId && types.has(r.type)));
    }
    expect(document.resourcesOfTypes(types, '222222222222').length).toBeGreaterThan(0);
    expect(document.resourcesOfTypes(new Set(['aws.nothing.here']), '222222222222')).toEqual([]);
    expect([...document.resources()]).toEqual(resources);
    document.close();
  });

  it('accepts the resources before the header and minified', () => {
    const document = openInventory(write(JSON.stringify({ resources, ...header })));
    expect(document.header).toEqual(header);
    expect([...document.resources()]).toEqual(resources);
    document.close();
  });

  const bad = (index: number, change: Record<string, unknown>) => ({ ...whole, resources: resources.map((r, i) => (i === index ? { ...r, ...change } : r)) });
  const cases: Array<[string, unknown, RegExp]> = [
    ['a bad resource, named by its index', bad(40, { arn: 42 }), /^inventory .* is not a squadguard inventory:\n {2}\/resources\/40\/arn: must be string$/],
    ['a resource that is not an object', { ...whole, resources: [...resources, 7] }, new RegExp(`\\n {2}/resources/${resources.length}: must be object$`)],
    ['a bad account id', bad(0, { accountId: '1234' }), /\/resources\/0\/accountId: must match pattern/],
    ['a bad header', { ...whole, collectedAt: 'yesterday' }, /is not a squadguard inventory:\n {2}\/collectedAt: must match format "date-time"$/],
    ['no resources', header, /is not a squadguard inventory:\n {2}\/: must have required property 'resources'$/],
    ['resources not an array', { ...whole, resources: 'x' }, /^inventory .* is not a squadguard inventory: \/resources must be an array, not a string$/],
    ['an array', [whole], /^inventory .* is not a squadguard inventory: the top level is an array, not an object$/],
    ['a report', { findings: [], ...whole }, /: this is a squadguard report, not an inventory; --inventory takes/],
  ];
  it.each(cases)('refuses %s', (_label, value, message) => {
    expect(refusal(() => openInventory(write(value)))).toMatch(message);
  });

  it('names the same path as readInventory for a bad resource (index 0)', () => {
    const path = write(bad(0, { type: 'AWS::S3::Bucket' }));
    const old = refusal(() => ({ close() {}, ...readInventory(path) }));
    expect(refusal(() => openInventory(path))).toBe(old);
  });
});

describe('openReport', () => {
  let report: Report;
  beforeAll(async () => {
    report = JSON.parse(JSON.stringify(await demoReport())) as Report;
  });

  it('reads what readReport reads; findings again at each iteration, and as JSON lines', () => {
    const path = write(report, 2);
    const { findings, ...header } = report;
    expect(readReport(path)).toEqual(report);
    const document = openReport(path, 'baseline', { chunkBytes: 1000 });
    expect(document.header).toEqual(header);
    expect(document.findings.length).toBe(findings.length);
    expect([...document.findings]).toEqual(findings);
    expect([...document.findings]).toEqual(findings);
    expect([...(document.findings.jsonLines?.() ?? [])].map((line) => JSON.parse(line) as unknown)).toEqual(findings);
    expect([...document.view.findings].length).toBe(findings.length);
    expect(document.view.summary).toEqual(report.summary);
    expect([...document.read([3, 1])]).toEqual([findings[3], findings[1]]);
    document.close();
  });

  it('refuses a bad finding by its index, a bad header, and an inventory', () => {
    const bad = { ...report, findings: report.findings.map((f, i) => (i === 5 ? { ...f, status: 'broken' } : f)) };
    expect(refusal(() => openReport(write(bad), 'baseline'))).toMatch(/^baseline .* is not a squadguard report:\n {2}\/findings\/5\/status: must be one of "pass", "fail", "error", "waived"$/);
    expect(refusal(() => openReport(write({ ...report, startedAt: 3 })))).toMatch(/^report .* is not a squadguard report:\n {2}\/startedAt: must be string$/);
    expect(refusal(() => openReport(write(inventory())))).toMatch(/^report .*: this is a squadguard inventory, not a report; give the JSON report/);
    expect(refusal(() => openReport(write('{"findings": ['), 'baseline'))).toMatch(/^baseline .*: not valid JSON at line 1, column 15: the text ends too early \(truncated\?\)$/);
    expect(refusal(() => openReport(write('null')))).toMatch(/^report .* is not a squadguard report: the top level is null, not an object$/);
  });
});
