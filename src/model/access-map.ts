/** The cross-account access edges of a scan, as the report carries them (see the isolation rules). */

export interface AccessMapAccount {
  accountId: string;
  name?: string;
  squad?: string;
  accountType?: string;
  /** false: granted to, but neither scanned nor in the account directory (outside the organization as far as the scan knows). */
  known: boolean;
}

/**
 * One grant. The values edges repeat (resource, grantee, statement, access levels, actions, failed rules) are
 * read-only: an edge the engine built shares frozen copies of them with other edges.
 */
export interface AccessMapEdge {
  resource: Readonly<{ arn: string; type: string; name: string; accountId: string; region: string }>;
  grantee: Readonly<{
    kind: 'account' | 'organization' | 'anyone';
    accountId?: string;
    principal?: string;
    organizationId?: string;
    orgPaths?: readonly string[];
    via: string;
  }>;
  /** How the grant was classified against the directory: same-squad, platform, cross-squad, org-wide, external, partner. */
  classification: string;
  statement: Readonly<{ index: number; sid?: string }>;
  accessLevels: readonly string[];
  /** The granted actions as IAM writes them (`*`, `service:*`, names; a few), and how many actions in all. */
  actions: readonly string[];
  actionCount: number;
  /** Worst status the isolation rules gave this edge. */
  status: 'pass' | 'fail' | 'waived' | 'error';
  /** Isolation rules whose finding on this edge failed (or was waived). */
  failedRules: readonly string[];
}

export interface AccessMap {
  accounts: AccessMapAccount[];
  edges: AccessMapEdge[];
}

/** An edge's access levels in words, never empty. */
export function accessLabel(edge: Pick<AccessMapEdge, 'accessLevels'>): string {
  return edge.accessLevels.length > 0 ? edge.accessLevels.join(', ') : 'none today';
}

/** An edge's actions as written (`*` stays `*`), with the count of actions when it says more. */
export function actionsLabel(edge: Pick<AccessMapEdge, 'actions' | 'actionCount'>): string {
  if (edge.actions.length === 0) return edge.actionCount > 0 ? `${edge.actionCount.toLocaleString('en')} action(s)` : 'none';
  const shown = edge.actions.join(', ');
  return edge.actionCount > edge.actions.length ? `${shown} (${edge.actionCount.toLocaleString('en')} actions)` : shown;
}
