import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/model/report.js';
import { validateReport } from '../../../src/pipeline/schemas.js';
import { jsonChunks, renderJson } from '../../../src/reporters/json.js';
import { sampleReport } from './sample-report.js';

describe('JSON report', () => {
  it('reads back as the same report and validates against the published schema', () => {
    const report = sampleReport();
    const parsed = JSON.parse(renderJson(report)) as Report;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    expect(validateReport(parsed)).toEqual([]);
  });

  it('writes one finding per line, in pieces that grow with the findings, not one string', () => {
    const report = sampleReport();
    const text = renderJson(report);
    const lines = text.split('\n').filter((line) => line.startsWith('    {"fingerprint"'));
    expect(lines).toHaveLength(report.findings.length);
    // One piece per finding; the header comes in small pieces too (never the whole report, nor the whole header).
    const pieces = [...jsonChunks(report)];
    expect(pieces.filter((piece) => /^,?\n {4}\{"fingerprint"/.test(piece))).toHaveLength(report.findings.length);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(text.length / 4);
  });

  it('a finding whose text spells the findings slot, and a report without findings, stay valid', () => {
    const report = sampleReport();
    const first = report.findings[0];
    if (!first) throw new Error('sample has findings');
    first.message = '"findings": "squadguard:findings"';
    expect((JSON.parse(renderJson(report)) as Report).findings[0]?.message).toBe(first.message);
    const empty: Report = { ...report, findings: [], notes: ['"findings": "squadguard:findings"'] };
    expect(JSON.parse(renderJson(empty))).toEqual(JSON.parse(JSON.stringify(empty)));
  });
});
