import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ReportView } from '../model/report.js';
import { UsageError } from '../pipeline/errors.js';
import type { SinkProblem, SinkResult } from '../sinks/security-hub.js';
import { inert } from '../text/inert.js';
import { addOptions, type FlagsOf, type OptionTable } from './option-table.js';
import { environmentRegion, matching, positiveInt, resolveRegions } from './options.js';

/** `--security-hub*`: the opt-in Security Hub sink of `scan`, `evaluate` and `merge`. */
export const SECURITY_HUB_OPTIONS = {
  securityHub: { flags: '--security-hub', help: 'also import the findings into AWS Security Hub (ASFF, with lifecycle): the only write squadguard makes' },
  securityHubRegion: { flags: '--security-hub-region <region>', help: 'region of the hub (default: AWS_REGION, else the first --region)' },
  securityHubRoleArn: {
    flags: '--security-hub-role-arn <arn>',
    help: 'role in the hub account (delegated administrator) to assume for the import; default: the current credentials',
    parse: matching(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'an IAM role ARN (arn:aws:iam::<account>:role/<name>)'),
  },
  securityHubExternalId: { flags: '--security-hub-external-id <id>', help: 'external id the hub role requires', env: 'SQUADGUARD_SECURITY_HUB_EXTERNAL_ID' },
  securityHubProfile: { flags: '--security-hub-profile <name>', help: 'shared-config profile for the hub credentials (default: the SDK credential chain)' },
  securityHubMaxAttempts: {
    flags: '--security-hub-max-attempts <n>',
    help: 'attempts per Security Hub call, throttling retries included (adaptive)',
    parse: positiveInt,
  },
} as const satisfies OptionTable;

export type SecurityHubFlags = FlagsOf<typeof SECURITY_HUB_OPTIONS>;

export const addSecurityHubOptions = (command: Command): Command => addOptions(command, SECURITY_HUB_OPTIONS);

/** Checks the sink's flags before anything is scanned (exit 2 on a mistake); returns the hub region. */
export function checkSecurityHubFlags(flags: SecurityHubFlags & { region?: string[] }): string | undefined {
  if (!flags.securityHub) {
    // The others only configure the sink; a value from the environment is not a mistake on this command line.
    const stray = Object.entries(SECURITY_HUB_OPTIONS).find(
      ([key, spec]) => key !== 'securityHub' && flags[key as keyof SecurityHubFlags] !== undefined && !('env' in spec && process.env[spec.env]),
    );
    if (stray) throw new UsageError(`${new Option(stray[1].flags).long} needs --security-hub`);
    return undefined;
  }
  const candidates = flags.securityHubRegion
    ? [flags.securityHubRegion]
    : [environmentRegion()?.region ?? (flags.region ?? []).find((r) => r !== 'all') ?? ''].filter(Boolean);
  if (candidates.length === 0) throw new UsageError('--security-hub needs a region: pass --security-hub-region or set AWS_REGION');
  return resolveRegions(candidates)[0];
}

/**
 * Sends the report to Security Hub when `--security-hub` is given, after the reports are written. Returns the
 * exit code: the gate's, or 3 when Security Hub rejected a finding or a lifecycle update failed and the gate
 * had nothing worse to say.
 */
export async function sendIfAsked(
  report: ReportView,
  flags: SecurityHubFlags & {
    region?: string[];
    profile?: string;
    endpointUrl?: string;
    connectTimeout?: number;
    requestTimeout?: number;
    outputDir: string;
    quiet?: boolean;
  },
  gateCode: number,
): Promise<number> {
  const region = checkSecurityHubFlags(flags);
  if (!region) return gateCode;
  const { sendToSecurityHub } = await import('../sinks/security-hub.js'); // the SDK loads only when asked
  const result = await sendToSecurityHub(report, {
    region,
    ...(flags.securityHubRoleArn ? { roleArn: flags.securityHubRoleArn } : {}),
    ...(flags.securityHubExternalId ? { externalId: flags.securityHubExternalId } : {}),
    ...(flags.securityHubProfile ?? flags.profile ? { profile: flags.securityHubProfile ?? flags.profile } : {}),
    ...(flags.endpointUrl ? { endpoint: flags.endpointUrl } : {}),
    ...(flags.securityHubMaxAttempts ? { maxAttempts: flags.securityHubMaxAttempts } : {}),
    ...(flags.connectTimeout ? { connectTimeoutMs: Math.round(flags.connectTimeout * 1000) } : {}),
    ...(flags.requestTimeout ? { requestTimeoutMs: Math.round(flags.requestTimeout * 1000) } : {}),
  });
  mkdirSync(flags.outputDir, { recursive: true });
  const path = resolve(flags.outputDir, 'squadguard-security-hub.json');
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  const failed = result.rejected.length > 0 || result.lifecycleFailures.length > 0 || !!result.fatal;
  process.stderr.write(describeResult(result, path, !!flags.quiet));
  return failed && gateCode === 0 ? 3 : gateCode;
}

const LISTED = 20;

/** Summary line, then the problems (at most 20 lines; the JSON file lists them all). Problems print even with -q. */
export function describeResult(result: SinkResult, path: string, quiet: boolean): string {
  const lines: string[] = [];
  const calls = Object.entries(result.apiCalls).map(([operation, count]) => `${operation} ${count}`).join(', ');
  if (result.fatal) lines.push(`security hub ${result.region}: ${inert(result.fatal)}`);
  if (!quiet || result.fatal || result.rejected.length > 0 || result.lifecycleFailures.length > 0) {
    lines.push(
      `security hub ${result.region} (account ${result.accountId || '?'}): imported ${result.imported} (${result.created} new), ` +
        `resolved ${result.resolved}, suppressed ${result.suppressed}, reopened ${result.reopened}, archived ${result.archived}, ` +
        `rejected ${result.rejected.length}, lifecycle updates failed ${result.lifecycleFailures.length}; API calls: ${calls || 'none'}`,
    );
  }
  const list = (title: string, problems: SinkProblem[]): void => {
    if (problems.length === 0) return;
    lines.push(`${title} (${problems.length}, all listed in ${path}):`);
    for (const problem of problems.slice(0, LISTED)) {
      lines.push(`  ${inert(problem.id, { max: 80 })} ${inert(problem.ruleId ?? '-', { max: 120 })} ${inert(problem.resource ?? '-', { max: 300 })}: ${inert(problem.code, { max: 80 })} ${inert(problem.message, { max: 500 })}`);
    }
    if (problems.length > LISTED) lines.push(`  … ${problems.length - LISTED} more`);
  };
  list('rejected by Security Hub', result.rejected);
  list('lifecycle updates that failed', result.lifecycleFailures);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
