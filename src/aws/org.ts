import {
  DescribeOrganizationCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListRoots,
  paginateListTagsForResource,
  type Account,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import type { ClientFactory } from './clients.js';
import { toCollectionError } from './errors.js';
import type { CollectionError } from '../model/resource.js';
import { NetworkError, OrganizationError } from './access-errors.js';
import { classifyNetworkError } from './network-errors.js';

export const DEFAULT_SQUAD_TAG = 'squad';
export const DEFAULT_ACCOUNT_TYPE_TAG = 'account-type';

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
 * account's OU path comes with the listing (no ListParents call per account), then reads each active
 * account's tags for its squad and account type. Needs organizations:Describe*\/List* in the management
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

  const description = await step('DescribeOrganization', () => org.send(new DescribeOrganizationCommand({})));
  const starts: Array<{ id: string; path: string }> = [];
  if (options.ous && options.ous.length > 0) {
    for (const ou of options.ous) starts.push({ id: ou, path: await step('ListParents', () => pathOf(clients, options.region, ou)) });
  } else {
    await step('ListRoots', async () => {
      for await (const page of paginateListRoots({ client: org }, {})) {
        for (const root of page.Roots ?? []) if (root.Id) starts.push({ id: root.Id, path: root.Id });
      }
    });
  }

  const found = new Map<string, { account: Account; path: string }>();
  const queue = [...starts];
  while (queue.length > 0) {
    const parent = queue.shift() as { id: string; path: string };
    await step('ListAccountsForParent', async () => {
      for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parent.id })) {
        for (const account of page.Accounts ?? []) if (account.Id) found.set(account.Id, { account, path: parent.path });
      }
    });
    await step('ListOrganizationalUnitsForParent', async () => {
      for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent.id })) {
        for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) queue.push({ id: ou.Id, path: `${parent.path}/${ou.Id}` });
      }
    });
  }

  const skipped: OrgDiscovery['skipped'] = [];
  const active: OrgAccount[] = [];
  for (const [accountId, { account, path }] of found) {
    const state = stateOf(account);
    if (state !== 'ACTIVE') {
      skipped.push({ accountId, ...(account.Name ? { name: account.Name } : {}), state });
      continue;
    }
    active.push({ accountId, ...(account.Name ? { name: account.Name } : {}), ouPath: path });
  }

  // Organizations allows only a few requests per second: a small bound, adaptive retries do the rest.
  const limit = pLimit(4);
  await Promise.all(
    active.map((entry) =>
      limit(async () => {
        try {
          const tags: Record<string, string> = {};
          for await (const page of paginateListTagsForResource({ client: org }, { ResourceId: entry.accountId })) {
            for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
          }
          const squad = tags[options.squadTag];
          const accountType = tags[options.accountTypeTag];
          if (squad) entry.squad = squad;
          if (accountType) entry.accountType = accountType;
        } catch (error) {
          entry.tagsError = toCollectionError(error, 'Organizations.ListTagsForResource');
        }
      }),
    ),
  );

  active.sort((a, b) => a.accountId.localeCompare(b.accountId));
  const result: OrgDiscovery = { accounts: active, skipped: skipped.sort((a, b) => a.accountId.localeCompare(b.accountId)) };
  if (description.Organization?.Id) result.organizationId = description.Organization.Id;
  if (description.Organization?.MasterAccountId) result.managementAccountId = description.Organization.MasterAccountId;
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
