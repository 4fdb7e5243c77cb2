import { InvalidArgumentError, Option, type Command } from 'commander';
import { SEVERITIES, type Severity } from '../model/finding.js';
import { FORMAT_NAMES } from '../reporters/format-names.js';
import { UsageError } from '../pipeline/errors.js';

/** Accepts repeated and comma-separated values: `--region a --region b,c`. */
export const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((part) => part.trim()).filter(Boolean),
];

export function addPolicyOptions(command: Command): Command {
  return command
    .addOption(listOption('-p, --policy <file-or-pack>', 'policy file or shipped pack (repeatable)', 'platform-baseline'))
    .option('--plugin <module>', 'JavaScript module exporting extra rules (repeatable)', collectList, []);
}

export function addAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('-r, --region <region>', 'region to scan (repeatable or comma-separated; default AWS_REGION)', collectList, [])
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (emulators); AWS_ENDPOINT_URL also works')
    .option('--account-type <type>', 'account type of the scanned account (modeling, tooling, serving-nonprod, serving-prod, …)')
    .option('--squad <name>', 'squad that owns the scanned account')
    .option('--max-attempts <n>', 'attempts per API call, retries included (adaptive mode)', positiveInt)
    .option('--rate-limit <n>', 'client-side requests per second per account and service (0 = none)', nonNegativeNumber)
    .option('--concurrency <n>', 'concurrent calls per account and service', positiveInt)
    .option('--connect-timeout <seconds>', 'give up connecting to an AWS endpoint after this long (per attempt)', timeoutSeconds, 10)
    .option('--request-timeout <seconds>', 'give up on an AWS answer that does not start, or stalls, this long (per attempt)', timeoutSeconds, 60)
    .option('--account-timeout <seconds>', "deadline for one account's whole collection; what is unfinished becomes collection errors (default: none)", timeoutSeconds)
    .option('--job-lookback-days <n>', 'SageMaker jobs created within this many days are scanned', positiveInt)
    .option('--iam-last-accessed', 'collect IAM service-last-accessed data (slow)')
    .option('--accounts <ids>', 'scan these account ids through the audit role (repeatable or comma-separated)', collectList, [])
    .option('--accounts-file <file>', 'scan the accounts listed in a YAML file (schemas/accounts.schema.json)')
    .option('--org', 'scan every active account of the AWS Organization (from the management or a delegated admin account)')
    .option('--ou <id>', 'with --org: only accounts under these OUs, nested OUs included (repeatable)', collectList, [])
    .option('--exclude-accounts <ids>', 'leave these account ids out (repeatable or comma-separated)', collectList, [])
    .option('--squad-tag <key>', 'with --org: account tag naming the squad', 'squad')
    .option('--account-type-tag <key>', 'with --org: account tag naming the account type', 'account-type')
    .option('--role-name <name>', 'role to assume in each account', 'squadguard-audit')
    .addOption(new Option('--external-id <id>', 'external id the audit role requires').env('SQUADGUARD_EXTERNAL_ID'))
    .option('--role-session-name <name>', 'session name of the assumed roles (shows in CloudTrail)', 'squadguard')
    .option('--role-duration <seconds>', 'session duration of the assumed roles (refreshed before expiry)', positiveInt, 3600)
    .option('--account-concurrency <n>', 'accounts collected at once', positiveInt, 8)
    .option('--shard <I/N>', 'collect only shard I of N (deterministic by account id; merge the shards with `squadguard merge`)');
}

export function addReportOptions(command: Command): Command {
  return command
    .option('-o, --output-dir <dir>', 'folder for report files', 'reports')
    .option(
      '-f, --format <list>',
      `comma-separated formats: ${FORMAT_NAMES.join(', ')}, or all`,
      'json,console',
    )
    .addOption(choiceOption('--fail-on <severity>', 'lowest severity that fails the gate', SEVERITIES).default('high'))
    .option('--allow-incomplete', 'exit 0 instead of 3 when the scan could not see everything')
    .option('--exit-zero', 'exit 0 after writing the reports whatever the gate decides (usage errors still exit 2)')
    .option('--baseline <report.json>', 'previous JSON report: mark findings new/existing and list resolved ones')
    .option('--fail-on-new', 'only failures that are new against the baseline fail the gate')
    .option('--waiver-warning-days <n>', 'list waivers expiring within this many days', nonNegativeInt, 14)
    .option('-q, --quiet', 'print nothing but errors');
}

