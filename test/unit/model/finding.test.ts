import { describe, expect, it } from 'vitest';
import {
  compareFindings,
  lowerSeverity,
  shiftSeverity,
  type Finding,
  type FindingStatus,
  type Severity,
} from '../../../src/model/finding.js';

function finding(status: FindingStatus, severity: Severity, ruleId = 'r', arn = 'arn:a'): Finding {
  return {
    fingerprint: `${status}-${severity}-${ruleId}-${arn}`,
    ruleId,
    title: ruleId,
    severity,
    status,
    resource: { arn, type: 'aws.s3.bucket', accountId: '111122223333', region: 'eu-west-1', name: arn },
    message: '',
    remediation: '',
    references: {},
  };
}

describe('severity order', () => {
  it('shifts by steps, held within info … critical', () => {
    expect(shiftSeverity('medium', 1)).toBe('high');
    expect(shiftSeverity('medium', -2)).toBe('info');
    expect(shiftSeverity('high', 5)).toBe('critical');
    expect(shiftSeverity('low', -4)).toBe('info');
    expect(shiftSeverity('critical', 0)).toBe('critical');
    expect(lowerSeverity('info')).toBe('info');
    expect(lowerSeverity('critical')).toBe('high');
  });

  it('orders findings: failures, errors, waived, passes; then most severe first; then rule and ARN', () => {
    const findings = [
      finding('pass', 'critical'),
      finding('fail', 'low'),
      finding('error', 'high'),
      finding('fail', 'critical', 'z'),
      finding('waived', 'critical'),
      finding('fail', 'critical', 'a', 'arn:b'),
      finding('fail', 'critical', 'a', 'arn:a'),
    ];
    expect(
      [...findings]
        .sort(compareFindings)
        .map((f) => `${f.status} ${f.severity} ${f.ruleId} ${f.resource.arn}`),
    ).toEqual([
      'fail critical a arn:a',
      'fail critical a arn:b',
      'fail critical z arn:a',
      'fail low r arn:a',
      'error high r arn:a',
      'waived critical r arn:a',
      'pass critical r arn:a',
    ]);
  });
});
