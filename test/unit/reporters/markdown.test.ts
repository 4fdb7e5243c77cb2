import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../../src/bench/synthetic-report.js';
import { decideGate } from '../../../src/engine/exit-code.js';
import { renderMarkdown } from '../../../src/reporters/markdown.js';
import { inReportOrder } from './finding-list.js';
import { sampleReport, XSS } from './sample-report.js';

describe('Markdown summary', () => {
  const report = sampleReport();
  const md = renderMarkdown(report);

  it('states the verdict and the counts by status and severity', () => {
    expect(md.split('\n')[0]).toBe('## ❌ squadguard: FAIL (exit 1)');
    expect(md.split('\n')[2]).toMatch(/^\*\*\d+ unwaived failures? at severity high or above \(.*\)\.\*\* Gate: --fail-on high · every unwaived failure counts · baseline /);
    expect(md).toContain('| 12 | 6 | 4 | 1 | 1 |');
    expect(md).toContain('baseline from 2026-11-24T12:00:00.000Z: **2 new**, 1 resolved');
  });

  it('lists new failures before existing ones, then undecided, resolved and waivers needing attention', () => {
    const order = ['### New failures (2)', '### Existing failures (2)', '### Could not decide (1)', '### Resolved since the baseline (1)', '### Waivers needing attention'];
    const positions = order.map((heading) => md.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const fresh = md.slice(positions[0], positions[1]);
    expect(fresh).toContain('scratch');
    expect(fresh).not.toContain('HYPERLINK');
    expect(md).toContain('expires in 6 d');
    expect(md).toContain('stale (matches nothing)');
  });

  it('escapes resource-derived text: no raw HTML, no table-breaking pipes or newlines', () => {
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;/script&gt;');
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && l.includes('HYPERLINK'))) {
      // The bucket name holds `|pipe|` and a newline: each row keeps exactly the header's five columns.
      expect(line.replace(/\\\|/g, '').split('|').length - 2).toBe(5);
    }
    expect(XSS).toContain('<script>');
  });

  it('stays under the cap for a large estate and says that it was cut', () => {
    const big = renderMarkdown(syntheticReport({ findings: 20_000, withBaseline: true }));
    expect(big.length).toBeLessThanOrEqual(60_000);
    expect(big).toContain('more not shown');
    expect(big).toContain('Output capped');
    expect(big.indexOf('### New failures')).toBeLessThan(big.indexOf('### Existing failures') === -1 ? Infinity : big.indexOf('### Existing failures'));
    const small = renderMarkdown(syntheticReport({ findings: 20_000 }), { maxLength: 5_000 });
    expect(small.length).toBeLessThanOrEqual(5_000);
    expect(small).toContain('squadguard');
  });

  it('lists the most severe failures across accounts first, and at most maxRows of a section, counting the rest', () => {
    const report = inReportOrder(syntheticReport({ findings: 3_000 }));
    const failures = report.findings.filter((f) => f.status === 'fail');
    const rows = (text: string): string[] => text.split('\n').filter((line) => /^\| (critical|high|medium|low|info) \|/.test(line));
    const text = renderMarkdown(report, { maxLength: 10_000_000, maxRows: 30 });
    const section = text.slice(text.indexOf('### Failures'), text.indexOf('### Could not decide'));
    expect(rows(section)).toHaveLength(30);
    expect(rows(section).every((line) => line.startsWith('| critical |'))).toBe(true);
    expect(section).toContain(`| … | ${failures.length - 30} more not shown (see the JSON report) |`);
    expect(text).not.toContain('Output capped');
    // A default-sized summary is cut by its length long before 1,000 rows.
    expect(rows(renderMarkdown(report)).length).toBeLessThan(1_000);
  });

  it('a clean report says so', () => {
    const clean = sampleReport();
    clean.findings = clean.findings.filter((f) => f.status === 'pass');
    clean.summary.byStatus = { pass: clean.findings.length, fail: 0, error: 0, waived: 0 };
    clean.summary.incomplete = false;
    clean.collectionErrors = [];
    expect(renderMarkdown(clean).split('\n')[0]).toBe('## ✅ squadguard: PASS (exit 0)');
    expect(renderMarkdown(clean)).toContain('no unwaived failure at severity high or above, and the scan saw everything it needed');
  });

  it('heads with the recorded gate: --fail-on-new, --exit-zero and the baseline say what decided it', () => {
    const gated = sampleReport();
    gated.gate = decideGate(gated, { failOn: 'medium', failOnNew: true, exitZero: true });
    const lines = renderMarkdown(gated).split('\n');
    expect(lines[0]).toBe('## ❌ squadguard: FAIL (exit 0, --exit-zero)');
    expect(lines[2]).toContain('only failures new against the baseline count (--fail-on-new)');
    expect(lines[2]).toContain('--exit-zero');
    expect(lines[2]).toMatch(/are new against the baseline|is new against the baseline/);
  });
});
