import { InvalidArgumentError, type Command } from 'commander';
import { SEVERITIES } from '../model/finding.js';
import { FORMAT_NAMES } from '../reporters/format-names.js';
import { UsageError } from '../pipeline/errors.js';
import { addOptions, defaultsOf, type FlagsOf, type OptionTable } from './option-table.js';

/** Accepts repeated and comma-separated values: `--region a --region b,c`. */
export const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((part) => part.trim()).filter(Boolean),
];

/** Where the rules come from: `scan`, `collect`, `evaluate`, `plan` and the rule commands. */
export const POLICY_OPTIONS = {
  policy: { flags: '-p, --policy <file-or-pack>', help: 'policy file or shipped pack (repeatable)', parse: collectList, default: [], defaultHelp: 'platform-baseline' },
  plugin: { flags: '--plugin <module>', help: 'JavaScript module exporting extra rules (repeatable)', parse: collectList, default: [] },
} as const satisfies OptionTable;

/** How to reach AWS, which accounts to collect and how: the collection flags of `scan` and `collect` (translated in `aws-flags.ts`). */
export const AWS_OPTIONS = {
  profile: { flags: '--profile <name>', help: 'AWS shared-config profile (default: the SDK credential chain)' },
  region: { flags: '-r, --region <region>', help: 'region to scan (repeatable or comma-separated; default AWS_REGION)', parse: collectList, default: [] },
  endpointUrl: { flags: '--endpoint-url <url>', help: 'send every AWS call to this endpoint (emulators); AWS_ENDPOINT_URL also works' },
  accountType: { flags: '--account-type <type>', help: 'account type of the scanned account (modeling, tooling, serving-nonprod, serving-prod, …)' },
  squad: { flags: '--squad <name>', help: 'squad that owns the scanned account' },
  maxAttempts: { flags: '--max-attempts <n>', help: 'attempts per API call, retries included (adaptive mode)', parse: positiveInt },
  rateLimit: { flags: '--rate-limit <n>', help: 'client-side requests per second per account and service (0 = none)', parse: nonNegativeNumber },
  concurrency: { flags: '--concurrency <n>', help: 'concurrent calls per account and service', parse: positiveInt },
  // Seconds (see docs/limits.md).
  connectTimeout: { flags: '--connect-timeout <seconds>', help: 'give up connecting to an AWS endpoint after this long (per attempt)', parse: timeoutSeconds, default: 10 },
  requestTimeout: {
    flags: '--request-timeout <seconds>',
    help: 'give up on an AWS answer that does not start, or stalls, this long (per attempt)',
    parse: timeoutSeconds,
    default: 60,
  },
  accountTimeout: {
    flags: '--account-timeout <seconds>',
    help: "deadline for one account's whole collection; what is unfinished becomes collection errors (default: none)",
    parse: timeoutSeconds,
  },
  jobLookbackDays: { flags: '--job-lookback-days <n>', help: 'SageMaker jobs created within this many days are scanned', parse: positiveInt },
  iamLastAccessed: { flags: '--iam-last-accessed', help: 'collect IAM service-last-accessed data (slow)' },
  accounts: { flags: '--accounts <ids>', help: 'scan these account ids through the audit role (repeatable or comma-separated)', parse: listOf(accountId), default: [] },
  accountsFile: { flags: '--accounts-file <file>', help: 'scan the accounts listed in a YAML file (schemas/accounts.schema.json)' },
  org: { flags: '--org', help: 'scan every active account of the AWS Organization (from the management or a delegated admin account)' },
  ou: { flags: '--ou <id>', help: 'with --org: only accounts under these OUs, nested OUs included (repeatable)', parse: listOf(ouId), default: [] },
  excludeAccounts: { flags: '--exclude-accounts <ids>', help: 'leave these account ids out (repeatable or comma-separated)', parse: listOf(accountId), default: [] },
  squadTag: { flags: '--squad-tag <key>', help: 'with --org: account tag naming the squad', default: 'squad' },
  accountTypeTag: { flags: '--account-type-tag <key>', help: 'with --org: account tag naming the account type', default: 'account-type' },
  roleName: { flags: '--role-name <name>', help: 'role to assume in each account', default: 'squadguard-audit' },
  externalId: { flags: '--external-id <id>', help: 'external id the audit role requires', env: 'SQUADGUARD_EXTERNAL_ID' },
  roleSessionName: {
    flags: '--role-session-name <name>',
    help: 'session name of the assumed roles (shows in CloudTrail)',
    parse: matching(/^[\w+=,.@-]{2,64}$/, '2–64 characters of letters, digits and +=,.@_-'),
    default: 'squadguard',
  },
  roleDuration: {
    flags: '--role-duration <seconds>',
    help: 'session duration of the assumed roles (refreshed before expiry)',
    parse: intBetween(900, 43_200, 'seconds'),
    default: 3600,
  },
  accountConcurrency: { flags: '--account-concurrency <n>', help: 'accounts collected at once', parse: positiveInt, default: 8 },
  shard: { flags: '--shard <I/N>', help: 'collect only shard I of N (deterministic by account id; merge the shards with `squadguard merge`)' },
} as const satisfies OptionTable;

