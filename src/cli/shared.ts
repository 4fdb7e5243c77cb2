import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsAccessOptions } from '../aws/clients.js';
import { exitCodeFor, type ExitCode } from '../engine/exit-code.js';
import type { Report } from '../model/report.js';
import type { Target } from '../model/inventory.js';
import { formatByName } from '../reporters/index.js';
import type { ScanOptions } from '../scanners/scanner.js';
import { readReport } from '../pipeline/scan.js';
import { parseFormats, type AwsFlags, type ReportFlags } from './options.js';

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
      writeFileSync(path, format.render(report));
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
    process.stderr.write(`${describeExit(code, flags)}\n`);
  }
  return code;
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
