import { granteeId, type Grantee } from '../analysis/access-edges.js';
import type { AccessMap, AccessMapAccount, AccessMapEdge } from '../model/access-map.js';
import type { Finding } from '../model/finding.js';
import type { Target } from '../model/inventory.js';

const ISOLATION_RULE = /^isolation-/;
const STATUS_RANK: Record<AccessMapEdge['status'], number> = { pass: 0, waived: 1, error: 2, fail: 3 };

interface EdgeEvidence {
  grantee: AccessMapEdge['grantee'];
  statement: AccessMapEdge['statement'];
  accessLevels: string[];
  actions: string[];
  actionCount: number;
}

/**
 * The access map, derived from the isolation rules' findings (each carries its edge as evidence), so it
 * agrees with waivers, baselines and shard merges by construction. Accounts: the directory, plus every
 * grantee account the directory does not know (marked unknown, never dropped).
 */
export function buildAccessMap(findings: Finding[], directory: Target[]): AccessMap | undefined {
  const edges = new Map<string, AccessMapEdge>();
  for (const finding of findings) {
    if (!ISOLATION_RULE.test(finding.ruleId)) continue;
    const edge = finding.evidence?.edge as EdgeEvidence | undefined;
    const classification = finding.evidence?.classification;
    if (!edge || typeof classification !== 'string') continue;
    const key = `${finding.resource.arn}|${edge.statement.index}|${granteeId(edge.grantee as Grantee)}`;
    const entry = edges.get(key) ?? {
      resource: finding.resource,
      grantee: edge.grantee,
      classification,
      statement: edge.statement,
      accessLevels: edge.accessLevels,
      actions: edge.actions,
      actionCount: edge.actionCount,
      status: 'pass' as const,
      failedRules: [],
    };
    if (STATUS_RANK[finding.status] > STATUS_RANK[entry.status]) entry.status = finding.status;
    if (finding.status === 'fail' || finding.status === 'waived') entry.failedRules.push(finding.ruleId);
    edges.set(key, entry);
  }
  if (edges.size === 0 && !findings.some((finding) => ISOLATION_RULE.test(finding.ruleId))) return undefined;
  const accounts = new Map<string, AccessMapAccount>();
  for (const target of directory) {
    const account: AccessMapAccount = { accountId: target.accountId, known: true };
    if (target.name) account.name = target.name;
    if (target.squad) account.squad = target.squad;
    if (target.accountType) account.accountType = target.accountType;
    accounts.set(target.accountId, account);
  }
  for (const edge of edges.values()) {
    const id = edge.grantee.accountId;
    if (id && !accounts.has(id)) accounts.set(id, { accountId: id, known: false });
  }
  const list = [...edges.values()].sort(
    (a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || a.resource.arn.localeCompare(b.resource.arn) || a.statement.index - b.statement.index,
  );
  return { accounts: [...accounts.values()].sort((a, b) => (a.squad ?? '~').localeCompare(b.squad ?? '~') || a.accountId.localeCompare(b.accountId)), edges: list };
}
