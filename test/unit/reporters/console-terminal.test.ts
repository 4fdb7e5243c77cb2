import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/reporters/console.js';
import { hasControlCharacters } from '../../../src/text/inert.js';
import { sampleReport } from './sample-report.js';

const HOSTILE = 'evil\u001b[2J\u001b]0;title\u0007\u001b]8;;http://x\u001b\\link\r\b\u0000\u009b31m\u202e';

function hostileReport() {
  const report = sampleReport();
  const failing = report.findings.find((finding) => finding.status === 'fail')!;
  failing.resource.arn = `arn:aws:s3:::${HOSTILE}`;
  failing.message = `bucket ${HOSTILE} fails`;
  failing.ruleId = `custom-${HOSTILE}`;
  report.collectionErrors[0]!.message = `denied ${HOSTILE}`;
  report.collectionErrors[0]!.operation = `S3.Get${HOSTILE}`;
  report.waivers.stale[0]!.owner = `owner ${HOSTILE}`;
  report.notes.push(`note ${HOSTILE}`);
  report.policies[0]!.name = `policy ${HOSTILE}`;
  return report;
}

describe('console summary on a terminal', () => {
  it('every string from AWS or a file is made inert: no control byte, escapes visible', () => {
    const out = renderConsole(hostileReport(), { color: false });
    expect(hasControlCharacters(out.replace(/\n/g, ''))).toBe(false);
    expect(out).toContain('\\x1b[2J');
    expect(out).toContain('owner evil');
    expect(out).toContain('note evil');
  });

  it('with colour, only the tool\'s own SGR colour codes remain', () => {
    const out = renderConsole(hostileReport(), { color: true });
    // eslint-disable-next-line no-control-regex
    const withoutOwnColours = out.replace(/\u001b\[\d+(;\d+)*m/g, '');
    expect(hasControlCharacters(withoutOwnColours.replace(/\n/g, ''))).toBe(false);
    expect(out).toContain('\u001b[');
  });

  it('a 10 MiB message is clipped on the terminal', () => {
    const report = sampleReport();
    report.findings.find((finding) => finding.status === 'fail')!.message = 'm'.repeat(10 * 1024 * 1024);
    const out = renderConsole(report, { color: false });
    expect(out.length).toBeLessThan(100_000);
    expect(out).toMatch(/more characters\]/);
  });

  it('every failure points to `squadguard explain <rule-id>` and, when written, the HTML report', () => {
    const report = sampleReport();
    const out = renderConsole(report, { color: false, htmlReport: '/tmp/r/squadguard-report.html' });
    const failures = report.findings.filter((finding) => finding.status === 'fail');
    expect(failures.length).toBeGreaterThan(0);
    for (const finding of failures) expect(out).toContain(`→ squadguard explain ${finding.ruleId}`);
    expect(out).toMatch(/Failures — details: \/tmp\/r\/squadguard-report\.html/);
    expect(renderConsole(report, { color: false })).not.toContain('details:');
  });

  it('a custom rule is explained with the policy that defines it, a plugin rule with its plugin', () => {
    const report = sampleReport();
    const failing = report.findings.find((finding) => finding.status === 'fail')!;
    report.rules.find((rule) => rule.id === failing.ruleId)!.source = 'policy:serving-prod';
    expect(renderConsole(report, { color: false })).toContain(`→ squadguard explain ${failing.ruleId} --policy serving-prod\n`);
    report.rules.find((rule) => rule.id === failing.ruleId)!.source = 'plugin:./rules/extra.js';
    expect(renderConsole(report, { color: false })).toContain(`→ squadguard explain ${failing.ruleId} --plugin ./rules/extra.js\n`);
  });
});
