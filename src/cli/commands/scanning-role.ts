import { Command } from 'commander';
import { act } from '../exit.js';
import { addOptions, type FlagsOf, type OptionTable } from '../option-table.js';
import { accountId, choice } from '../options.js';
import { TEXT_OUTPUT_OPTIONS, writeTextOutput } from '../output.js';
import { UsageError } from '../../pipeline/errors.js';
import { scanningRolePolicy, scanningRoleTrustPolicy, securityHubSinkPolicy } from '../../aws/scanning-role.js';
import { scanningRoleDoc } from '../../docs/scanning-role.js';
import { scanningOperations } from '../../scanners/operations.js';

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

type ScanningRolePolicyFlags = FlagsOf<typeof SCANNING_ROLE_POLICY_OPTIONS>;

export function scanningRolePolicyCommand(): Command {
  const command = new Command('scanning-role-policy').description(
    "print the audit role's least-privilege IAM policy, generated from the operations the scanners call",
  );
  addOptions(command, SCANNING_ROLE_POLICY_OPTIONS);
  command.action(act(async (flags: ScanningRolePolicyFlags) => {
    if (flags.securityHubAccount !== undefined && !flags.securityHubSink) throw new UsageError('--security-hub-account needs --security-hub-sink');
    const text = flags.securityHubSink
      ? `${JSON.stringify(securityHubSinkPolicy((await import('../../sinks/security-hub.js')).SECURITY_HUB_SINK_OPERATIONS, flags.securityHubAccount ? { accountId: flags.securityHubAccount } : {}), null, 2)}\n`
      : flags.trustPrincipal
      ? `${JSON.stringify(scanningRoleTrustPolicy(flags.trustPrincipal, flags.externalId), null, 2)}\n`
      : flags.format === 'markdown'
        ? scanningRoleDoc(await scanningOperations())
        : `${JSON.stringify(scanningRolePolicy(await scanningOperations()), null, 2)}\n`;
    writeTextOutput(text, flags.output);
    return 0;
  }));
  return command;
}
