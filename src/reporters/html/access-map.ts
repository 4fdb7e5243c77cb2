import { accessLabel, actionsLabel, type AccessMap, type AccessMapAccount, type AccessMapEdge } from '../../model/access-map.js';
import type { ReportView } from '../../model/report.js';
import { compactJsonChunks } from '../../text/bounded-json.js';
import { escapeHtml as esc, scriptSafe } from './escape.js';

/**
 * The cross-account access map as a picture: accounts grouped by squad (columns), platform accounts and
 * accounts outside the directory in columns of their own, "anyone" and "organization" as pseudo-accounts;
 * one arrow per (grantee, resource account) pair, coloured by the worst verdict of its grants. Drawn as
 * inline SVG at render time (no script needed); every label comes from AWS or the directory and is escaped.
 * The edges stay available as JSON in `#sg-access-map-data` and as a table below the picture.
 */

const TYPE_ORDER = ['modeling', 'tooling', 'serving-nonprod', 'serving-prod'];
const STATUS_COLOUR: Record<AccessMapEdge['status'], string> = { fail: '#c62828', error: '#6d6d6d', waived: '#b7791f', pass: '#2e7d32' };
const STATUS_RANK: Record<AccessMapEdge['status'], number> = { pass: 0, waived: 1, error: 2, fail: 3 };
const BOX = { width: 190, height: 38, gapX: 90, gapY: 14, top: 44, left: 16 };
const TABLE_LIMIT = 500;
/** Height an arrow rises per column it jumps over. */
const LIFT = 16;

interface Node {
  id: string;
  label: string;
  sublabel: string;
  column: number;
  row: number;
  known: boolean;
}

function nodeIdOf(edge: AccessMapEdge): string {
  if (edge.grantee.kind === 'account') return edge.grantee.accountId ?? 'unknown';
  return edge.grantee.kind === 'organization' ? 'organization' : 'anyone';
}

function columnsOf(map: AccessMap, platformTypes: Set<string>): { titles: string[]; nodes: Map<string, Node> } {
  const groups = new Map<string, AccessMapAccount[]>();
  const add = (title: string, account: AccessMapAccount): void => void groups.set(title, [...(groups.get(title) ?? []), account]);
  for (const account of map.accounts) {
    if (!account.known) add('outside the directory', account);
    else if (account.accountType && platformTypes.has(account.accountType)) add('platform', account);
    else add(account.squad ? `squad ${account.squad}` : 'no squad', account);
  }
  const pseudo = new Set(map.edges.filter((edge) => edge.grantee.kind !== 'account').map(nodeIdOf));
  const titles = [...groups.keys()].sort((a, b) => rankTitle(a) - rankTitle(b) || a.localeCompare(b));
  if (pseudo.size > 0) titles.push('organization / anyone');
  const nodes = new Map<string, Node>();
  titles.forEach((title, column) => {
    const members = (groups.get(title) ?? []).sort(
      (a, b) => typeRank(a.accountType) - typeRank(b.accountType) || a.accountId.localeCompare(b.accountId),
    );
    members.forEach((account, row) =>
      nodes.set(account.accountId, {
        id: account.accountId,
        label: account.name ?? account.accountId,
        sublabel: account.known ? `${account.accountId}${account.accountType ? ` · ${account.accountType}` : ''}` : `${account.accountId} · unknown`,
        column,
        row,
        known: account.known,
      }),
    );
  });
  const pseudoColumn = titles.length - 1;
  [...pseudo].sort().forEach((id, row) =>
    nodes.set(id, { id, label: id === 'anyone' ? 'anyone (public)' : 'whole organization / OU', sublabel: id, column: pseudoColumn, row, known: false }),
  );
  return { titles, nodes };
}

const rankTitle = (title: string): number => (title.startsWith('squad ') ? 0 : title === 'platform' ? 1 : title === 'no squad' ? 2 : 3);
const typeRank = (type: string | undefined): number => {
  const index = TYPE_ORDER.indexOf(type ?? '');
  return index < 0 ? TYPE_ORDER.length : index;
};

const x = (node: Node): number => BOX.left + node.column * (BOX.width + BOX.gapX);
const y = (node: Node): number => BOX.top + node.row * (BOX.height + BOX.gapY);

