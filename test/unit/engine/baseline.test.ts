import { describe, expect, it } from 'vitest';
import { BaselineComparison } from '../../../src/engine/baseline.js';
import type { Finding } from '../../../src/model/finding.js';

const finding = (id: string, status: Finding['status'], account = '111111111111', ruleId = 'r'): Finding => ({
  fingerprint: id.padStart(32, '0'),
  ruleId,
  title: 't',
  severity: 'high',
  status,
  resource: { arn: `arn:aws:s3:::${id}`, type: 'aws.s3.bucket', accountId: account, region: 'us-east-1', name: id },
  message: '',
  remediation: '',
  references: {},
});

describe('BaselineComparison', () => {
  it('reads the baseline twice (to note, then to list what was resolved), then lets it go once', () => {
    const before = [finding('1', 'fail'), finding('2', 'fail'), finding('3', 'pass'), finding('4', 'waived', '999999999999'), finding('5', 'error', undefined, 'other')];
    let passes = 0;
    let closed = 0;
    const findings = {
      *[Symbol.iterator]() {
        passes++;
        yield* before.map((f) => ({ ...f }));
      },
    };
    const comparison = new BaselineComparison({ finishedAt: '2026-11-01T00:00:00Z', findings }, 'last-week.json', () => closed++);
    // The error now is of another rule: it hides nothing of rule r.
    const now = [finding('1', 'fail'), finding('3', 'fail'), finding('5', 'error', undefined, 'other')];
    for (const f of now) comparison.mark(f);
    expect(now.map((f) => f.baseline)).toEqual(['existing', 'new', 'existing']);
    const outcome = comparison.outcome(['111111111111']);
    // 2 is gone from a scanned account: resolved; 4's account was not scanned: neither resolved nor new.
    expect(outcome.resolved?.map((f) => f.resource.name)).toEqual(['2']);
    expect(outcome.baseline).toEqual({ source: 'last-week.json', finishedAt: '2026-11-01T00:00:00Z', fingerprints: 5 });
    expect([passes, closed]).toEqual([2, 1]);
  });
});
