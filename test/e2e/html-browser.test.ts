import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitFor } from '../../src/bench/browser.js';
import { PROBES } from '../../src/bench/page-probes.js';
import { syntheticReport } from '../../src/bench/synthetic-report.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { renderHtml } from '../../src/reporters/html.js';
import { decideGate } from '../../src/engine/exit-code.js';
import { withDirectoryFile } from '../../src/pipeline/directory.js';
import { judge, readInventory } from '../../src/pipeline/judge.js';
import { loadRuleSet } from '../../src/pipeline/policies.js';
import { projectRoot } from '../support/paths.js';
import { sampleReport, XSS } from '../unit/reporters/sample-report.js';

/**
 * The HTML report in a real browser (Debian chromium, headless, via playwright-core): hostile resource
 * names never execute, the filters and sorting work, a 100,000-finding report opens and filters.
 * Screenshots are kept in test-artifacts/ (git-ignored; CI can archive them).
 */
const artifacts = resolve(projectRoot, 'test-artifacts');
let browser: Browser;

function write(name: string, html: string): string {
  mkdirSync(artifacts, { recursive: true });
  const file = resolve(artifacts, name);
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

interface Watched {
  page: Page;
  dialogs: string[];
  errors: string[];
}

async function open(url: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Counts CSP violations: an injected script or handler that tried to run would show up here.
  await page.addInitScript('window.__csp = 0; document.addEventListener("securitypolicyviolation", () => { window.__csp++; });');
  await page.goto(url);
  await waitFor(page, PROBES.ready);
  return { page, dialogs, errors };
}

const count = async (page: Page): Promise<number> => page.evaluate<number>(PROBES.shown);
const visibleCells = async (page: Page, column: number, property = 'textContent'): Promise<string[]> =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll('.sg-row')].filter((row) => row.style.display !== 'none').map((row) => row.children[${column}].${property})`,
  );

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in Chromium', () => {
  it('hostile names, tags, reasons and account names never execute — with or without the CSP', async () => {
    const html = renderHtml(sampleReport());
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(withoutCsp).not.toContain('Content-Security-Policy');
    for (const url of [write('xss.html', html), write('xss-no-csp.html', withoutCsp)]) {
      const { page, dialogs, errors } = await open(url);
      // Open every finding's detail view: the payloads are rendered there too.
      const rows = await page.$$('.sg-row');
      for (const row of rows) {
        if (await row.isVisible()) {
          await row.click();
          await page.click('#sg-detail-close');
        }
      }
      await page.locator('.sg-row', { hasText: 'scratch' }).first().click();
      expect(await page.textContent('#sg-detail-body')).toContain(`scratch${XSS}`);
      await page.selectOption('#f-account', '111122223333');
      expect(await page.evaluate('window.__xss')).toBeUndefined();
      expect(await page.evaluate('window.__csp')).toBe(0);
      expect(await page.evaluate('document.querySelectorAll("script").length')).toBe(2);
      expect(await page.evaluate('document.querySelectorAll("img, [onerror]").length')).toBe(0);
      expect(await page.textContent('#f-account')).toContain('vision-prod </script>');
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('filters by severity, status, account, squad, service, rule and free text; sorts; resets; charts filter', async () => {
    const report = syntheticReport({ findings: 5000, accounts: 12, withBaseline: true, payload: XSS });
    const { page, errors, dialogs } = await open(write('html-report.html', renderHtml(report)));
    const expectShown = async (predicate: (f: Finding) => boolean): Promise<void> => {
      expect(await count(page)).toBe(report.findings.filter(predicate).length);
      expect(await page.textContent('#sg-count')).toContain(`of ${(5000).toLocaleString('en')} findings`);
    };
    await expectShown(() => true);
    await page.screenshot({ path: resolve(artifacts, 'html-report-overview.png') });

    await page.selectOption('#f-severity', 'critical');
    await expectShown((f) => f.severity === 'critical');
    expect(new Set(await visibleCells(page, 0))).toEqual(new Set(['critical']));
    await page.selectOption('#f-status', 'fail');
    await expectShown((f) => f.severity === 'critical' && f.status === 'fail');
    expect(new Set(await visibleCells(page, 1))).toEqual(new Set(['fail']));

    const account = report.targets[3]!;
    await page.selectOption('#f-account', account.accountId);
    await expectShown((f) => f.severity === 'critical' && f.status === 'fail' && f.resource.accountId === account.accountId);
    await page.click('#f-reset');
    await expectShown(() => true);

    await page.selectOption('#f-squad', 'ranking');
    await expectShown((f) => f.squad === 'ranking');
    await page.selectOption('#f-service', 'sagemaker');
    await expectShown((f) => f.squad === 'ranking' && f.resource.type.startsWith('aws.sagemaker.'));
    await page.click('#f-reset');
    await page.selectOption('#f-rule', 'kms-key-rotation-enabled');
    await expectShown((f) => f.ruleId === 'kms-key-rotation-enabled');
    await page.selectOption('#f-baseline', 'new');
    await expectShown((f) => f.ruleId === 'kms-key-rotation-enabled' && f.baseline === 'new');
    await page.click('#f-reset');

    await page.fill('#f-text', 'ROLE-1');
    await waitFor(page, `window.__sg.shown < ${report.findings.length}`);
    await expectShown((f) => [f.resource.arn, f.resource.name, f.message, f.ruleId, f.title, f.resource.accountId, f.fingerprint].join('\n').toLowerCase().includes('role-1'));
    expect((await visibleCells(page, 7)).every((name) => name.toLowerCase().includes('role-1') || name === '')).toBe(true);

    // Sorting by resource: the rows in view come in ARN order.
    await page.click('[data-sort="resource"]');
    const arns = await visibleCells(page, 7, 'title');
    expect(arns.length).toBeGreaterThan(3);
    expect([...arns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(arns);
    await page.click('#f-reset');

    // A heat-matrix cell filters the table to its account and service.
    await page.click(`[data-f-account="${account.accountId}"][data-f-service="iam"]`);
    await expectShown((f) => f.resource.accountId === account.accountId && f.resource.type.startsWith('aws.iam.'));

    // Virtual scrolling: far rows render when scrolled to.
    await page.click('#f-reset');
    await page.evaluate('document.getElementById("sg-scroll").scrollTop = window.__sg.rowTop(4000)');
    await waitFor(page, '[...document.querySelectorAll(".sg-row")].some((r) => r.style.transform === "translateY(" + window.__sg.rowTop(4000) + "px)")');

    // A row in the middle of the view (the top one may sit under the sticky column header).
    const middle = await page.evaluate<string>(`(() => {
      const scroller = document.getElementById('sg-scroll');
      const y = scroller.getBoundingClientRect().top + scroller.clientHeight / 2;
      const row = [...document.querySelectorAll('.sg-row')].find((r) => r.style.display !== 'none' && r.getBoundingClientRect().top <= y && r.getBoundingClientRect().bottom > y);
      return row.getAttribute('data-i');
    })()`);
    await page.click(`.sg-row[data-i="${middle}"]`);
    expect(await page.isVisible('#sg-detail')).toBe(true);
    expect(await page.textContent('#sg-detail-body')).toContain('Remediation');
    await page.screenshot({ path: resolve(artifacts, 'html-report-detail.png') });
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('at 1,400 and 1,920 px: the gate first, key columns never cut, messages wrapped whole, rows clickable, remediation rendered', async () => {
    const ruleSet = await loadRuleSet([]);
    const inventory = withDirectoryFile(readInventory(resolve(projectRoot, 'examples/demo-inventory.json')), resolve(projectRoot, 'examples/organization-accounts.yaml'));
    const report = judge({ ruleSet, inventory });
    report.gate = decideGate(report);
    const url = write('html-report-demo.html', renderHtml(report));
    for (const width of [1400, 1920]) {
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      await waitFor(page, PROBES.ready);
      expect(await page.evaluate('document.body.firstElementChild.id')).toBe('sg-gate');
      expect(await page.textContent('#sg-gate')).toContain(`FAIL (exit 1): ${report.gate.reason}`);
      await page.screenshot({ path: resolve(artifacts, `html-report-${width}.png`) });
      await page.evaluate('document.getElementById("findings").scrollIntoView()');
      await page.screenshot({ path: resolve(artifacts, `html-report-findings-${width}.png`) });

      // Every row, scrolled through: rule id, account and squad fit their cells; the message is shown whole.
      const cut: string[] = [];
      const seen = new Set<string>();
      const total = await count(page);
      for (let top = 0, guard = 0; seen.size < total && guard < 200; guard++) {
        await page.evaluate(`document.getElementById('sg-scroll').scrollTop = ${top}`);
        await page.evaluate('new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))');
        const rows = await page.evaluate<Array<{ i: string; cut: string[] }>>(`[...document.querySelectorAll('.sg-row')].filter((r) => r.style.display !== 'none').map((r) => ({
          i: r.getAttribute('data-i'),
          cut: [
            ...[3, 4, 5].filter((c) => r.children[c].scrollWidth > r.children[c].clientWidth).map((c) => 'column ' + c + ': ' + r.children[c].textContent),
            ...(r.children[8].scrollHeight > r.children[8].clientHeight + 1 ? ['message: ' + r.children[8].textContent] : []),
          ],
        }))`);
        for (const row of rows) {
          seen.add(row.i);
          cut.push(...row.cut);
        }
        top = await page.evaluate<number>('document.getElementById("sg-scroll").scrollTop + document.getElementById("sg-scroll").clientHeight / 2');
      }
      expect(seen.size).toBe(total);
      expect(cut).toEqual([]);
      expect(await page.evaluate('[...document.querySelectorAll(".sg-head > div")].filter((c) => getComputedStyle(c).visibility !== "hidden" && c.scrollWidth > c.clientWidth).map((c) => c.textContent)')).toEqual([]);
      // The longest rule id is shown in full.
      const longest = report.findings.map((f) => f.ruleId).sort((a, b) => b.length - a.length)[0]!;
      await page.selectOption('#f-rule', longest);
      expect(await page.evaluate(`(() => { const cell = document.querySelector('.sg-row:not([style*="display: none"]) > .sg-mono'); return cell.textContent === ${JSON.stringify(longest)} && cell.scrollWidth <= cell.clientWidth; })()`)).toBe(true);
      await page.click('#f-reset');

      // Rows look clickable, and a click shows the remediation rendered (code spans, no literal backticks).
      const row = page.locator('.sg-row:visible').first();
      const firstRow = `document.querySelector('.sg-row[data-i="' + document.querySelector('.sg-row:not([style*="display: none"])').getAttribute('data-i') + '"]')`;
      expect(await page.evaluate(`getComputedStyle(${firstRow}).cursor`)).toBe('pointer');
      const before = await page.evaluate<string>(`getComputedStyle(${firstRow}).boxShadow`);
      await row.hover();
      expect(await page.evaluate<string>(`getComputedStyle(${firstRow}).boxShadow`)).not.toBe(before);
      await row.click();
      expect(await page.evaluate('document.querySelectorAll("#sg-detail .sg-remediation code").length')).toBeGreaterThan(0);
      expect(await page.textContent('#sg-detail .sg-remediation')).not.toContain('`');
      await page.screenshot({ path: resolve(artifacts, `html-report-detail-${width}.png`) });
      await page.click('#sg-detail-close');

      // The collection-errors table names the service of every error.
      const services = await page.evaluate<string[]>('[...document.querySelectorAll("table.sg-errors tbody tr")].map((tr) => tr.children[2].textContent)');
      expect(services.length).toBe(report.collectionErrors.length);
      expect(services.every((service) => service.length > 0)).toBe(true);
      await page.evaluate('document.getElementById("errors").scrollIntoView()');
      await page.screenshot({ path: resolve(artifacts, `html-report-errors-${width}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('a report without findings opens without errors', async () => {
    const empty = sampleReport();
    empty.findings = [];
    const { page, errors } = await open(write('html-report-empty.html', renderHtml(empty)));
    expect(await count(page)).toBe(0);
    await page.selectOption('#f-severity', 'high');
    await page.fill('#f-text', 'anything');
    expect(await page.textContent('#sg-count')).toContain('Showing 0 of 0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a 100,000-finding report opens and filters (timings: node dist/bench/html.js)', { timeout: 240_000 }, async () => {
    const report: Report = syntheticReport({ findings: 100_000, accounts: 120, withBaseline: true });
    const { page, errors } = await open(write('html-report-100k.html', renderHtml(report)));
    expect(await count(page)).toBe(100_000);
    // Only the rows in view exist in the DOM.
    expect(await page.evaluate<number>('document.querySelectorAll(".sg-row").length')).toBeLessThan(200);
    await page.evaluate(PROBES.select('f-severity', 'critical'));
    expect(await count(page)).toBe(report.findings.filter((f) => f.severity === 'critical').length);
    await page.evaluate(PROBES.search('bucket-1a'));
    expect(await count(page)).toBeLessThan(report.findings.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
