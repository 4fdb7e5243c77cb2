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

describe('BaselineComparison on a hand-made baseline', () => {
  const compare = (before: Finding[], now: Finding[], scanned = ['111111111111']) => {
    const comparison = new BaselineComparison({ finishedAt: '2026-11-01T00:00:00Z', findings: before }, 'b.json');
    for (const f of now) comparison.mark(f);
    return { marks: now.map((f) => f.baseline), resolved: comparison.outcome(scanned).resolved?.map((f) => f.fingerprint) };
  };
  const withPrint = (f: Finding, fingerprint: string): Finding => ({ ...f, fingerprint });

  it('a fingerprint given twice keeps its last non-passing status; a later pass does not undo it', () => {
    // 1: error then fail → fail (a failure now is existing); 2: fail then pass → fail; 3: fail then error → error.
    const before = [finding('1', 'error'), finding('1', 'fail'), finding('2', 'fail'), finding('2', 'pass'), finding('3', 'fail'), finding('3', 'error')];
    expect(compare(before, [finding('1', 'fail'), finding('2', 'fail'), finding('3', 'fail')]).marks).toEqual(['existing', 'existing', 'new']);
    expect(compare(before, [finding('1', 'error'), finding('3', 'error')]).marks).toEqual(['new', 'existing']);
    // Resolved is listed per baseline violation, in the baseline's order (a repeated violation twice).
    const twice = [finding('4', 'fail'), finding('5', 'waived'), finding('4', 'fail')];
    expect(compare(twice, []).resolved).toEqual([finding('4', 'fail').fingerprint, finding('5', 'fail').fingerprint, finding('4', 'fail').fingerprint]);
  });

  it('fingerprints not of the usual form match only themselves: upper case, other lengths, any text', () => {
    const lower = 'ab'.repeat(16);
    const odd = ['AB'.repeat(16), lower.slice(1), `${lower}0`, 'not a hash', ''];
    const before = odd.map((print, i) => withPrint(finding(String(i), 'fail'), print));
    const now = [withPrint(finding('0', 'fail'), lower), ...odd.map((print, i) => withPrint(finding(String(i), 'fail'), print))];
    expect(compare(before, now).marks).toEqual(['new', 'existing', 'existing', 'existing', 'existing', 'existing']);
    // Only the lower-case twin is judged now, and it is not the baseline's upper-case fingerprint.
    expect(compare(before, [withPrint(finding('0', 'pass'), lower)]).resolved).toEqual(odd);
  });
});
