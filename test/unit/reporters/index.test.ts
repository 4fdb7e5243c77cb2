import { describe, expect, it } from 'vitest';
import { parseFormats } from '../../../src/cli/options.js';
import { formatByName, formats } from '../../../src/reporters/index.js';
import { sampleReport } from './sample-report.js';

describe('format registry', () => {
  it('registers every renderer under its file name; --format all selects them all', () => {
    const files = Object.fromEntries(formats.filter((f) => f.fileName).map((f) => [f.name, f.fileName]));
    expect(files).toMatchObject({
      json: 'squadguard-report.json',
      html: 'squadguard-report.html',
      sarif: 'squadguard-report.sarif',
      junit: 'squadguard-report.junit.xml',
      markdown: 'squadguard-report.md',
      csv: 'squadguard-report.csv',
    });
    expect(parseFormats('all')).toEqual(expect.arrayContaining(['html', 'sarif', 'junit', 'markdown', 'csv', 'json', 'console']));
  });

  it('every renderer is a pure function of the report: same report, same output', () => {
    const report = sampleReport();
    for (const name of ['html', 'sarif', 'junit', 'markdown', 'csv']) {
      const format = formatByName(name)!;
      const first = format.render(report);
      expect(first.length).toBeGreaterThan(100);
      expect(format.render(sampleReport())).toBe(first);
    }
  });

  it('renders a report with no findings at all (an empty account) in every format', () => {
    const empty = sampleReport();
    empty.findings = [];
    empty.resolved = [];
    empty.collectionErrors = [];
    empty.summary = { ...empty.summary, total: 0, byStatus: { pass: 0, fail: 0, error: 0, waived: 0 }, byAccount: {}, byRule: {}, incomplete: false };
    for (const format of formats.filter((f) => f.name !== 'ocsf')) expect(format.render(empty).length, format.name).toBeGreaterThan(0);
    expect(formatByName('ocsf')!.render(empty)).toBe(''); // JSON Lines: no finding, no line
    expect(formatByName('csv')!.render(empty).split('\r\n')).toHaveLength(2);
    expect(formatByName('junit')!.render(empty)).toContain('tests="0"');
  });
});
