import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { scriptSafeJson, safeUrl } from '../../../src/reporters/html/escape.js';
import { htmlChunks, renderHtml } from '../../../src/reporters/html.js';
import { markdownBlocks } from '../../../src/reporters/html/markdown.js';
import { decideGate } from '../../../src/engine/exit-code.js';
import type { AccessMap } from '../../../src/model/access-map.js';
import type { Finding } from '../../../src/model/finding.js';
import type { FindingList, Report, ReportView } from '../../../src/model/report.js';
import { DATA_OPEN, embeddedData, normalizedPage } from './html-golden.js';
import { OTHER_ACCOUNT, sampleReport, XSS } from './sample-report.js';

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

/** Findings made on the fly, as a list read back from disk gives them; a pass past `maxPasses` throws. */
function generatedList(count: number, make: (n: number) => Finding, maxPasses: number): FindingList & { passes: number } {
  const list: FindingList & { passes: number } = {
    length: count,
    passes: 0,
    *[Symbol.iterator](): Generator<Finding> {
      list.passes++;
      if (list.passes > maxPasses) throw new Error(`the findings were read ${list.passes} times`);
      for (let n = 0; n < count; n++) yield make(n);
    },
  };
  return list;
}

/** Findings of `accounts` accounts, one account after the other; every message different unless `message` says. */
function syntheticFinding(template: Finding, count: number, accounts: number, message?: (n: number) => string): (n: number) => Finding {
  const perAccount = Math.ceil(count / accounts);
  return (n) => {
    const accountId = String(100000000000 + Math.floor(n / perAccount));
    const arn = `arn:aws:s3:::bucket-${n}`;
    return {
      ...template,
      fingerprint: `fp-${n}`,
      status: n % 5 === 0 ? 'fail' : 'pass',
      resource: { ...template.resource, accountId, arn, name: `bucket-${n}` },
      message: message?.(n) ?? `bucket-${n} does not keep object versions`,
    };
  };
}

describe('HTML report written in pieces', () => {
  const report = sampleReport();
  const gated: Report = { ...report, gate: decideGate(report) };

  it('reads the findings at most twice (charts, then rows) and writes the same page as from an array', () => {
    const findings = generatedList(report.findings.length, (n) => report.findings[n]!, 2);
    const view: ReportView = { ...gated, findings };
    const chunks = [...htmlChunks(view)];
    expect(findings.passes).toBe(2);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(renderHtml(gated));
  });

  it('the sample report shows what it showed before the page was written in pieces', () => {
    // Documented differences, normalised away: the findings data is encoded as items (strings sent before
    // the first row using them) and the client script (so its CSP hash) decodes them.
    const golden = readFileSync(new URL('../../fixtures/html/sample-report.normalized.html', import.meta.url), 'utf8');
    expect(normalizedPage(renderHtml(report))).toBe(golden);
  });

  it('many distinct messages: forgotten ones are sent again, keys keep one index, every row decodes to its finding', () => {
    const count = 30_000;
    // Early messages reuse a squad name that only appears late, after the message has been forgotten.
    const make = syntheticFinding(report.findings[0]!, count, 7, (n) => (n < 5 ? 'late-squad' : `message ${n % 12_000}`));
    const finding = (n: number): Finding => ({ ...make(n), squad: n > 25_000 ? 'late-squad' : 'vision', ruleId: n % 2 ? 'rule-a' : 'rule-b' });
    const view: ReportView = { ...gated, findings: generatedList(count, finding, 2) };
    const data = embeddedData(renderHtml(view));
    expect(data.rows).toHaveLength(count);
    // The client looks keys up by value, keeping the last index of a text: it must be the key's own.
    const lastIndex = new Map(data.strings.map((s, i) => [s, i]));
    const wrong: number[] = [];
    for (const [n, row] of data.rows.entries()) {
      const expected = finding(n);
      const decoded = [row[0], data.strings[row[10]], data.strings[row[9]], data.strings[row[1]], data.strings[row[4]]];
      const keysOwn = [1, 4, 5, 6, 9, 12, 13].every((slot) => lastIndex.get(data.strings[row[slot] as number]!) === row[slot]);
      if (!keysOwn || decoded.join('\n') !== [expected.fingerprint, expected.message, expected.squad, expected.ruleId, expected.resource.accountId].join('\n')) wrong.push(n);
    }
    expect(wrong).toEqual([]);
    expect(data.strings.filter((s) => s === 'late-squad')).toHaveLength(2);
    expect(data.strings.filter((s) => s === 'message 7').length).toBeGreaterThan(1);
  });

  it('100,000 findings: two passes, chunks of bounded size, heap far below the page size', () => {
    const count = 100_000;
    const findings = generatedList(count, syntheticFinding(report.findings[0]!, count, 50), 2);
    const heapBefore = process.memoryUsage().heapUsed;
    let bytes = 0;
    let largest = 0;
    let heapPeak = 0;
    let n = 0;
    for (const chunk of htmlChunks({ ...gated, findings })) {
      bytes += chunk.length;
      largest = Math.max(largest, chunk.length);
      if (++n % 50 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(findings.passes).toBe(2);
    expect(bytes).toBeGreaterThan(20_000_000);
    expect(largest).toBeLessThan(200_000);
    // Loose: garbage not yet collected counts too; holding the rows would take several times the page.
    expect(heapPeak).toBeLessThan(bytes);
  });
});
