import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsAccessOptions } from '../aws/clients.js';
import { planAccounts, type AccountSource, type AccountsPlan } from '../aws/accounts.js';
import { ApiMeter } from '../aws/meter.js';
import { parseShard } from '../aws/shard.js';
import { UsageError } from '../pipeline/errors.js';
import { exitCodeFor, type ExitCode } from '../engine/exit-code.js';
import type { Report } from '../model/report.js';
import type { Inventory, Target } from '../model/inventory.js';
import { formatByName } from '../reporters/index.js';
import type { ScanOptions } from '../scanners/scanner.js';
import { collectInventory, readReport } from '../pipeline/scan.js';
import type { LoadedRuleSet } from '../pipeline/policies.js';
import { createProgress } from './progress.js';
import { parseFormats, resolveRegionScope, type AwsFlags, type ReportFlags } from './options.js';

export function awsAccess(flags: AwsFlags): Omit<AwsAccessOptions, 'meter'> {
  const access: Omit<AwsAccessOptions, 'meter'> = {};
  if (flags.profile) access.credentials = fromIni({ profile: flags.profile });
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

export function loadBaseline(flags: ReportFlags): { report: Report; source: string } | undefined {
  if (!flags.baseline) return undefined;
  return { report: readReport(flags.baseline), source: flags.baseline };
}

/** Collects the inventory the rule set needs from the accounts the flags name, with progress output. */
export async function collectFromFlags(flags: AwsFlags & { quiet?: boolean }, ruleSet: LoadedRuleSet): Promise<Inventory> {
  const meter = new ApiMeter();
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
  });
  progress.finish();
  return inventory;
}

/** Writes an inventory snapshot (creating its folder). */
export function writeInventory(path: string, inventory: Inventory, pretty = true): string {
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, `${pretty ? JSON.stringify(inventory, null, 2) : JSON.stringify(inventory)}\n`);
  return absolute;
}

/** Writes a file from pieces, batched into ~1 MB writes: large reports never exist as one string. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      batch.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) {
        writeSync(fd, batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) writeSync(fd, batch.join(''));
  } finally {
    closeSync(fd);
  }
}

/** Writes every requested format; prints the console summary unless quiet. Returns the gate's exit code. */
export function publish(report: Report, flags: ReportFlags): ExitCode {
  const names = parseFormats(flags.format);
  const written: string[] = [];
  for (const name of names) {
    const format = formatByName(name);
    if (!format) continue;
    if (format.fileName) {
      mkdirSync(flags.outputDir, { recursive: true });
      const path = resolve(flags.outputDir, format.fileName);
      if (format.chunks) writeChunks(path, format.chunks(report));
      else writeFileSync(path, format.render(report));
      written.push(path);
    } else if (!flags.quiet) {
      process.stdout.write(format.render(report));
    }
  }
  const code = exitCodeFor(report, {
    failOn: flags.failOn,
    allowIncomplete: flags.allowIncomplete,
    failOnNew: flags.failOnNew,
  });
  if (!flags.quiet) {
    for (const path of written) process.stderr.write(`wrote ${path}\n`);
    process.stderr.write(`${describeExit(code, flags)}${flags.exitZero && code !== 0 ? ' (reported only: --exit-zero)' : ''}\n`);
  }
  return flags.exitZero ? 0 : code;
}

function describeExit(code: ExitCode, flags: ReportFlags): string {
  switch (code) {
    case 0:
      return `exit 0: no unwaived failure at or above ${flags.failOn}`;
    case 1:
      return `exit 1: unwaived failures at or above ${flags.failOn}${flags.failOnNew ? ' that are new against the baseline' : ''}`;
    case 3:
      return 'exit 3: no failure found, but the scan could not see everything (see collection errors; --allow-incomplete accepts this)';
    default:
      return `exit ${code}`;
  }
}

/** Where the accounts come from: --org, --accounts, --accounts-file, or (default) the current credentials. */
export function accountSource(flags: AwsFlags): AccountSource {
  const chosen = [flags.org && '--org', flags.accounts.length > 0 && '--accounts', flags.accountsFile && '--accounts-file'].filter(
    (name): name is string => typeof name === 'string',
  );
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.join(', ')}`);
  if (flags.ou.length > 0 && !flags.org) throw new UsageError('--ou needs --org');
  if (flags.shard && chosen.length === 0) throw new UsageError('--shard needs --org, --accounts or --accounts-file');
  for (const id of [...flags.accounts, ...flags.excludeAccounts]) {
    if (!/^\d{12}$/.test(id)) throw new UsageError(`"${id}" is not an AWS account id (12 digits)`);
  }
  for (const ou of flags.ou) {
    if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(ou)) throw new UsageError(`"${ou}" is not an OU or root id`);
  }
  if (flags.org) return { kind: 'org', ous: flags.ou, squadTag: flags.squadTag, accountTypeTag: flags.accountTypeTag };
  if (flags.accounts.length > 0) return { kind: 'list', accountIds: [...new Set(flags.accounts)] };
  if (flags.accountsFile) return { kind: 'file', path: flags.accountsFile };
  return { kind: 'current' };
}

/** Resolves the accounts to collect from the flags (discovery, shard, lazily assumed roles). */
export async function accountsPlan(flags: AwsFlags, meter: ApiMeter): Promise<AccountsPlan> {
  const source = accountSource(flags);
  if (!/^[\w+=,.@-]{2,64}$/.test(flags.roleSessionName)) {
    throw new UsageError('--role-session-name must be 2–64 characters of letters, digits and +=,.@_-');
  }
  if (flags.roleDuration < 900 || flags.roleDuration > 43_200) {
    throw new UsageError('--role-duration must be between 900 and 43200 seconds');
  }
  const regions = source.kind === 'file' && flags.region.length === 0 ? regionsOrEmpty() : resolveRegionScope(flags.region);
  const homeRegion =
    (Array.isArray(regions) ? regions[0] : undefined) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
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
    ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
  });
}

/** An accounts file may give every account its regions; the scan's default region fills the gaps. */
function regionsOrEmpty(): string[] {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  return region ? [region] : [];
}
