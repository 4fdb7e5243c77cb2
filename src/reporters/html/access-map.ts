import type { Report } from '../../model/report.js';
import { escapeHtml as esc, scriptSafeJson } from './escape.js';

/**
 * HOOK for the cross-account access map (drawn by the organization/isolation work): when the report carries
 * `accessMap`, its data is embedded as JSON in `<script type="application/json" id="sg-access-map-data">` and
 * this section is the place to draw it (`#sg-access-map`, `data-hook="access-map"`). Replace the body of
 * this function to render the picture; keep strings escaped and the data in the JSON element.
 */
export function accessMapSection(report: Report): string {
  const accessMap = (report as Report & { accessMap?: unknown }).accessMap;
  if (accessMap === undefined) return '';
  const edges = Array.isArray(accessMap) ? accessMap.length : Array.isArray((accessMap as { edges?: unknown }).edges) ? (accessMap as { edges: unknown[] }).edges.length : undefined;
  return `<section id="sg-access-map" data-hook="access-map"><h2>Cross-account access</h2>` +
    `<!-- squadguard:access-map hook: render the access map picture here -->` +
    `<p class="sg-muted">${edges === undefined ? 'Access map data is embedded in this report.' : `${esc(edges)} cross-account edge(s); the picture is not drawn yet.`}</p>` +
    `<script type="application/json" id="sg-access-map-data">${scriptSafeJson(accessMap)}</script></section>`;
}
