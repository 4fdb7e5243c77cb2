import { withHeader } from '../../engine/evaluate.js';
import { openInventory } from '../../pipeline/inventory-stream.js';
import { judgeHeader } from '../../pipeline/judge.js';
import { openReport } from '../../pipeline/report-stream.js';
import { loadRuleSet } from '../../pipeline/policies.js';
import { UsageError } from '../../pipeline/errors.js';
import { withDirectoryFile } from '../../pipeline/directory.js';
import { accessLabel, actionsLabel, type AccessMap, type AccessMapAccount } from '../../model/access-map.js';
import type { AccessMapFlags } from '../commands/access-map.js';
import { inertJson, print, writeRaw } from '../terminal.js';
import { inert } from '../../text/inert.js';

function accountLabel(accounts: Map<string, AccessMapAccount>, id: string | undefined): string {
  if (!id) return '';
  const account = accounts.get(id);
  if (!account?.known) return `${id} (unknown)`;
  return `${id} ${[account.squad, account.accountType].filter(Boolean).join('/')}`.trim();
}

/** One line per edge: status, resource account → grantee, classification, access levels, resource, statement, actions (`*` as `*`). */
export function accessMapTable(map: AccessMap): string {
  const accounts = new Map(map.accounts.map((account) => [account.accountId, account]));
  const rows = map.edges.map((edge) => [
    edge.status.toUpperCase(),
    accountLabel(accounts, edge.resource.accountId),
    edge.grantee.kind === 'account' ? accountLabel(accounts, edge.grantee.accountId) : edge.grantee.kind === 'organization' ? `organization ${edge.grantee.orgPaths?.join(',') ?? edge.grantee.organizationId ?? ''}`.trim() : 'anyone',
    edge.classification,
    accessLabel(edge).replace(/, /g, '/'),
    edge.resource.arn,
    edge.statement.sid ?? `#${edge.statement.index}`,
    actionsLabel(edge),
  ].map((cell) => inert(cell, { max: 1024 })));
  const header = ['STATUS', 'RESOURCE ACCOUNT', 'GRANTEE', 'CLASS', 'ACCESS', 'RESOURCE', 'STATEMENT', 'ACTIONS'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export async function accessMap(flags: AccessMapFlags): Promise<number> {
  let map: AccessMap | undefined;
  if (flags.inventory) {
    if (flags.report) throw new UsageError('give --report or --inventory, not both');
    const ruleSet = await loadRuleSet(flags.policy, flags.plugin);
    const read = openInventory(flags.inventory);
    try {
      const source = withHeader(read, flags.directory ? withDirectoryFile(read.header, flags.directory) : read.header);
      map = judgeHeader({ ruleSet, source, waiverWarningDays: 14 }).accessMap;
    } finally {
      read.close();
    }
  } else {
    if (flags.directory) throw new UsageError('--directory applies when evaluating an --inventory; a report was judged already');
    const report = openReport(flags.report ?? 'reports/squadguard-report.json');
    map = report.header.accessMap;
    report.close();
  }
  if (!map) throw new UsageError('no access map: the isolation rules did not run (enable isolation-* rules in the policy)');
  const shown: AccessMap = flags.failed ? { ...map, edges: map.edges.filter((edge) => edge.status === 'fail') } : map;
  if (flags.format === 'json') writeRaw('stdout', inertJson(`${JSON.stringify(shown, null, 2)}\n`));
  else print(accessMapTable(shown));
  return 0;
}
