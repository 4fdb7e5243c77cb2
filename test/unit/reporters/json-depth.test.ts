import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/reporters/json.js';
import { boundDepth, MAX_JSON_DEPTH } from '../../../src/text/bounded-json.js';
import { sampleReport } from './sample-report.js';

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { Statement: [value] };
  return value;
}

describe('JSON report with deeply nested evidence', () => {
  it('deeper than the stack: written with the deep part replaced by a marker, not a crash or a 0-byte report', () => {
    const report = sampleReport();
    report.findings[0]!.evidence = { policy: nested(200_000) };
    const text = renderJson(report);
    const parsed = JSON.parse(text) as { findings: { evidence?: unknown }[] };
    expect(JSON.stringify(parsed.findings[0]!.evidence)).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels: omitted`);
    expect(parsed.findings).toHaveLength(report.findings.length);
  });

  it('ordinary evidence is written unchanged', () => {
    const report = sampleReport();
    report.findings[0]!.evidence = { policy: nested(20) };
    expect((JSON.parse(renderJson(report)) as { findings: { evidence?: unknown }[] }).findings[0]!.evidence).toEqual({ policy: nested(20) });
  });

  it('boundDepth cuts at the given depth and keeps shallower values', () => {
    expect(boundDepth({ a: { b: { c: 1 } }, d: [1, 2] }, 2)).toEqual({ a: { b: '[nested deeper than 64 levels: omitted]' }, d: [1, 2] });
  });
});