/** The gate and the report files: `scan`, `evaluate`, `plan` and `merge`. */
export const REPORT_OPTIONS = {
  outputDir: { flags: '-o, --output-dir <dir>', help: 'folder for report files', default: 'reports' },
  format: { flags: '-f, --format <list>', help: `comma-separated formats: ${FORMAT_NAMES.join(', ')}, or all`, default: 'json,console' },
  failOn: { flags: '--fail-on <severity>', help: 'lowest severity that fails the gate', choices: SEVERITIES, parse: choice(SEVERITIES), default: 'high' },
  allowIncomplete: { flags: '--allow-incomplete', help: 'exit 0 instead of 3 when the scan could not see everything' },
  exitZero: { flags: '--exit-zero', help: 'exit 0 after writing the reports whatever the gate decides (usage errors still exit 2)' },
  baseline: { flags: '--baseline <report.json>', help: 'previous JSON report: mark findings new/existing and list resolved ones' },
  failOnNew: { flags: '--fail-on-new', help: 'only failures that are new against the baseline fail the gate' },
  waiverWarningDays: { flags: '--waiver-warning-days <n>', help: 'list waivers expiring within this many days', parse: nonNegativeInt, default: 14 },
  quiet: { flags: '-q, --quiet', help: 'print nothing but errors' },
} as const satisfies OptionTable;

export type PolicyFlags = FlagsOf<typeof POLICY_OPTIONS>;
export type AwsFlags = FlagsOf<typeof AWS_OPTIONS>;
export type ReportFlags = FlagsOf<typeof REPORT_OPTIONS>;

/** What the AWS flags are when none is given (tests build flags from it). */
export const AWS_DEFAULTS = defaultsOf(AWS_OPTIONS);

export const addPolicyOptions = (command: Command): Command => addOptions(command, POLICY_OPTIONS);
export const addAwsOptions = (command: Command): Command => addOptions(command, AWS_OPTIONS);
export const addReportOptions = (command: Command): Command => addOptions(command, REPORT_OPTIONS);

/** The parser of a flag with fixed values, matched case-insensitively (`--fail-on HIGH`); give the values as `choices` too, for the help. */
export function choice<V extends string>(values: readonly V[]): (value: string) => V {
  return (value) => {
    const chosen = values.find((candidate) => candidate === value.trim().toLowerCase());
    if (!chosen) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${value}"`);
    return chosen;
  };
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

/** A whole number between `min` and `max` (inclusive), e.g. the seconds a session lasts. */
export function intBetween(min: number, max: number, unit: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number of ${unit} between ${min} and ${max}, got ${shownValue(value)}`);
    }
    return n;
  };
}

/** Text that matches `pattern`, described as `what` when it does not. */
export function matching(pattern: RegExp, what: string): (value: string) => string {
  return (value) => {
    if (!pattern.test(value)) throw new InvalidArgumentError(`expected ${what}, got ${shownValue(value)}`);
    return value;
  };
}

/** A repeatable, comma-separated list (as `collectList`) whose every item `check` accepts (or throws). */
export function listOf(check: (item: string) => void): (value: string, previous?: string[]) => string[] {
  return (value, previous = []) => {
    const items = collectList(value);
    for (const item of items) check(item);
    return [...previous, ...items];
  };
}

export function accountId(id: string): void {
  if (!/^\d{12}$/.test(id)) throw new InvalidArgumentError(`"${id}" is not an AWS account id (12 digits)`);
}

export function ouId(id: string): void {
  if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(id)) throw new InvalidArgumentError(`"${id}" is not an OU or root id`);
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

/**
 * The region the environment names (AWS_REGION, else AWS_DEFAULT_REGION) and the variable to blame for it;
 * undefined when neither is set. A set but empty AWS_REGION hides AWS_DEFAULT_REGION: the region is then ''.
 */
export function environmentRegion(): { region: string; variable: 'AWS_REGION' | 'AWS_DEFAULT_REGION' } | undefined {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  return region === undefined ? undefined : { region, variable: process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION' };
}

/** `--region` values, or the environment's region when none is given; each must look like a region name. */
export function resolveRegions(regions: string[]): string[] {
  const fromEnvironment = environmentRegion();
  const list = regions.length > 0 ? regions : fromEnvironment?.region ? [fromEnvironment.region] : [];
  if (list.length === 0) throw new UsageError('no region: pass --region (repeatable) or set AWS_REGION (or AWS_DEFAULT_REGION)');
  for (const region of list) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`"${region}" is not an AWS region name`);
  }
  return [...new Set(list)];
}

/** `--directory`: the organization's accounts, as the directory cross-account grants are judged against. */
export const DIRECTORY_OPTIONS = {
  directory: {
    flags: '--directory <accounts-file>',
    help: 'accounts file listing the organization (id, name, squad, account type): the directory the isolation rules judge grants against, without scanning those accounts',
  },
} as const satisfies OptionTable;

export type DirectoryFlags = FlagsOf<typeof DIRECTORY_OPTIONS>;

export const addDirectoryOption = (command: Command): Command => addOptions(command, DIRECTORY_OPTIONS);
