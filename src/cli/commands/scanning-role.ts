import { Command } from 'commander';
import { act } from '../exit.js';
import { choiceOption } from '../options.js';
import { writeTextOutput } from '../output.js';
import { UsageError } from '../../pipeline/errors.js';
import { scanningRolePolicy, scanningRoleTrustPolicy, securityHubSinkPolicy } from '../../aws/scanning-role.js';
import { scanningRoleDoc } from '../../docs/scanning-role.js';
import { scanningOperations } from '../../scanners/operations.js';

export function scanningRolePolicyCommand(): Command {
  const command = new Command('scanning-role-policy')
    .description("print the audit role's least-privilege IAM policy, generated from the operations the scanners call")
    .addOption(choiceOption('--format <format>', 'json (the permissions policy) or markdown (docs/scanning-role.md)', ['json', 'markdown']).default('json'))
    .option('--trust-principal <arn>', 'print the trust policy for this scanning principal instead')
    .option('--external-id <id>', 'with --trust-principal: require this external id')
    .option('--security-hub-sink', "print the Security Hub sink's policy (for the hub account's role) instead")
    .option('--security-hub-account <id>', 'with --security-hub-sink: the hub account id (default: any)')
    .option('--output <file>', 'file to write (default: stdout)');
  command.action(act(async (flags: { format: string; trustPrincipal?: string; externalId?: string; output?: string; securityHubSink?: boolean; securityHubAccount?: string }) => {
    if (flags.securityHubAccount !== undefined && (!flags.securityHubSink || !/^\d{12}$/.test(flags.securityHubAccount))) {
      throw new UsageError('--security-hub-account needs --security-hub-sink and a 12-digit account id');
    }
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