/** A repeatable list flag whose default is described (`platform-baseline`) rather than shown as `[]`. */
export function listOption(flags: string, description: string, defaultDescription: string): Option {
  return new Option(flags, description).argParser(collectList).default([], defaultDescription);
}

/** A flag with fixed values, matched case-insensitively (`--fail-on HIGH`); the help lists the choices. */
export function choiceOption(flags: string, description: string, values: readonly string[]): Option {
  const option = new Option(flags, description).choices(values);
  return option.argParser((value: string) => {
    const chosen = values.find((candidate) => candidate === value.trim().toLowerCase());
    if (!chosen) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${value}"`);
    return chosen;
  });
}

// Numeric flag parsers throw InvalidArgumentError; the program turns it into "--flag: expected …" (exit 2).
const shownValue = (value: string): string => JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);

export function positiveInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got ${shownValue(value)}`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got ${shownValue(value)}`);
  return n;
}

/** A duration in seconds: more than 0 (fractions allowed), at most a day. */
export function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new UsageError(`expected a number of seconds between 0 and 86400, got "${value}"`);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got ${shownValue(value)}`);
  return n;
}

/** `--format` values, case-insensitive: `JSON,Console` is `json,console`. */
export function parseFormats(value: string): string[] {
  const names = value.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  if (names.includes('all')) return [...FORMAT_NAMES];
  const unknown = names.filter((name) => !FORMAT_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`--format: unknown format(s) ${unknown.join(', ')}; choose from ${FORMAT_NAMES.join(', ')}, all`);
  }
  if (names.length === 0) throw new UsageError(`--format: no format given; choose from ${FORMAT_NAMES.join(', ')}, all`);
  return [...new Set(names)];
}

/** `--region all`: each account's enabled regions (listed with EC2 DescribeRegions in the account). */
export function resolveRegionScope(regions: string[]): string[] | 'all' {
  if (regions.includes('all')) {
    if (regions.length > 1) throw new UsageError('--region all cannot be combined with region names');
    return 'all';
  }
  return resolveRegions(regions);
}

export function resolveRegions(regions: string[]): string[] {
  const list = regions.length > 0 ? regions : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION].filter((r): r is string => !!r);
  if (list.length === 0) throw new UsageError('no region: pass --region (repeatable) or set AWS_REGION (or AWS_DEFAULT_REGION)');
  for (const region of list) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`"${region}" is not an AWS region name`);
  }
  return [...new Set(list)];
}

export interface ReportFlags {
  outputDir: string;
  format: string;
  failOn: Severity;
  allowIncomplete?: boolean;
  exitZero?: boolean;
  baseline?: string;
  failOnNew?: boolean;
  waiverWarningDays: number;
  quiet?: boolean;
}

export interface AwsFlags {
  profile?: string;
  region: string[];
  endpointUrl?: string;
  accountType?: string;
  squad?: string;
  maxAttempts?: number;
  rateLimit?: number;
  concurrency?: number;
  /** Seconds; defaults 10 and 60 (see docs/limits.md). */
  connectTimeout?: number;
  requestTimeout?: number;
  /** Seconds; no deadline when absent. */
  accountTimeout?: number;
  jobLookbackDays?: number;
  iamLastAccessed?: boolean;
  accounts: string[];
  accountsFile?: string;
  org?: boolean;
  ou: string[];
  excludeAccounts: string[];
  squadTag: string;
  accountTypeTag: string;
  roleName: string;
  externalId?: string;
  roleSessionName: string;
  roleDuration: number;
  accountConcurrency: number;
  shard?: string;
}

export interface PolicyFlags {
  policy: string[];
  plugin: string[];
}

/** `--directory`: the organization's accounts, as the directory cross-account grants are judged against. */
export function addDirectoryOption(command: Command): Command {
  return command.option(
    '--directory <accounts-file>',
    'accounts file listing the organization (id, name, squad, account type): the directory the isolation rules judge grants against, without scanning those accounts',
  );
}
