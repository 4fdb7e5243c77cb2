import type { Account } from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import type { ClientFactory } from './clients.js';
import { toCollectionError } from './errors.js';
import type { CollectionError } from '../model/resource.js';
import { NetworkError, OrganizationError } from './access-errors.js';
import { classifyNetworkError } from './network-errors.js';
import { sdkPackage } from './sdk-packages.js';

const {
  DescribeOrganizationCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListRoots,
  paginateListTagsForResource,
} = sdkPackage('@aws-sdk/client-organizations');

export const DEFAULT_SQUAD_TAG = 'squad';
export const DEFAULT_ACCOUNT_TYPE_TAG = 'account-type';

/** Organizations calls in flight at once during discovery (its API allows only a few requests a second). */
const ORGANIZATIONS_CONCURRENCY = 4;

export interface OrgDiscoveryOptions {
  /** OU ids to scan (with their nested OUs); default: the whole organization. */
  ous?: string[];
  squadTag: string;
  accountTypeTag: string;
  /** Region for the Organizations client (its endpoint is global; the SDK still needs one). */
  region: string;
}

export interface OrgAccount {
  accountId: string;
  name?: string;
  /** OU ids from the root, e.g. `r-ab12/ou-ab12-cd34efgh`. */
  ouPath: string;
  squad?: string;
  accountType?: string;
  /** Why the account's tags could not be read (its squad and type are then unknown). */
  tagsError?: CollectionError;
}

export interface OrgDiscovery {
  organizationId?: string;
  managementAccountId?: string;
  /** Active accounts, sorted by id. */
  accounts: OrgAccount[];
  /** Accounts not scanned because they are not ACTIVE (suspended, pending closure, …). */
  skipped: Array<{ accountId: string; name?: string; state: string }>;
}

export { OrganizationError };

/** ACTIVE by the newer `State` field, or by the deprecated `Status` that older endpoints still return. */
function stateOf(account: Account): string {
  return String(account.State ?? account.Status ?? 'UNKNOWN');
}

/**
 * Lists the organization's accounts by walking the OU tree from the root (or from the given OUs), so each
 * account's OU path comes with the listing (no ListParents call per account), and reads each active
 * account's tags (its squad and account type) as soon as the walk names it. Needs organizations:Describe*\/List* in the management
 * account or a delegated administrator account.
 */
export async function discoverOrganization(clients: ClientFactory, options: OrgDiscoveryOptions): Promise<OrgDiscovery> {
  const org = clients.client('Organizations', options.region);
  const step = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const problem = toCollectionError(error, `Organizations.${operation}`);
      // Unreachable is not "not a management account": name the network failure.
      if (classifyNetworkError(error)) throw new NetworkError(`cannot reach AWS Organizations: ${problem.code}: ${problem.message}`);
      throw new OrganizationError(`cannot list the organization: ${problem.operation} failed (${problem.code}): ${problem.message}`);
    }
  };

  // Organizations allows only a few requests per second: a small bound, adaptive retries do the rest. Calls
  // that do not depend on each other share it instead of waiting on each other.
  const limit = pLimit(ORGANIZATIONS_CONCURRENCY);
  const description = limit(() => step('DescribeOrganization', () => org.send(new DescribeOrganizationCommand({}))));
  const starting: Promise<Array<{ id: string; path: string }>> =
    options.ous && options.ous.length > 0
      ? Promise.all(options.ous.map((ou) => limit(() => step('ListParents', async () => ({ id: ou, path: await pathOf(clients, options.region, ou) })))))
      : limit(() =>
          step('ListRoots', async () => {
            const roots: Array<{ id: string; path: string }> = [];
            for await (const page of paginateListRoots({ client: org }, {})) {
              for (const root of page.Roots ?? []) if (root.Id) roots.push({ id: root.Id, path: root.Id });
            }
            return roots;
          }),
        );
  // Both in flight at once; when both fail, DescribeOrganization's failure (not an organization's
  // management account, unreachable) is the one that explains it.
  const [described, started] = await Promise.allSettled([description, starting]);
  if (described.status === 'rejected') throw described.reason;
  if (started.status === 'rejected') throw started.reason;

  const skipped: OrgDiscovery['skipped'] = [];
  const active: OrgAccount[] = [];
  const tagged: Array<Promise<void>> = [];
  const seen = new Set<string>();
  // Each active account's tags are read as soon as its parent's listing names it, while the walk goes on.
  const readTags = async (entry: OrgAccount): Promise<void> => {
    try {
      const tags: Record<string, string> = {};
      await limit(async () => {
        for await (const page of paginateListTagsForResource({ client: org }, { ResourceId: entry.accountId })) {
          for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
        }
      });
      const squad = tags[options.squadTag];
      const accountType = tags[options.accountTypeTag];
      if (squad) entry.squad = squad;
      if (accountType) entry.accountType = accountType;
    } catch (error) {
      entry.tagsError = toCollectionError(error, 'Organizations.ListTagsForResource');
    }
  };
  const listAccounts = (parent: { id: string; path: string }): Promise<void> =>
    limit(() =>
      step('ListAccountsForParent', async () => {
        for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parent.id })) {
          for (const account of page.Accounts ?? []) {
            // Nested OUs given together (--ou parent --ou child) list an account twice: once is enough.
            if (!account.Id || seen.has(account.Id)) continue;
            seen.add(account.Id);
            const state = stateOf(account);
            if (state !== 'ACTIVE') {
              skipped.push({ accountId: account.Id, ...(account.Name ? { name: account.Name } : {}), state });
              continue;
            }
            const entry: OrgAccount = { accountId: account.Id, ...(account.Name ? { name: account.Name } : {}), ouPath: parent.path };
            active.push(entry);
            tagged.push(readTags(entry));
          }
        }
      }),
    );
  const listChildren = (parent: { id: string; path: string }): Promise<Array<{ id: string; path: string }>> =>
    limit(() =>
      step('ListOrganizationalUnitsForParent', async () => {
        const children: Array<{ id: string; path: string }> = [];
        for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent.id })) {
          for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) children.push({ id: ou.Id, path: `${parent.path}/${ou.Id}` });
        }
        return children;
      }),
    );
  // A parent's accounts and its OUs are listed at once, and the OUs of one level are walked together.
  const walk = async (parent: { id: string; path: string }): Promise<void> => {
    const [, children] = await Promise.all([listAccounts(parent), listChildren(parent)]);
    await Promise.all(children.map(walk));
  };
  await Promise.all(started.value.map(walk));
  await Promise.all(tagged);
  const organization = described.value.Organization;

  active.sort((a, b) => a.accountId.localeCompare(b.accountId));
  const result: OrgDiscovery = { accounts: active, skipped: skipped.sort((a, b) => a.accountId.localeCompare(b.accountId)) };
  if (organization?.Id) result.organizationId = organization.Id;
  if (organization?.MasterAccountId) result.managementAccountId = organization.MasterAccountId;
  return result;
}

/** `r-…/ou-…/ou-…` for an OU: ListParents up to the root (depth is at most 5 in AWS Organizations). */
async function pathOf(clients: ClientFactory, region: string, ouId: string): Promise<string> {
  const org = clients.client('Organizations', region);
  const path = [ouId];
  let current = ouId;
  for (let depth = 0; depth < 8; depth++) {
    let parent: { Id?: string; Type?: string } | undefined;
    for await (const page of paginateListParents({ client: org }, { ChildId: current })) parent ??= page.Parents?.[0];
    if (!parent?.Id) break;
    path.unshift(parent.Id);
    if (parent.Type === 'ROOT') break;
    current = parent.Id;
  }
  return path.join('/');
}