function arrow(from: Node, to: Node, status: AccessMapEdge['status'], count: number, title: string): string {
  const colour = STATUS_COLOUR[status];
  const fy = y(from) + BOX.height / 2;
  const ty = y(to) + BOX.height / 2;
  let path: string;
  if (from.column === to.column) {
    // Inside one column (a squad's own flow): an arc on the right-hand side.
    const side = x(from) + BOX.width;
    const bulge = side + 24 + Math.abs(from.row - to.row) * 10;
    path = `M${side},${fy} C${bulge},${fy} ${bulge},${ty} ${side + 4},${ty}`;
  } else {
    const rightwards = from.column < to.column;
    const fx = rightwards ? x(from) + BOX.width : x(from);
    const tx = rightwards ? x(to) - 4 : x(to) + BOX.width + 4;
    const span = Math.abs(from.column - to.column);
    if (span === 1) {
      const mid = (fx + tx) / 2;
      path = `M${fx},${fy} C${mid},${fy} ${mid},${ty} ${tx},${ty}`;
    } else {
      // Over intermediate columns: leave and enter at the boxes' tops, arcing above the rows in between.
      const sx = x(from) + BOX.width / 2 + (rightwards ? 20 : -20);
      const ex = x(to) + BOX.width / 2 + (rightwards ? -20 : 20);
      const sy = y(from);
      const ey = y(to) - 4;
      const peak = BOX.top - 8 - LIFT * (span - 1);
      path = `M${sx},${sy} C${sx},${peak} ${ex},${peak} ${ex},${ey}`;
    }
  }
  const width = Math.min(6, 1.5 + Math.log2(count));
  return `<path d="${path}" fill="none" stroke="${colour}" stroke-width="${width.toFixed(1)}" marker-end="url(#sg-am-${status})" class="sg-am-edge sg-am-${status}"><title>${esc(title)}</title></path>`;
}

