import { describe, expect, it } from 'vitest';
import { MergeError, checkShards, mergeInventories, mergeReports } from '../../../src/engine/merge.js';
import type { WaiverState } from '../../../src/model/report.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Inventory, ShardInfo } from '../../../src/model/inventory.js';
import type { Report } from '../../../src/model/report.js';

const shard = (index: number, count = 2, digest = 'abc', accounts: string[] = []): ShardInfo => ({
  index,
  count,
  universe: 4,
  universeDigest: digest,
  accounts,
});

const finding = (account: string, status: Finding['status'], rule = 's3-bucket-versioning-enabled'): Finding => ({
  fingerprint: `${rule}-${account}`,
  ruleId: rule,
  title: rule,
  severity: 'high',
  status,
  resource: { arn: `arn:aws:s3:::b-${account}`, type: 'aws.s3.bucket', accountId: account, region: 'us-east-1', name: `b-${account}` },
  message: status,
  remediation: '',
  references: {},
});

const waiver = (matched: number): WaiverState => ({
  policy: 'p',
  rule: 's3-bucket-versioning-enabled',
  resources: ['arn:aws:s3:::b-*'],
  reason: 'r',
  owner: 'o',
  expires: '2099-01-01',
  daysToExpiry: 100,
  matched,
});

function report(account: string, findings: Finding[], extra: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'squadguard', version: '0.1.0' },
    policies: [{ name: 'p', source: 'p.yaml', digest: 'd1' }],
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    targets: [{ accountId: account, regions: ['us-east-1'], policies: ['p'] }],
    summary: { total: 0, byStatus: { pass: 0, fail: 0, error: 0, waived: 0 }, failuresBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, byAccount: {}, byRule: {}, incomplete: false },
    rules: [],
    findings,
    collectionErrors: [],
    waivers: { applied: [], expired: [], stale: [], expiringSoon: [], warningDays: 14 },
    apiCalls: { 'S3.ListBuckets': 1 },
    throttles: { 'S3.GetBucketPolicy': 2 },
    notes: [],
    ...extra,
  };
}

describe('checkShards', () => {
  it('accepts a complete split and names missing shards', () => {
    expect(checkShards([{ source: 'a', value: { shards: [shard(1)] } }, { source: 'b', value: { shards: [shard(2)] } }]).missing).toEqual([]);
    expect(checkShards([{ source: 'a', value: { shards: [shard(2, 3)] } }]).missing).toEqual([1, 3]);
  });

  it.each([
    ['different account sets', [shard(1), shard(2, 2, 'other')], /different set of accounts/],
    ['different shard counts', [shard(1), shard(2, 3)], /of 2 shards/],
    ['a shard twice', [shard(1), shard(1)], /given twice/],
  ])('refuses %s', (_name, shards, message) => {
    expect(() => checkShards(shards.map((info, i) => ({ source: `r${i}`, value: { shards: [info] } })))).toThrow(message);
  });

  it('refuses to mix shards with an unsharded report', () => {
    expect(() => checkShards([{ source: 'a', value: { shards: [shard(1)] } }, { source: 'b', value: {} }])).toThrow(MergeError);
  });
});

