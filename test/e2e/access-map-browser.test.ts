import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/bench/browser.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { buildReport } from '../../src/engine/report.js';
import type { ResolvedPolicy } from '../../src/policy/types.js';
import { isolationRules } from '../../src/rules/isolation/index.js';
import { renderHtml } from '../../src/reporters/html.js';
import { inventoryOf } from '../support/fixtures.js';
import { projectRoot } from '../support/paths.js';
import { DIRECTORY, FRAUD, OUTSIDER, PRICING, bucketWithPolicy, read, root, write } from '../unit/rules/isolation-fixtures.js';

/** The access map in the HTML report, in a real browser: the picture renders and an edge's detail shows its evidence. */
const artifacts = resolve(projectRoot, 'test-artifacts');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function isolationReport() {
  const m = FRAUD.modeling!;
  const hostile = 'fraud-<img src=x onerror="window.__xss=1">';
  const resources = [
    bucketWithPolicy(m, 'fraud-artifacts', [read('fraud-artifacts', root(FRAUD['serving-prod']!)), write('fraud-artifacts', root(FRAUD['serving-prod']!))]),
    bucketWithPolicy(m, 'fraud-features', [{ ...read('fraud-features', root(PRICING.modeling!)), Sid: 'PricingReads' }]),
    bucketWithPolicy(m, hostile, [{ ...read(hostile, root({ accountId: OUTSIDER, regions: [] })), Sid: '"><script>window.__xss=2</script>' }]),
  ];
  const policy: ResolvedPolicy = {
    name: 'isolation',
    source: 'test',
    digest: 'test',
    rules: new Map(isolationRules.map((rule) => [rule.id, { enabled: true, params: {} }])),
    customRules: [],
    exceptions: [],
  };
  const inventory = inventoryOf(resources, DIRECTORY);
  const now = new Date('2026-11-24T12:00:00Z');
  const evaluation = evaluate(inventory, { policies: [policy], rules: isolationRules, now });
  return buildReport({ inventory, evaluation, policies: [policy], rules: isolationRules, finishedAt: now.toISOString() });
}

describe('HTML access map (chromium)', () => {
  it('draws accounts grouped by squad with coloured edges; an edge\'s details show its evidence; AWS strings stay inert', async () => {
    const report = isolationReport();
    expect(report.accessMap?.edges.length).toBe(4);
    mkdirSync(artifacts, { recursive: true });
    const file = resolve(artifacts, 'access-map.html');
    writeFileSync(file, renderHtml(report));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    const section = page.locator('#sg-access-map');
    await section.scrollIntoViewIfNeeded();
    expect(await section.locator('svg .sg-am-column').allTextContents()).toEqual(expect.arrayContaining(['squad claims-fraud', 'squad pricing', 'outside the directory']));
    expect(await section.locator('svg .sg-am-edge.sg-am-fail').count()).toBeGreaterThanOrEqual(2);
    expect(await section.locator('svg .sg-am-unknown').count()).toBe(1);

    const row = section.locator('tr.sg-am-row', { hasText: 'fraud-features' });
    await row.locator('summary').click();
    const evidence = await row.locator('pre').textContent();
    expect(evidence).toContain('"sid": "PricingReads"');
    expect(evidence).toContain('isolation-no-cross-squad-access');
    expect(evidence).toContain('"classification": "cross-squad"');
    await section.screenshot({ path: resolve(artifacts, 'access-map.png') });

    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await section.locator('tr.sg-am-row', { hasText: '<img src=x' }).count()).toBe(1);
    await page.close();
  });
});
