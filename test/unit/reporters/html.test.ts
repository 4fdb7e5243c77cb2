import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { compactFindings } from '../../../src/reporters/html/data.js';
import { scriptSafeJson, safeUrl } from '../../../src/reporters/html/escape.js';
import { renderHtml } from '../../../src/reporters/html.js';
import { markdownBlocks } from '../../../src/reporters/html/markdown.js';
import { decideGate } from '../../../src/engine/exit-code.js';
import type { AccessMap } from '../../../src/model/access-map.js';
import type { Report } from '../../../src/model/report.js';
import { OTHER_ACCOUNT, sampleReport, XSS } from './sample-report.js';

const DATA_OPEN = '<script type="application/json" id="sg-data">';

function embeddedData(html: string): ReturnType<typeof compactFindings> {
  const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start))) as ReturnType<typeof compactFindings>;
}

describe('HTML report', () => {
  const report = sampleReport();
  const html = renderHtml(report);

  it('is self-contained: no external scripts, styles, images, fonts or fetches', () => {
    // Real tags only: escaped payload text (`&lt;img src=…`) is not a tag.
    expect(html).not.toMatch(/<link\b|<[a-z][^>]*\ssrc\s*=|@import|url\(/i);
    expect(html).not.toMatch(/<[a-z][^>]*\shref="(?!#)/i);
    expect(html).not.toMatch(/\bfetch\(|XMLHttpRequest|import\(/);
    expect(html).toContain("default-src 'none'");
  });

  it('only its own two scripts exist: payloads in names, tags, reasons and account names are escaped', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toContain('window.__xss=1</script>');
    expect(html).toContain('vision-prod &lt;/script&gt;&lt;script&gt;window.__xss=1');
    expect(html).toContain('migrating to the new lake &lt;/script&gt;');
    // The embedded JSON can neither end its element nor open a comment, and has no raw U+2028.
    const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
    const json = html.slice(start, html.indexOf('</script>', start));
    expect(json).not.toMatch(/[<>\u2028\u2029]/);
  });

  it('embeds every finding as compact JSON that decodes to the same values', () => {
    const data = embeddedData(html);
    expect(data.rows).toHaveLength(report.findings.length);
    for (const [i, finding] of report.findings.entries()) {
      const row = data.rows[i]!;
      expect(row[0]).toBe(finding.fingerprint);
      expect(data.strings[row[1]]).toBe(finding.ruleId);
      expect(data.statuses[row[2]]).toBe(finding.status);
      expect(data.severities[row[3]]).toBe(finding.severity);
      expect(row[7]).toBe(finding.resource.arn);
      expect(data.strings[row[10]]).toBe(finding.message);
      expect(data.strings[row[13]]).toBe(finding.remediation);
    }
    const waived = data.rows[report.findings.findIndex((f) => f.status === 'waived')]!;
    expect(waived[14]).toMatchObject({ waiver: { owner: 'vision-lead@example.com', expires: '2026-11-30' } });
    expect(data.rows.map((r) => r[7])).toContain(`arn:aws:s3:::scratch${XSS}`);
    expect(JSON.parse(scriptSafeJson({ s: `${XSS}&\u2029` }))).toEqual({ s: `${XSS}&\u2029` });
  });

  it('allows exactly its own script through the Content-Security-Policy hash', () => {
    const hash = /script-src 'sha256-([^']+)'/.exec(html)![1]!;
    const start = html.lastIndexOf('<script>') + '<script>'.length;
    const script = html.slice(start, html.indexOf('</script>', start));
    expect(createHash('sha256').update(script).digest('base64')).toBe(hash);
  });

  it('draws the overview: severity × status, account × service heat matrix, pass rate per rule, baseline', () => {
    expect(html).toContain('aria-label="Findings by severity and status"');
    expect(html).toContain(`data-f-account="${OTHER_ACCOUNT}" data-f-service="s3"`);
    expect(html).toContain('data-f-rule="s3-bucket-kms-encryption"');
    expect(html).toMatch(/data-f-baseline="new"[^]*?>2<\/text>/);
  });

  it('lists waivers expiring soon and stale ones, collection errors, resolved findings and the policy used', () => {
    expect(html).toContain('Expiring within 14 days (1)');
    expect(html).toContain('Stale (1)');
    expect(html).toContain('S3.GetBucketEncryption');
    expect(html).toContain('arn:aws:s3:::old-bucket');
    expect(html).toContain('sha256:feedface');
    expect(html).not.toContain('sg-access-map');
  });

  it('leaves a marked hook with the access map data when the report has one', () => {
    const accessMap: AccessMap = {
      accounts: [{ accountId: '111122223333', known: true }, { accountId: OTHER_ACCOUNT, known: true }],
      edges: [
        {
          resource: { arn: `arn:aws:s3:::scratch${XSS}`, type: 'aws.s3.bucket', name: `scratch${XSS}`, accountId: '111122223333', region: 'us-east-1' },
          grantee: { kind: 'account', accountId: OTHER_ACCOUNT, via: 'bucket-policy' },
          classification: 'cross-squad',
          statement: { index: 0 },
          accessLevels: ['Read'],
          actions: ['s3:GetObject'],
          actionCount: 1,
          status: 'fail',
          failedRules: ['s3-bucket-no-cross-account-access'],
        },
      ],
    };
    const withMap: Report = { ...report, accessMap };
    const out = renderHtml(withMap);
    expect(out).toContain('<section id="sg-access-map" data-hook="access-map">');
    expect(out).toContain('1 cross-account grant(s) between 2 account(s)');
    expect(out).not.toContain(`scratch${XSS}`);
    expect(out.match(/<script\b/gi)).toHaveLength(3);
    const start = out.indexOf('id="sg-access-map-data">') + 'id="sg-access-map-data">'.length;
    expect(JSON.parse(out.slice(start, out.indexOf('</script>', start)))).toEqual(withMap.accessMap);
  });

  it('links only http(s) references', () => {
    expect(safeUrl('https://docs.aws.amazon.com/x')).toBe('https://docs.aws.amazon.com/x');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
  });
});

describe('HTML report: the gate and rendered remediation', () => {
  it('opens with the gate: verdict, exit code, reason and settings, every string escaped', () => {
    const report = sampleReport();
    report.gate = decideGate({ ...report, baseline: { source: `reports/${XSS}.json`, finishedAt: '2026-11-24T12:00:00.000Z', fingerprints: 7 } }, { failOnNew: true });
    const html = renderHtml(report);
    expect(html).toMatch(/<body>\s*<div id="sg-gate" class="sg-gate sg-gate-(fail|incomplete|pass)" role="status"/);
    expect(html.indexOf('id="sg-gate"')).toBeLessThan(html.indexOf('<header'));
    expect(html).toContain('only failures new against the baseline count (--fail-on-new)');
    expect(html).toContain('(7 fingerprints)');
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html).toContain(`<title>squadguard report — `);
  });

  it('remediation Markdown becomes plain data: code, bold, http(s) links; raw HTML and javascript: links stay text', () => {
    const blocks = markdownBlocks('Set `enabled = true` on **every** bucket; see [the docs](https://docs.aws.amazon.com/x) <img src=x onerror=alert(1)> [bad](javascript:alert(1))\n\n- one `a`\n- two\n\n```hcl\nfoo = 1\n```');
    expect(blocks[0]).toEqual({
      p: [
        { k: 'text', t: 'Set ' },
        { k: 'code', t: 'enabled = true' },
        { k: 'text', t: ' on ' },
        { k: 'strong', t: 'every' },
        { k: 'text', t: ' bucket; see ' },
        { k: 'link', t: 'the docs', h: 'https://docs.aws.amazon.com/x' },
        { k: 'text', t: ' ' },
        { k: 'text', t: '<img src=x onerror=alert(1)>' },
        { k: 'text', t: ' ' },
        { k: 'text', t: 'bad' },
      ],
    });
    expect(blocks[1]).toEqual({ ul: [[{ k: 'text', t: 'one ' }, { k: 'code', t: 'a' }], [{ k: 'text', t: 'two' }]] });
    expect(blocks[2]).toEqual({ pre: 'foo = 1' });
    const data = embeddedData(renderHtml(sampleReport()));
    const remediation = data.rows[0]![13];
    expect(data.markdown[remediation]?.length).toBeGreaterThan(0);
  });
});
