import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countResourcesByType, readReportHeader, scanFormats } from '../../../src/bench/scan-outputs.js';

describe('bench scan outputs', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-outputs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the inventory\'s resources by type, whatever the order of its members', () => {
    const path = join(dir, 'inventory.json');
    const resources = [
      { type: 'aws.s3.bucket', id: 'a' },
      { type: 'aws.iam.role', id: 'b' },
      { type: 'aws.s3.bucket', id: 'c' },
    ];
    writeFileSync(path, `{"resources":${JSON.stringify(resources)},"schemaVersion":1,"targets":[]}`);
    expect(countResourcesByType(path)).toEqual({ 'aws.s3.bucket': 2, 'aws.iam.role': 1 });
  });

  it('reads the report\'s header without its findings', () => {
    const path = join(dir, 'report.json');
    const report = {
      targets: [{ accountId: '111111111111' }],
      summary: { total: 2, byStatus: { pass: 1, fail: 1, error: 0, waived: 0 } },
      findings: [{ ruleId: 'x' }, { ruleId: 'y' }],
      apiCalls: { 'S3.ListBuckets': 3 },
      throttles: {},
      collectionErrors: [],
    };
    writeFileSync(path, JSON.stringify(report, null, 2));
    const header = readReportHeader(path);
    expect(header.apiCalls).toEqual({ 'S3.ListBuckets': 3 });
    expect(header.summary.byStatus.fail).toBe(1);
    expect(header.targets).toHaveLength(1);
    expect('findings' in header).toBe(false);
  });

  it('always scans with the JSON report the bench reads its figures from', () => {
    expect(scanFormats('json')).toBe('json');
    expect(scanFormats('all')).toBe('all');
    expect(scanFormats('HTML, sarif')).toBe('html,sarif,json');
    expect(scanFormats('csv,json')).toBe('csv,json');
  });
});
