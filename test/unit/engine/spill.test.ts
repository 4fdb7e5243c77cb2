import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FindingSpill } from '../../../src/engine/finding-spill.js';
import { ResourceSpill } from '../../../src/engine/resource-spill.js';
import type { Finding } from '../../../src/model/finding.js';
import { CROSS_ACCOUNT_TYPES } from '../../../src/model/inventory.js';
import { resource } from '../../support/fixtures.js';

let parent: string;
beforeEach(() => void (parent = mkdtempSync(join(tmpdir(), 'squadguard-spill-test-'))));
afterEach(() => rmSync(parent, { recursive: true, force: true }));

const finding = (index: number, message: string): Finding => ({
  fingerprint: String(index).padStart(32, '0'),
  ruleId: 'r',
  title: 't',
  severity: 'high',
  status: index % 3 === 0 ? 'fail' : 'pass',
  resource: { arn: `arn:aws:s3:::b${index}`, type: 'aws.s3.bucket', accountId: '111122223333', region: 'eu-central-1', name: `b${index}` },
  message,
  remediation: '',
  references: {},
});

describe('FindingSpill', () => {
  it('reads back every finding in order, as often as asked, across read chunks and multi-byte text', () => {
    const spill = new FindingSpill(parent);
    // Messages of ~3 KB with multi-byte characters and line separators: lines straddle the 1 MiB read chunks.
    const written = Array.from({ length: 1200 }, (_, i) => finding(i, `${'é€😀'.repeat(400)}\u2028${i}\n"quoted"`));
    for (const f of written) spill.add(f);
    const list = spill.list();
    expect(list.length).toBe(1200);
    for (let pass = 0; pass < 2; pass++) expect([...list]).toEqual(written);
    expect([...list.jsonLines!()].map((line) => JSON.parse(line) as Finding)).toEqual(written);
    spill.close();
  });

  it('reads back a line longer than its read buffer between short ones', () => {
    const spill = new FindingSpill(parent);
    const written = [finding(1, 'a'), finding(2, 'ü'.repeat(3 << 20)), finding(3, 'c')];
    for (const f of written) spill.add(f);
    expect([...spill.list()]).toEqual(written);
    spill.close();
  });

  it('removes its file on close, and a list used afterwards says so instead of reading nothing', () => {
    const spill = new FindingSpill(parent);
    spill.add(finding(1, 'm'));
    const list = spill.list();
    expect(readdirSync(parent)).toHaveLength(1);
    spill.close();
    expect(readdirSync(parent)).toHaveLength(0);
    expect(() => [...list]).toThrow(/read after it was removed/);
  });

  it('writes evidence nested deeper than the stack cut at a marker instead of failing', () => {
    const spill = new FindingSpill(parent);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { deep };
    spill.add({ ...finding(1, 'm'), evidence: deep });
    const [back] = [...spill.list()];
    expect(JSON.stringify(back!.evidence)).toContain('omitted');
    spill.close();
  });
});

describe('ResourceSpill', () => {
  const bucket = (account: string, i: number) => resource('aws.s3.bucket', { versioning: null }, { accountId: account, arn: `arn:aws:s3:::${account}-${i}`, name: `${account}-${i}` });
  const role = (account: string, i: number) => resource('aws.iam.role', {}, { accountId: account, arn: `arn:aws:iam::${account}:role/r${i}`, name: `r${i}` });

  it('gives back one account at a time and the cross-account types of every account, whatever the order added', () => {
    const spill = new ResourceSpill(parent);
    const a = '111111111111';
    const b = '222222222222';
    spill.add([bucket(a, 1), role(a, 1)]);
    spill.add([bucket(b, 1), role(b, 1), bucket(b, 2)]);
    spill.add([bucket(a, 2)]); // an account's resources need not be contiguous
    const source = spill.source({ schemaVersion: 1, collectedAt: 'x', targets: [], errors: [], apiCalls: {} });
    expect(source.resourcesOf(a).map((r) => r.name)).toEqual(['111111111111-1', 'r1', '111111111111-2']);
    expect(source.resourcesOf(b).map((r) => r.arn)).toEqual([bucket(b, 1).arn, role(b, 1).arn, bucket(b, 2).arn]);
    expect(source.resourcesOf('333333333333')).toEqual([]);
    expect(source.resourcesOfTypes(CROSS_ACCOUNT_TYPES, a).map((r) => r.arn)).toEqual([role(a, 1).arn]);
    expect(source.resourcesOfTypes(CROSS_ACCOUNT_TYPES, b).map((r) => r.arn)).toEqual([role(b, 1).arn]);
    expect(source.resourcesOfTypes(CROSS_ACCOUNT_TYPES, '333333333333')).toEqual([]);
    expect([...spill.jsonLines()]).toHaveLength(6);
    spill.close();
    expect(existsSync(join(parent, readdirSync(parent)[0] ?? 'none'))).toBe(false);
  });

  it('reads every account through one lent buffer instead of a new one per account', () => {
    const spill = new ResourceSpill(parent);
    const accounts = Array.from({ length: 40 }, (_, i) => String(100000000000 + i));
    for (const account of accounts) spill.add([bucket(account, 1), bucket(account, 2)]);
    const source = spill.source({ schemaVersion: 1, collectedAt: 'x', targets: [], errors: [], apiCalls: {} });
    const allocations = vi.spyOn(Buffer, 'allocUnsafe');
    try {
      for (const account of accounts) expect(source.resourcesOf(account).map((r) => r.name)).toEqual([`${account}-1`, `${account}-2`]);
      expect(allocations.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      allocations.mockRestore();
      spill.close();
    }
  });
});
