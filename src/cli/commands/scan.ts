import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import {
  addAwsOptions,
  addDirectoryOption,
  addPolicyOptions,
  addReportOptions,
  type AwsFlags,
  type DirectoryFlags,
  type PolicyFlags,
  type ReportFlags,
} from '../options.js';
import { addSecurityHubOptions, type SecurityHubFlags } from '../security-hub.js';

const SCAN_OPTIONS = {
  saveInventory: { flags: '--save-inventory <file>', help: 'also write the collected inventory (re-evaluate it later with `evaluate`)' },
  timings: { flags: '--timings', help: 'add where collection spent its time to the JSON report (per service, operation and account)' },
} as const satisfies OptionTable;

export type ScanFlags = PolicyFlags & AwsFlags & ReportFlags & DirectoryFlags & SecurityHubFlags & FlagsOf<typeof SCAN_OPTIONS>;

export function scanCommand(): Command {
  const command = new Command('scan').description('collect from AWS, evaluate under the policy, write reports');
  addOptions(addSecurityHubOptions(addDirectoryOption(addReportOptions(addAwsOptions(addPolicyOptions(command))))), SCAN_OPTIONS);
  command.action(actFrom(async () => (await import('../run/scan.js')).scan));
  return command;
}
