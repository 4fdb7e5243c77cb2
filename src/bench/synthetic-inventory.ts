import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Inventory, Target } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import { repoRoot } from './moto.js';

/**
 * A large organization's inventory for scale measurements: `resources` spread evenly over `accounts`, each
 * account a renamed copy of the demo account's resources (S3 buckets with policies, IAM roles and users with
 * inline policies, KMS keys with key policies, EC2 networks and security groups, SageMaker notebooks and
 * models) in the demo's proportions, written to a file one resource at a time (deterministic).
 */
export interface SyntheticInventoryOptions {
  resources: number;
  accounts: number;
  /** Number of the first account (default 0): inventories of disjoint account ranges make shards of one organization. */
  firstAccount?: number;
  /** Accounts of the whole organization (default `accounts`): the directory, and whom the policies grant to. */
  organizationAccounts?: number;
}

const DEMO_ACCOUNT = '111122223333';
const DEMO_PREFIX = 'claims-fraud';
// Accounts the demo's policies grant to: redrawn as other accounts of the synthetic organization, so the
// isolation rules and the access map see cross-squad grants.
const DEMO_PEERS = ['444455556666', '111122224444'];
const SQUADS = ['vision', 'ranking', 'speech', 'forecasting', 'nlp', 'fraud', 'pricing', 'claims'];
const TYPES = ['modeling', 'tooling', 'serving-nonprod', 'serving-prod'];

export function syntheticAccounts(count: number): Target[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: String(200000000000 + i * 7919),
    name: `${SQUADS[i % SQUADS.length]}-${TYPES[i % TYPES.length]}-${i}`,
    squad: SQUADS[i % SQUADS.length]!,
    accountType: TYPES[i % TYPES.length]!,
    regions: ['eu-central-1'],
  }));
}

function demoInventory(): Inventory {
  return JSON.parse(readFileSync(resolve(repoRoot, 'examples/demo-inventory.json'), 'utf8')) as Inventory;
}

/** Resource types that exist once per account (or region): copied once, never multiplied. */
const SINGLETONS = new Set(['aws.s3.account', 'aws.iam.account', 'aws.iam.root', 'aws.ec2.region-settings']);

/** Yields the synthetic resources account by account (the order `collect` writes them in). */
export function* syntheticResources(options: SyntheticInventoryOptions, demo: Inventory = demoInventory()): Generator<AnyResource> {
  const first = options.firstAccount ?? 0;
  const organization = syntheticAccounts(Math.max(options.organizationAccounts ?? options.accounts, first + options.accounts));
  const accounts = organization.slice(first, first + options.accounts);
  const singletons = demo.resources.filter((resource) => SINGLETONS.has(resource.type)).map((resource) => JSON.stringify(resource));
  const templates = demo.resources.filter((resource) => !SINGLETONS.has(resource.type)).map((resource) => JSON.stringify(resource));
  let left = options.resources;
  for (let a = 0; a < accounts.length; a++) {
    const account = accounts[a]!;
    const peers = DEMO_PEERS.map((_, p) => organization[(first + a + p + 1) % organization.length]!.accountId);
    const rename = (json: string, copy: string): AnyResource => {
      let text = json.split(DEMO_ACCOUNT).join(account.accountId).split(DEMO_PREFIX).join(`${account.squad}-${first + a}${copy}`);
      DEMO_PEERS.forEach((peer, p) => (text = text.split(peer).join(peers[p]!)));
      return JSON.parse(text) as AnyResource;
    };
    const quota = Math.floor(left / (accounts.length - a));
    left -= quota;
    let made = 0;
    for (const json of singletons) {
      if (made >= quota) break;
      yield rename(json, '');
      made++;
    }
    for (let copy = 0; made < quota; copy++) {
      for (const json of templates) {
        if (made >= quota) break;
        const resource = rename(json, `-${copy}`);
        // Identifiers that carry no squad prefix (key ids, security group ids) become unique per copy.
        if (!resource.arn.includes(`-${first + a}-${copy}`)) resource.arn = `${resource.arn}-${copy}`;
        yield resource;
        made++;
      }
    }
  }
}

/** Writes a synthetic inventory to `path` without holding its resources; returns the account count. */
export function writeSyntheticInventory(path: string, options: SyntheticInventoryOptions): { accounts: number; resources: number } {
  const demo = demoInventory();
  const first = options.firstAccount ?? 0;
  const organization = syntheticAccounts(Math.max(options.organizationAccounts ?? options.accounts, first + options.accounts));
  const targets = organization.slice(first, first + options.accounts);
  const { resources: _resources, targets: _targets, directory: _directory, ...rest } = demo;
  const header: Omit<Inventory, 'resources'> = {
    ...rest,
    targets,
    directory: organization,
    organizationId: 'o-synthetic1',
    directoryComplete: true,
    notes: ['Synthetic inventory for scale measurements (renamed copies of the demo account).'],
  };
  const fd = openSync(path, 'w');
  let count = 0;
  try {
    const head = JSON.stringify(header);
    writeSync(fd, `${head.slice(0, -1)},"resources":[`);
    for (const resource of syntheticResources(options, demo)) {
      writeSync(fd, `${count === 0 ? '' : ','}\n${JSON.stringify(resource)}`);
      count++;
    }
    writeSync(fd, '\n]}\n');
  } finally {
    closeSync(fd);
  }
  return { accounts: targets.length, resources: count };
}
