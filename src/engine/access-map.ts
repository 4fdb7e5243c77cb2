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
 * grantee account the directory does not know (marked unknown, never dropped). Fed one finding at a time,
 * so a streamed evaluation keeps only the edges, never the findings.
 */
export class AccessMapBuilder {
  private readonly edges = new Map<string, AccessMapEdge>();
  private isolationJudged = false;

  add(finding: Finding): void {
    if (!ISOLATION_RULE.test(finding.ruleId)) return;
    this.isolationJudged = true;
    const edge = finding.evidence?.edge as EdgeEvidence | undefined;
    const classification = finding.evidence?.classification;
    if (!edge || typeof classification !== 'string') return;
    const key = `${finding.resource.arn}|${edge.statement.index}|${granteeId(edge.grantee as Grantee)}`;
    const entry = this.edges.get(key) ?? {
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
    this.edges.set(key, entry);
  }

  /** The map over `directory`; undefined when no isolation rule judged anything. */
  build(directory: Target[]): AccessMap | undefined {
    if (this.edges.size === 0 && !this.isolationJudged) return undefined;
    const accounts = new Map<string, AccessMapAccount>();
    for (const target of directory) {
      const account: AccessMapAccount = { accountId: target.accountId, known: true };
      if (target.name) account.name = target.name;
      if (target.squad) account.squad = target.squad;
      if (target.accountType) account.accountType = target.accountType;
      accounts.set(target.accountId, account);
    }
    for (const edge of this.edges.values()) {
      const id = edge.grantee.accountId;
      if (id && !accounts.has(id)) accounts.set(id, { accountId: id, known: false });
    }
    const list = [...this.edges.values()].sort(
      (a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || a.resource.arn.localeCompare(b.resource.arn) || a.statement.index - b.statement.index,
    );
    return { accounts: [...accounts.values()].sort((a, b) => (a.squad ?? '~').localeCompare(b.squad ?? '~') || a.accountId.localeCompare(b.accountId)), edges: list };
  }
}

/** The access map of a list of findings (see AccessMapBuilder). */
export function buildAccessMap(findings: Iterable<Finding>, directory: Target[]): AccessMap | undefined {
  const builder = new AccessMapBuilder();
  for (const finding of findings) builder.add(finding);
  return builder.build(directory);
}
