import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../reporters/html.js';
import { launchChromium, waitFor } from './browser.js';
import { PROBES } from './page-probes.js';
import { syntheticReport } from './synthetic-report.js';

/**
 * HTML report benchmark: renders a synthetic report (default 100,000 findings), opens it in headless
 * Chromium from disk and prints one JSON line: file size, render time, first contentful paint, time until
 * the table is interactive, and the time to apply a severity filter, a text search and a sort.
 * Usage: node dist/bench/html.js [findings] [output-dir]
 */
interface Timings {
  fcpMs: number;
  readyMs: number;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const outDir = resolve(process.argv[3] ?? 'test-artifacts/bench');
  mkdirSync(outDir, { recursive: true });
  const report = syntheticReport({ findings: count, accounts: 120, withBaseline: true });
  const t0 = performance.now();
  const html = renderHtml(report);
  const renderMs = performance.now() - t0;
  const file = resolve(outDir, `report-${count}.html`);
  writeFileSync(file, html);

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const loadStart = Date.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
    await waitFor(page, PROBES.ready);
    const loadWallMs = Date.now() - loadStart;
    const timings = await page.evaluate<Timings>(PROBES.timings);
    const severityFilterMs = await page.evaluate<number>(PROBES.select('f-severity', 'critical'));
    const textFilterMs = await page.evaluate<number>(PROBES.search('bucket-1a'));
    const sortMs = await page.evaluate<number>(PROBES.sort('resource'));
    const shown = await page.evaluate<number>(PROBES.shown);
    const round = (n: number): number => Math.round(n);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'html-report',
        findings: count,
        fileBytes: statSync(file).size,
        fileMB: Number((statSync(file).size / 1048576).toFixed(1)),
        renderMs: round(renderMs),
        firstContentfulPaintMs: round(timings.fcpMs),
        tableReadyMs: round(timings.readyMs),
        loadWallMs,
        severityFilterMs: round(severityFilterMs),
        textFilterMs: round(textFilterMs),
        sortMs: round(sortMs),
        rowsAfterFilters: shown,
        chromium: browser.version(),
      })}\n`,
    );
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
