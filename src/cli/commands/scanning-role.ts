import { Command } from 'commander';
import { actFrom } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { accountId, choice } from '../options.js';
import { TEXT_OUTPUT_OPTIONS } from '../output.js';

const FORMATS = ['json', 'markdown'] as const;

/** One account id (12 digits). */
function oneAccountId(value: string): string {
  accountId(value);
  return value;
}

export const SCANNING_ROLE_POLICY_OPTIONS = {
  format: { flags: '--format <format>', help: 'json (the permissions policy) or markdown (docs/scanning-role.md)', choices: FORMATS, parse: choice(FORMATS), default: 'json' },
  trustPrincipal: { flags: '--trust-principal <arn>', help: 'print the trust policy for this scanning principal instead' },
  externalId: { flags: '--external-id <id>', help: 'with --trust-principal: require this external id' },
  securityHubSink: { flags: '--security-hub-sink', help: "print the Security Hub sink's policy (for the hub account's role) instead" },
  securityHubAccount: { flags: '--security-hub-account <id>', help: 'with --security-hub-sink: the hub account id (default: any)', parse: oneAccountId },
  ...TEXT_OUTPUT_OPTIONS,
} as const satisfies OptionTable;

export type ScanningRolePolicyFlags = FlagsOf<typeof SCANNING_ROLE_POLICY_OPTIONS>;

export function scanningRolePolicyCommand(): Command {
  const command = new Command('scanning-role-policy').description(
    "print the audit role's least-privilege IAM policy, generated from the operations the scanners call",
  );
  addOptions(command, SCANNING_ROLE_POLICY_OPTIONS);
  command.action(actFrom(async () => (await import('../run/scanning-role.js')).printScanningRolePolicy));
  return command;
}
