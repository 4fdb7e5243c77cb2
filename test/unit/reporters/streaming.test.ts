import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../../src/bench/synthetic-report.js';
import { decideGate } from '../../../src/engine/exit-code.js';
import { SEVERITIES, type Finding, type FindingStatus } from '../../../src/model/finding.js';
import type { Report, ReportView } from '../../../src/model/report.js';
import { renderConsole } from '../../../src/reporters/console.js';
import { csvChunks } from '../../../src/reporters/csv.js';
import { jsonChunks, renderJson } from '../../../src/reporters/json.js';
import { junitChunks } from '../../../src/reporters/junit.js';
import { renderMarkdown } from '../../../src/reporters/markdown.js';
import { ocsfChunks } from '../../../src/reporters/ocsf.js';
import { sarifChunks } from '../../../src/reporters/sarif.js';
import { countingList, inReportOrder, viewOf } from './finding-list.js';
import { sampleReport, XSS } from './sample-report.js';

const text = (chunks: Iterable<string>): string => [...chunks].join('');

/** Each reader, and the passes over the findings it may make when the report carries no gate (deciding it is one more). */
const READERS: Array<{ name: string; read: (report: ReportView) => string; passes: number; gated?: number }> = [
  { name: 'json', read: (report) => text(jsonChunks(report)), passes: 1 },
  { name: 'csv', read: (report) => text(csvChunks(report)), passes: 1 },
  { name: 'ocsf', read: (report) => text(ocsfChunks(report)), passes: 1 },
  { name: 'junit', read: (report) => text(junitChunks(report)), passes: 2, gated: 1 },
  { name: 'sarif', read: (report) => text(sarifChunks(report)), passes: 4, gated: 3 },
  { name: 'sarif, cut to 2 results', read: (report) => text(sarifChunks(report, { maxResults: 2 })), passes: 4, gated: 3 },
  { name: 'markdown', read: (report) => renderMarkdown(report), passes: 2, gated: 1 },
  { name: 'console', read: (report) => renderConsole(report, { color: false, maxFailures: 2 }), passes: 2, gated: 1 },
  { name: 'gate', read: (report) => JSON.stringify(decideGate(report, { failOn: 'medium' })), passes: 1 },
];

describe('reporters read a FindingList a fixed number of times, whatever its size', () => {
  const reports: Array<[string, () => Report]> = [
    ['the sample report', () => inReportOrder(sampleReport())],
    ['a synthetic report of 3,000 findings', () => inReportOrder(syntheticReport({ findings: 3000, payload: XSS, withBaseline: true }))],
  ];
  for (const [label, make] of reports) {
    for (const { name, read, passes, gated } of READERS) {
      it(`${name}, ${label}: the same output as from an array, in ${passes} pass(es) at most`, () => {
        const report = make();
        const view = viewOf(report, { maxPasses: passes });
        expect(read(view)).toBe(read(report));
        expect(view.findings.passes).toBeLessThanOrEqual(passes);
        const withGate = { ...report, gate: decideGate(report) };
        const gatedView = viewOf(withGate, { maxPasses: gated ?? passes });
        expect(read(gatedView)).toBe(read(withGate));
      });
    }
  }

  it('the console lists the most severe failures of the whole report, whichever account they are in', () => {
    const report = inReportOrder(sampleReport());
    const out = renderConsole(viewOf(report), { color: false, maxFailures: 2 });
    const listed = out.split('\n').filter((line) => /^ {2}(HIGH|MEDIUM)/.test(line));
    // The second account's high failure comes after the first account's medium ones, yet is listed before them.
    expect(listed).toEqual([expect.stringMatching(/^ {2}HIGH .*scratch/), expect.stringMatching(/^ {2}HIGH .*serving-models$/)]);
    expect(out).toContain('… and 2 more');
  });

  it('the JSON report writes the lines a list holds ready as they are, without reading the findings', () => {
    const report = inReportOrder(sampleReport());
    const lines = report.findings.map((finding) => JSON.stringify(finding));
    const view: ReportView = {
      ...report,
      findings: {
        length: lines.length,
        [Symbol.iterator]: () => {
          throw new Error('findings parsed although their JSON lines were ready');
        },
        jsonLines: () => lines,
      },
    };
    expect(text(jsonChunks(view))).toBe(renderJson(report));
  });
});

/** `count` findings over `accounts` accounts, made on demand, grouped by account: a report no array could hold cheaply. */
function generatedView(count: number, accounts: number): ReportView {
  const template = sampleReport();
  const base = template.findings.find((finding) => finding.status === 'fail')!;
  const statuses: FindingStatus[] = ['fail', 'fail', 'error', 'waived', 'pass', 'pass', 'pass'];
  const perAccount = Math.ceil(count / accounts);
  const make = function* (): Generator<Finding> {
    for (let n = 0; n < count; n++) {
      const account = String(100000000000 + Math.floor(n / perAccount));
      const name = `bucket-${n.toString(36)}-${'x'.repeat(400)}`;
      yield {
        ...base,
        fingerprint: n.toString(16).padStart(32, '0'),
        ruleId: `rule-${n % 40}`,
        severity: SEVERITIES[n % SEVERITIES.length]!,
        status: statuses[n % statuses.length]!,
        message: `${base.message} (${n})`,
        baseline: n % 3 === 0 ? 'new' : 'existing',
        resource: { ...base.resource, accountId: account, arn: `arn:aws:s3:::${name}`, name },
      };
    }
  };
  const byStatus = { pass: 0, fail: 0, error: 0, waived: 0 };
  const failuresBySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of make()) {
    byStatus[finding.status]++;
    if (finding.status === 'fail') failuresBySeverity[finding.severity]++;
  }
  const targets = Array.from({ length: accounts }, (_, i) => ({ ...template.targets[0]!, accountId: String(100000000000 + i) }));
  return {
    ...template,
    targets,
    summary: { ...template.summary, total: count, byStatus, failuresBySeverity, byAccount: {}, byRule: {} },
    findings: countingList(make, count, { maxPasses: 4 }), // the gate is decided before: 3 passes for SARIF
  };
}

describe('memory stays flat in the number of findings', () => {
  const COUNT = 100_000;
  const outputs: Array<[string, (view: ReportView) => Iterable<string>]> = [
    ['json', (view) => jsonChunks(view)],
    ['csv', (view) => csvChunks(view)],
    ['junit', (view) => junitChunks(view)],
    ['sarif', (view) => sarifChunks(view, { maxResults: 5_000 })],
    ['markdown', (view) => [renderMarkdown(view)]],
    ['console', (view) => [renderConsole(view, { color: false })]],
  ];
  for (const [name, chunks] of outputs) {
    it(`${name}: ${COUNT.toLocaleString('en')} findings written without holding them`, () => {
      const view = generatedView(COUNT, 50);
      view.gate = { ...decideGate(view) };
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let bytes = 0;
      let pieces = 0;
      for (const chunk of chunks(view)) {
        bytes += chunk.length;
        if (++pieces % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      expect(bytes).toBeGreaterThan(1000);
      // Held together, these findings take about 90 MB: a reporter keeping them would show it (loosely: GC is lazy).
      expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    });
  }
});