/** The SVG picture of the access map. */
export function accessMapSvg(map: AccessMap, platformTypes: string[] = ['platform', 'data-lake', 'security', 'log-archive']): string {
  const { titles, nodes } = columnsOf(map, new Set(platformTypes));
  const pairs = new Map<string, { from: string; to: string; status: AccessMapEdge['status']; count: number; lines: string[] }>();
  for (const edge of map.edges) {
    const from = nodeIdOf(edge);
    const key = `${from}>${edge.resource.accountId}`;
    const pair = pairs.get(key) ?? { from, to: edge.resource.accountId, status: 'pass' as const, count: 0, lines: [] };
    pair.count += 1;
    if (STATUS_RANK[edge.status] > STATUS_RANK[pair.status]) pair.status = edge.status;
    if (pair.lines.length < 8) pair.lines.push(`${edge.status.toUpperCase()} ${edge.classification}: ${accessLabel(edge)} on ${edge.resource.name}`);
    pairs.set(key, pair);
  }
  const rows = Math.max(1, ...[...nodes.values()].map((node) => node.row + 1));
  const width = BOX.left * 2 + titles.length * BOX.width + Math.max(0, titles.length - 1) * BOX.gapX + 60;
  // Room above the boxes for arrows that arc over other columns.
  const headroom = LIFT * Math.max(0, titles.length - 2) + 12;
  const height = BOX.top + rows * (BOX.height + BOX.gapY) + 10 + headroom;
  const markers = (Object.keys(STATUS_COLOUR) as Array<AccessMapEdge['status']>)
    .map((status) => `<marker id="sg-am-${status}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${STATUS_COLOUR[status]}"/></marker>`)
    .join('');
  const headers = titles.map((title, column) => `<text x="${BOX.left + column * (BOX.width + BOX.gapX)}" y="24" class="sg-am-column">${esc(title)}</text>`).join('');
  const boxes = [...nodes.values()]
    .map(
      (node) =>
        `<g class="sg-am-account${node.known ? '' : ' sg-am-unknown'}"><rect x="${x(node)}" y="${y(node)}" width="${BOX.width}" height="${BOX.height}" rx="5" fill="${node.known ? '#f4f6fa' : '#fff4e5'}" stroke="${node.known ? '#8a94a6' : '#b7791f'}"${node.known ? '' : ' stroke-dasharray="4 3"'}/>` +
        `<text x="${x(node) + 8}" y="${y(node) + 16}" class="sg-am-label">${esc(truncate(node.label, 26))}</text>` +
        `<text x="${x(node) + 8}" y="${y(node) + 31}" class="sg-am-sub">${esc(truncate(node.sublabel, 32))}</text></g>`,
    )
    .join('');
  const arrows = [...pairs.values()]
    .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status])
    .map((pair) => {
      const from = nodes.get(pair.from);
      const to = nodes.get(pair.to);
      if (!from || !to) return '';
      return arrow(from, to, pair.status, pair.count, `${from.label} → ${to.label}: ${pair.count} grant(s)\n${pair.lines.join('\n')}`);
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sg-access-map-svg" role="img" aria-label="Cross-account access map" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs>${markers}</defs><style>.sg-am-column{font:600 13px sans-serif;fill:#333}.sg-am-label{font:600 12px sans-serif;fill:#222}.sg-am-sub{font:11px monospace;fill:#555}</style>` +
    `<g transform="translate(0,${headroom})">${headers}${boxes}${arrows}</g></svg>`
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The edge's evidence, folded: how the grantee was derived, the rules it failed, the statement. */
function evidence(edge: AccessMapEdge): string {
  const detail = {
    grantee: edge.grantee,
    statement: edge.statement,
    classification: edge.classification,
    failedRules: edge.failedRules,
    accessLevels: edge.accessLevels,
    actions: edge.actions,
    actionCount: edge.actionCount,
  };
  return `<details class="sg-am-evidence"><summary>show</summary><pre>${esc(JSON.stringify(detail, null, 2))}</pre></details>`;
}

function edgeTable(map: AccessMap): string {
  const accounts = new Map(map.accounts.map((account) => [account.accountId, account]));
  const who = (id: string | undefined): string => {
    const account = id ? accounts.get(id) : undefined;
    if (!id) return '';
    if (!account?.known) return `${id} (unknown)`;
    return `${account.name ?? id} (${[account.squad, account.accountType].filter(Boolean).join(', ') || id})`;
  };
  const rows = map.edges.slice(0, TABLE_LIMIT).map((edge) => {
    const grantee = edge.grantee.kind === 'account' ? who(edge.grantee.accountId) : edge.grantee.kind === 'organization' ? `organization ${edge.grantee.orgPaths?.join(', ') ?? edge.grantee.organizationId ?? ''}` : `anyone (${edge.grantee.via})`;
    return `<tr class="sg-am-row sg-am-${edge.status}"><td>${esc(edge.status)}</td><td>${esc(grantee)}</td><td>${esc(who(edge.resource.accountId))}</td><td>${esc(edge.classification)}</td><td>${esc(accessLabel(edge))}</td><td><code>${esc(edge.resource.arn)}</code></td><td>${esc(edge.statement.sid ?? `#${edge.statement.index}`)}</td><td><code>${esc(actionsLabel(edge))}</code></td><td>${evidence(edge)}</td></tr>`;
  });
  const more = map.edges.length > TABLE_LIMIT ? `<p class="sg-muted">${esc(map.edges.length - TABLE_LIMIT)} more edge(s) in the JSON data.</p>` : '';
  return `<div class="sg-table-wrap"><table class="sg-static sg-am-table"><thead><tr><th>status</th><th>grantee</th><th>resource account</th><th>class</th><th>access</th><th>resource</th><th>statement</th><th>actions</th><th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

/**
 * The access map's section, in pieces: at organization scale its data (every edge, for the page's script) is
 * megabytes of JSON, never built as one string.
 */
export function* accessMapChunks(report: ReportView): Generator<string> {
  const map = report.accessMap;
  if (!map) return;
  const failing = map.edges.filter((edge) => edge.status === 'fail').length;
  const unknown = map.accounts.filter((account) => !account.known).length;
  yield (
    `<section id="sg-access-map" data-hook="access-map"><h2>Cross-account access</h2>` +
    `<p class="sg-muted">${esc(map.edges.length)} cross-account grant(s) between ${esc(map.accounts.length)} account(s); ${esc(failing)} failing; ${esc(unknown)} grantee account(s) outside the directory. Arrows point from the grantee to the account whose resource grants; red = fails an isolation rule, amber = waived, grey = could not decide, green = allowed.</p>` +
    `<div class="sg-am-picture" style="overflow:auto">${map.edges.length > 0 ? accessMapSvg(map) : ''}</div>`
  );
  yield edgeTable(map);
  yield `<script type="application/json" id="sg-access-map-data">`;
  // Map, its two lists, then one piece per account or edge; escaping is per character, so per piece.
  for (const piece of compactJsonChunks(map, 2)) yield scriptSafe(piece);
  yield `</script></section>`;
}
