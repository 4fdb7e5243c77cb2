import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../src/text/glob.js';

describe('globMatch', () => {
  it.each([
    ['a*b', 'axxb', true],
    ['a*b', 'axxbc', false],
    ['*', '', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['**a', 'a', true],
    ['arn:aws:s3:::x-*', 'arn:aws:s3:::x-1', true],
    ['arn:aws:s3:::x-*', 'arn:aws:s3:::y-1', false],
    ['*a*b*c', 'xaybzc', true],
    ['*a*b*c', 'xaybzcd', false],
    ['a*', 'a', true],
    ['', '', true],
    ['', 'a', false],
    ['*x', 'abc', false],
    ['a.c', 'abc', false],
    ['(a|b)', '(a|b)', true],
  ])('%s against %s → %s', (glob, value, expected) => {
    expect(globMatch(glob, value)).toBe(expected);
  });

  it('is case-sensitive unless asked', () => {
    expect(globMatch('S3:Get*', 's3:getobject')).toBe(false);
    expect(globMatch('S3:Get*', 's3:getobject', { ignoreCase: true })).toBe(true);
  });

  it('does not backtrack catastrophically: 50 stars against 100,000 characters', () => {
    // A RegExp built from this glob runs for minutes; the linear matcher answers at once (no timing
    // assertion: the test would hang, not fail, if it regressed, and vitest's timeout ends it).
    expect(globMatch(`${'*a'.repeat(50)}b`, 'a'.repeat(100_000))).toBe(false);
    expect(globMatch(`${'*a'.repeat(50)}*`, 'a'.repeat(100_000))).toBe(true);
  });
});