describe('mergeReports', () => {
  it('recounts the summary, sums API calls and throttles, combines waivers across shards', () => {
    const a = report('111111111111', [finding('111111111111', 'fail'), finding('111111111111', 'pass', 'other')], {
      shards: [shard(1)],
      waivers: { applied: [], expired: [], stale: [waiver(0)], expiringSoon: [], warningDays: 14 },
    });
    const b = report('222222222222', [finding('222222222222', 'waived')], {
      shards: [shard(2)],
      waivers: { applied: [waiver(1)], expired: [], stale: [], expiringSoon: [], warningDays: 14 },
      collectionErrors: [{ accountId: '222222222222', region: 'us-east-1', code: 'AccessDenied', message: 'x', operation: 'S3.GetBucketPolicy' }],
    });
    const merged = mergeReports([
      { source: 'a', value: a },
      { source: 'b', value: b },
    ]);
    expect(merged.summary.byStatus).toEqual({ pass: 1, fail: 1, error: 0, waived: 1 });
    expect(merged.summary.failuresBySeverity.high).toBe(1);
    expect(merged.summary.incomplete).toBe(true);
    expect(Object.keys(merged.summary.byAccount).sort()).toEqual(['111111111111', '222222222222']);
    expect(merged.apiCalls).toEqual({ 'S3.ListBuckets': 2 });
    expect(merged.throttles).toEqual({ 'S3.GetBucketPolicy': 4 });
    expect(merged.targets.map((target) => target.accountId)).toEqual(['111111111111', '222222222222']);
    expect(merged.findings[0]?.status).toBe('fail');
    // Stale in one shard but applied in another: applied, not stale.
    expect(merged.waivers.applied).toHaveLength(1);
    expect(merged.waivers.stale).toEqual([]);
  });

  it('refuses reports judged under different policies', () => {
    const a = report('111111111111', []);
    const b = report('222222222222', [], { policies: [{ name: 'p', source: 'p.yaml', digest: 'changed' }] });
    expect(() => mergeReports([{ source: 'a', value: a }, { source: 'b', value: b }])).toThrow(/other policies/);
  });

  it('keeps each timed run\'s timings on its own clock, shard order; one timed run keeps its timings as they are', () => {
    const timings = (calls: number): NonNullable<Report['timings']> => ({
      wallMs: 1000,
      calls,
      attempts: calls,
      callsPerSecond: calls,
      maxConcurrency: 4,
      eventLoopUtilization: 0.5,
      services: {},
      operations: {},
      accounts: [],
    });
    const first = report('111111111111', [], { shards: [shard(1)], timings: timings(10) });
    const second = report('222222222222', [], { shards: [shard(2)], timings: timings(20) });
    const merged = mergeReports([{ source: 'two.json', value: second }, { source: 'one.json', value: first }]);
    expect(merged.timings).toBeUndefined();
    expect(merged.shardTimings).toEqual([
      { source: 'one.json', shard: 1, timings: timings(10) },
      { source: 'two.json', shard: 2, timings: timings(20) },
    ]);
    const { timings: _none, ...untimed } = second;
    expect(mergeReports([{ source: 'one.json', value: first }, { source: 'two.json', value: untimed }]).timings).toEqual(timings(10));
  });

  it('writes the findings shard after shard, each shard\'s in its order, a finding judged twice once', () => {
    const a = report('111111111111', [finding('111111111111', 'fail'), finding('111111111111', 'pass', 'other')], { shards: [shard(1)] });
    const b = report('222222222222', [finding('222222222222', 'pass')], { shards: [shard(2)] });
    const order = (merged: Report) => merged.findings.map((f) => f.fingerprint);
    expect(order(mergeReports([{ source: 'b', value: b }, { source: 'a', value: a }]))).toEqual([
      's3-bucket-versioning-enabled-111111111111',
      'other-111111111111',
      's3-bucket-versioning-enabled-222222222222',
    ]);
    // Two separate scans of one account: its findings come once.
    const again = report('111111111111', [finding('111111111111', 'fail')]);
    const plain = { ...a, shards: undefined };
    expect(order(mergeReports([{ source: 'a', value: plain }, { source: 'again', value: again }]))).toEqual([
      's3-bucket-versioning-enabled-111111111111',
      'other-111111111111',
    ]);
  });

  it('a missing shard becomes a collection error: the merged report is incomplete', () => {
    const merged = mergeReports([{ source: 'a', value: report('111111111111', [], { shards: [shard(1)] }) }]);
    expect(merged.collectionErrors).toEqual([expect.objectContaining({ code: 'MissingShard', service: 'shard' })]);
    expect(merged.summary.incomplete).toBe(true);
  });
});

describe('mergeInventories', () => {
  it('concatenates resources, unions collected attributes, keeps the directory', () => {
    const inventory = (account: string, index: number): Inventory => ({
      schemaVersion: 1,
      collectedAt: `2026-01-0${index}T00:00:00.000Z`,
      targets: [{ accountId: account, regions: ['us-east-1'] }],
      resources: [{ type: 'aws.s3.bucket', arn: `arn:aws:s3:::b-${account}`, accountId: account, region: 'us-east-1', name: 'b', tags: {}, data: {}, errors: {} }],
      errors: [],
      apiCalls: { 'S3.ListBuckets': 1 },
      collected: { 'aws.s3.bucket': index === 1 ? ['versioning'] : ['policy'] },
      directory: [{ accountId: '111111111111', regions: [] }, { accountId: '222222222222', regions: [] }],
      shards: [shard(index)],
    });
    const merged = mergeInventories([
      { source: 'a', value: inventory('111111111111', 1) },
      { source: 'b', value: inventory('222222222222', 2) },
    ]);
    expect(merged.resources).toHaveLength(2);
    expect(merged.collected).toEqual({ 'aws.s3.bucket': ['policy', 'versioning'] });
    expect(merged.collectedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(merged.directory).toHaveLength(2);
    expect(merged.errors).toEqual([]);
  });
});
