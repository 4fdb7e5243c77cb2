import { sdkPackage } from '../aws/sdk-packages.js';

const { fromIni, fromNodeProviderChain } = sdkPackage('@aws-sdk/credential-providers');
/**
 * The AWS side of the command line: credentials, accounts (org, list, file, shard), collection. Only `scan`
 * and `collect` load this (lazily), so commands that never call AWS do not load the SDK.
 */
import { httpHandlerOptions, type AwsAccessOptions } from '../aws/clients.js';
import { planAccounts, type AccountSource, type AccountsPlan } from '../aws/accounts.js';
import { checkConfiguredEndpoints } from '../aws/endpoint-url.js';
import { checkRegionName } from '../aws/region-names.js';
import { ApiMeter } from '../aws/meter.js';
import { parseShard } from '../aws/shard.js';
import type { ResourceSpill } from '../engine/resource-spill.js';
import type { Inventory, Target } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import { UsageError } from '../pipeline/errors.js';
import type { LoadedRuleSet } from '../pipeline/policies.js';
import { collectInventory, preloadScannersFor } from '../pipeline/scan.js';
import type { ScanOptions } from '../scanners/scanner.js';
import { environmentRegion, resolveRegionScope, type AwsFlags } from './options.js';
import { createProgress } from './progress.js';

export function awsAccess(flags: AwsFlags): Omit<AwsAccessOptions, 'meter'> {
  const access: Omit<AwsAccessOptions, 'meter'> = {};
  if (flags.connectTimeout) access.connectTimeoutMs = Math.round(flags.connectTimeout * 1000);
  if (flags.requestTimeout) access.requestTimeoutMs = Math.round(flags.requestTimeout * 1000);
  // The credential providers' own calls (STS for a role profile or web identity, SSO) get the same timeouts.
  const clientConfig = { requestHandler: httpHandlerOptions(access) };
  access.credentials = flags.profile ? fromIni({ profile: flags.profile, clientConfig }) : fromNodeProviderChain({ clientConfig });
  if (flags.endpointUrl) access.endpoint = flags.endpointUrl;
  const envAttempts = Number(process.env.SQUADGUARD_MAX_ATTEMPTS);
  access.maxAttempts = flags.maxAttempts ?? (Number.isInteger(envAttempts) && envAttempts > 0 ? envAttempts : 5);
  if (flags.rateLimit) access.ratePerSecond = flags.rateLimit;
  return access;
}

export function targetDetails(flags: AwsFlags): Partial<Target> {
  const details: Partial<Target> = {};
  if (flags.accountType) details.accountType = flags.accountType;
  if (flags.squad) details.squad = flags.squad;
  return details;
}

export function scanOptions(flags: AwsFlags): ScanOptions {
  const options: ScanOptions = {};
  if (flags.jobLookbackDays) options.jobLookbackDays = flags.jobLookbackDays;
  if (flags.iamLastAccessed) options.iamLastAccessed = true;
  return options;
}

/** Collects the inventory the rule set needs from the accounts the flags name, with progress output. */
/**
 * Collects what the rule set needs from the accounts the flags name. With `resources`, each account's
 * resources go to that spill as the account finishes and the inventory returned holds none.
 */
export async function collectFromFlags(flags: AwsFlags & { quiet?: boolean; timings?: boolean }, ruleSet: LoadedRuleSet, resources?: ResourceSpill): Promise<Inventory> {
  const meter = new ApiMeter();
  // Loaded before the first call: a package loading mid-collection holds up the answers of every call in flight.
  await preloadScannersFor(ruleSet);
  const plan = await accountsPlan(flags, meter);
  const progress = createProgress({ accounts: plan.accounts.length, meter, quiet: flags.quiet });
  const inventory = await collectInventory({
    ruleSet,
    regions: plan.accounts[0]?.target.regions ?? [],
    access: awsAccess(flags),
    targetDetails: targetDetails(flags),
    scanOptions: scanOptions(flags),
    accountsPlan: plan,
    meter,
    progress,
    accountConcurrency: flags.accountConcurrency,
    ...(flags.concurrency ? { serviceConcurrency: flags.concurrency } : {}),
    ...(flags.accountTimeout ? { accountTimeoutSeconds: flags.accountTimeout } : {}),
    ...(resources ? { onResources: (list: AnyResource[]) => resources.add(list) } : {}),
  });
  progress.finish();
  return flags.timings ? { ...inventory, timings: meter.timings() } : inventory;
}

/**
 * Where the accounts come from: --org, --accounts, --accounts-file, or (default) the current credentials.
 * Checks the flags that only make sense together; each flag's own value was checked by its parser.
 */
export function accountSource(flags: AwsFlags): AccountSource {
  const chosen = [flags.org && '--org', flags.accounts.length > 0 && '--accounts', flags.accountsFile && '--accounts-file'].filter(
    (name): name is string => typeof name === 'string',
  );
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.join(', ')}`);
  if (flags.ou.length > 0 && !flags.org) throw new UsageError('--ou needs --org');
  if (flags.shard && chosen.length === 0) throw new UsageError('--shard needs --org, --accounts or --accounts-file');
  if (flags.org) return { kind: 'org', ous: flags.ou, squadTag: flags.squadTag, accountTypeTag: flags.accountTypeTag };
  if (flags.accounts.length > 0) return { kind: 'list', accountIds: [...new Set(flags.accounts)] };
  if (flags.accountsFile) return { kind: 'file', path: flags.accountsFile };
  return { kind: 'current' };
}

/** Resolves the accounts to collect from the flags (discovery, shard, lazily assumed roles). */
export async function accountsPlan(flags: AwsFlags, meter: ApiMeter): Promise<AccountsPlan> {
  const source = accountSource(flags);
  // Checked before any call: a bad URL or a region typo is a usage error, not a network failure later.
  const customEndpoint = checkConfiguredEndpoints(flags.endpointUrl);
  const fromEnvironment = environmentRegion();
  // An accounts file may give every account its regions; the environment's region fills the gaps.
  const regions = source.kind === 'file' && flags.region.length === 0 ? (fromEnvironment?.region ? [fromEnvironment.region] : []) : resolveRegionScope(flags.region);
  const environmentVariable = fromEnvironment?.variable ?? 'AWS_DEFAULT_REGION';
  const regionSource = flags.region.length > 0 ? '--region' : environmentVariable;
  if (Array.isArray(regions)) for (const region of regions) checkRegionName(region, regionSource, customEndpoint);
  const homeRegion = (Array.isArray(regions) ? regions[0] : undefined) ?? fromEnvironment?.region ?? 'us-east-1';
  if (!Array.isArray(regions) || regions.length === 0) checkRegionName(homeRegion, environmentVariable, customEndpoint);
  return planAccounts({
    source,
    access: awsAccess(flags),
    meter,
    regions,
    homeRegion,
    role: {
      roleName: flags.roleName,
      sessionName: flags.roleSessionName,
      durationSeconds: flags.roleDuration,
      ...(flags.externalId ? { externalId: flags.externalId } : {}),
    },
    details: targetDetails(flags),
    exclude: flags.excludeAccounts,
    customRegions: customEndpoint,
    ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
  });
}

