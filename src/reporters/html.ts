import { createHash } from 'node:crypto';
import type { ReportGate, ReportView } from '../model/report.js';
import { gateLine, gateOf, gateSettings, VERDICT_LABEL } from './gate.js';
import { timingText } from './timing.js';
import { accessMapChunks } from './html/access-map.js';
import { CLIENT_SCRIPT } from './html/client.js';
import { findingsDataChunks } from './html/data.js';
import { escapeHtml as esc } from './html/escape.js';
import { collectionErrorsSection, policySection, resolvedSection, summaryCards, waiversSection } from './html/sections.js';
import { STYLE } from './html/style.js';
import { baselineChart, heatMatrix, ruleRateChart, severityStatusChart } from './html/svg.js';
import { tallyFindings } from './html/tally.js';

/**
 * One self-contained HTML file (inline CSS, JS and SVG; no network): overview pictures, a filterable,
 * virtualised findings table fed from compact JSON, waivers, collection errors and the policy used.
 * Markup is built here from escaped strings; the browser script only ever uses textContent.
 *
 * Written in pieces: the page up to the findings data, the data row by row as the findings are read, then
 * the page's end. The findings are read twice (the charts' counting pass, then the rows); nothing holds
 * them all.
 */
export function* htmlChunks(report: ReportView): Generator<string> {
  const tally = tallyFindings(report.findings);
  const policyNames = report.policies.map((p) => p.name).join(' + ') || 'no policy';
  const gate = gateOf(report);
  const errorsTitle = `Collection errors (${report.collectionErrors.length})`;
  const waiverCount = report.waivers.expiringSoon.length + report.waivers.stale.length + report.waivers.expired.length;
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:">
<title>squadguard report — ${esc(policyNames)} — ${esc(VERDICT_LABEL[gate.verdict])}</title>
<style>${STYLE}</style>
</head>
<body>
${gateBanner(gate)}
<header class="sg-top">
<h1>squadguard report</h1>
<div class="sg-muted">Policy ${esc(policyNames)} · ${esc(report.targets.length)} account(s) · ${esc(timingText(report))} · squadguard ${esc(report.tool.version)}</div>
<nav class="sg-nav"><a href="#overview">Overview</a><a href="#findings">Findings</a><a href="#waivers">Waivers${waiverCount > 0 ? ` (${waiverCount} need attention)` : ''}</a><a href="#errors">${esc(errorsTitle)}</a><a href="#baseline">Baseline</a><a href="#policy">Policy &amp; scan</a></nav>
</header>
<main>
`;
  yield `<section id="overview"><h2>Overview</h2>
${summaryCards(report)}
<div class="sg-charts">
<figure><figcaption>Findings by severity and status</figcaption>${severityStatusChart(tally)}</figure>
<figure><figcaption>Against the baseline</figcaption>${baselineChart(report, tally)}</figure>
</div>
<div class="sg-charts">
<figure><figcaption>Failures per account × guardrail (service)</figcaption>${heatMatrix(report, tally)}</figure>
<figure><figcaption>Pass rate per rule</figcaption>${ruleRateChart(report)}</figure>
</div>
<p class="sg-muted">Click a bar or cell to filter the findings table.</p>
</section>
`;
  yield `<section id="findings"><h2>Findings</h2>
<div class="sg-filters">
${select('severity', 'Severity')}${select('status', 'Status')}${select('account', 'Account')}${select('squad', 'Squad')}${select('service', 'Service')}${select('rule', 'Rule')}
<label>Baseline<select id="f-baseline"><option value="">All</option><option value="new">new</option><option value="existing">existing</option></select></label>
<label>Search<input id="f-text" type="search" placeholder="ARN, name, message, rule, fingerprint" autocomplete="off"></label>
<button id="f-reset" type="button">Reset</button>
<span id="sg-count" class="sg-muted" aria-live="polite"></span>
</div>
<p class="sg-muted sg-hint">Click a row for its evidence, remediation and references; click a column title to sort.</p>
<div id="sg-scroll"><div class="sg-head sg-grid" role="row"><div data-sort="severity">Severity</div><div data-sort="status">Status</div><div data-sort="baseline">Baseline</div><div data-sort="rule">Rule</div><div data-sort="account">Account</div><div data-sort="squad">Squad</div><div data-sort="service">Service</div><div data-sort="resource">Resource</div><div data-sort="message">Message</div></div><div id="sg-spacer"></div></div>
<noscript><p>The findings table needs JavaScript; the JSON report has every finding.</p></noscript>
</section>
`;
  yield `<section id="waivers"><h2>Waivers</h2>${waiversSection(report)}</section>
<section id="errors"><h2>${esc(errorsTitle)}</h2>${collectionErrorsSection(report)}</section>
<section id="baseline"><h2>Resolved since the baseline</h2>${resolvedSection(report)}</section>
`;
  yield* accessMapChunks(report);
  yield `
<section id="policy"><h2>Policy &amp; scan</h2>${policySection(report)}</section>
</main>
<aside id="sg-detail" hidden aria-label="Finding detail"><button id="sg-detail-close" class="sg-close" type="button">Close ✕</button><div id="sg-detail-body"></div></aside>
<script type="application/json" id="sg-data">`;
  yield* findingsDataChunks(report);
  yield `</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** The whole page as one string: for small reports and tests (large ones are written from `htmlChunks`). */
export function renderHtml(report: ReportView): string {
  return [...htmlChunks(report)].join('');
}

/** Only the report's own script may run (CSP hash): a defence in depth behind escaping. */
const SCRIPT_HASH = `sha256-${createHash('sha256').update(CLIENT_SCRIPT).digest('base64')}`;

/** The gate's verdict, the first thing on the page: verdict, exit code, why, and what it was judged with. */
function gateBanner(gate: ReportGate): string {
  const settings = gateSettings(gate).map((setting) => `<span>${esc(setting)}</span>`).join('');
  return `<div id="sg-gate" class="sg-gate sg-gate-${esc(gate.verdict)}" role="status" data-verdict="${esc(gate.verdict)}" data-exit-code="${esc(gate.exitCode)}">` +
    `<div class="sg-gate-verdict">${esc(VERDICT_LABEL[gate.verdict])}</div>` +
    `<div><div class="sg-gate-reason">${esc(gateLine(gate))}</div><div class="sg-gate-settings">Gate: ${settings}</div></div></div>`;
}

function select(name: string, label: string): string {
  return `<label>${label}<select id="f-${name}"><option value="">All</option></select></label>`;
}
