import { granteeId, type Grantee } from '../analysis/access-edges.js';
import type { AccessMap, AccessMapAccount, AccessMapEdge } from '../model/access-map.js';
import type { Finding, FindingResource } from '../model/finding.js';
import type { Target } from '../model/inventory.js';
import { InternedJson, InternedStrings } from '../text/interned.js';

const ISOLATION_RULE = /^isolation-/;
const STATUS_RANK: Record<AccessMapEdge['status'], number> = { pass: 0, waived: 1, error: 2, fail: 3 };

interface EdgeEvidence {
  grantee: AccessMapEdge['grantee'];
  statement: AccessMapEdge['statement'];
  accessLevels: readonly string[];
  actions: readonly string[];
  actionCount: number;
}

/**
 * The access map, derived from the isolation rules' findings (each carries its edge as evidence), so it
 * agrees with waivers, baselines and shard merges by construction. Accounts: the directory, plus every
 * grantee account the directory does not know (marked unknown, never dropped). Fed one finding at a time,
 * so a streamed evaluation keeps only the edges, never the findings.
 *
 * An organization's edges repeat a few values many times (grantees, access levels, actions, rule lists,
 * account ids, regions): each edge holds shared frozen copies of them, so what an edge costs is mostly its
 * resource's ARN and name.
 */
export class AccessMapBuilder {
  /** The edges in the order first seen: the map's order among edges that sort alike. */
  private readonly edges: AccessMapEdge[] = [];
  /**
   * Each resource's edges, by ARN (a string its reference holds anyway, so no key string per edge): most
   * resources grant once, so the edge itself; a resource that grants several times, its edges by grant.
   */
  private readonly byResource = new Map<string, AccessMapEdge | Map<string, AccessMapEdge>>();
  private readonly json = new InternedJson();
  private readonly strings = new InternedStrings();
  private isolationJudged = false;

  add(finding: Finding): void {
    if (!ISOLATION_RULE.test(finding.ruleId)) return;
    this.isolationJudged = true;
    const edge = finding.evidence?.edge as EdgeEvidence | undefined;
    const classification = finding.evidence?.classification;
    if (!edge || typeof classification !== 'string') return;
    const grant = grantOf(edge);
    const held = this.byResource.get(finding.resource.arn);
    let entry = held instanceof Map ? held.get(grant) : held && grantOf(held) === grant ? held : undefined;
    if (!entry) {
      const sibling = held instanceof Map ? held.values().next().value : held;
      entry = {
        resource: this.resourceRef(finding.resource, sibling?.resource),
        grantee: this.json.of(edge.grantee),
        classification: this.strings.of(classification),
        statement: this.json.of(edge.statement),
        accessLevels: this.json.of(edge.accessLevels),
        actions: this.json.of(edge.actions),
        actionCount: edge.actionCount,
        status: 'pass',
        failedRules: this.json.of([]),
      };
      this.edges.push(entry);
      // Keyed by the reference's own ARN: the finding's copy of the string is not kept.
      if (held === undefined) this.byResource.set(entry.resource.arn, entry);
      else if (held instanceof Map) held.set(grant, entry);
      else this.byResource.set(held.resource.arn, new Map([[grantOf(held), held], [grant, entry]]));
    }
    if (STATUS_RANK[finding.status] > STATUS_RANK[entry.status]) entry.status = finding.status;
    if (finding.status === 'fail' || finding.status === 'waived') entry.failedRules = this.json.of([...entry.failedRules, finding.ruleId]);
  }

  /** The reference an edge keeps: its resource's other edges' when this finding describes the resource alike, else its own. */
  private resourceRef(resource: FindingResource, sibling: AccessMapEdge['resource'] | undefined): AccessMapEdge['resource'] {
    return sibling && JSON.stringify(sibling) === JSON.stringify(resource) ? sibling : this.compactRef(resource);
  }

  private compactRef(resource: FindingResource): AccessMapEdge['resource'] {
    // A copy through JSON keeps the members' order, and its shape is one many copies share (a spread
    // copy, once frozen, takes a hidden class of its own: ~200 bytes more per resource).
    const ref = JSON.parse(JSON.stringify(resource)) as FindingResource;
    ref.type = this.strings.of(ref.type);
    ref.accountId = this.strings.of(ref.accountId);
    ref.region = this.strings.of(ref.region);
    return Object.freeze(ref);
  }

  /** The map over `directory`; undefined when no isolation rule judged anything. */
  build(directory: Target[]): AccessMap | undefined {
    if (this.edges.length === 0 && !this.isolationJudged) return undefined;
    const accounts = new Map<string, AccessMapAccount>();
    for (const target of directory) {
      const account: AccessMapAccount = { accountId: target.accountId, known: true };
      if (target.name) account.name = target.name;
      if (target.squad) account.squad = target.squad;
      if (target.accountType) account.accountType = target.accountType;
      accounts.set(target.accountId, account);
    }
    for (const edge of this.edges) {
      const id = edge.grantee.accountId;
      if (id && !accounts.has(id)) accounts.set(id, { accountId: id, known: false });
    }
    const list = [...this.edges].sort(
      (a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status] || a.resource.arn.localeCompare(b.resource.arn) || a.statement.index - b.statement.index,
    );
    return { accounts: [...accounts.values()].sort((a, b) => (a.squad ?? '~').localeCompare(b.squad ?? '~') || a.accountId.localeCompare(b.accountId)), edges: list };
  }
}

/** What tells a resource's edges apart: the statement and the grantee. */
function grantOf(edge: Pick<AccessMapEdge, 'statement' | 'grantee'>): string {
  return `${edge.statement.index}|${granteeId(edge.grantee as Grantee)}`;
}

/** The access map of a list of findings (see AccessMapBuilder). */
export function buildAccessMap(findings: Iterable<Finding>, directory: Target[]): AccessMap | undefined {
  const builder = new AccessMapBuilder();
  for (const finding of findings) builder.add(finding);
  return builder.build(directory);
}
