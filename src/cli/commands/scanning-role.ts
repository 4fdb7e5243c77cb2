import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { act } from '../exit.js';
import { UsageError } from '../../pipeline/errors.js';
import { scanningRolePolicy, scanningRoleTrustPolicy, securityHubSinkPolicy } from '../../aws/scanning-role.js';
import { scanningRoleDoc } from '../../docs/scanning-role.js';

export function scanningRolePolicyCommand(): Command {
  const command = new Command('scanning-role-policy')
    .description("print the audit role's least-privilege IAM policy, generated from the operations the scanners call")
    .addOption(new Option('--format <format>', 'json (the permissions policy) or markdown (docs/scanning-role.md)').choices(['json', 'markdown']).default('json'))
    .option('--trust-principal <arn>', 'print the trust policy for this scanning principal instead')
    .option('--external-id <id>', 'with --trust-principal: require this external id')
    .option('--security-hub-sink', "print the Security Hub sink's policy (for the hub account's role) instead")
    .option('--security-hub-account <id>', 'with --security-hub-sink: the hub account id (default: any)')
    .option('--output <file>', 'file to write (default: stdout)');
  command.action(act((flags: { format: string; trustPrincipal?: string; externalId?: string; output?: string; securityHubSink?: boolean; securityHubAccount?: string }) => {
    if (flags.securityHubAccount !== undefined && (!flags.securityHubSink || !/^\d{12}$/.test(flags.securityHubAccount))) {
      throw new UsageError('--security-hub-account needs --security-hub-sink and a 12-digit account id');
    }
    const text = flags.securityHubSink
      ? `${JSON.stringify(securityHubSinkPolicy(flags.securityHubAccount ? { accountId: flags.securityHubAccount } : {}), null, 2)}\n`
      : flags.trustPrincipal
      ? `${JSON.stringify(scanningRoleTrustPolicy(flags.trustPrincipal, flags.externalId), null, 2)}\n`
      : flags.format === 'markdown'
        ? scanningRoleDoc()
        : `${JSON.stringify(scanningRolePolicy(), null, 2)}\n`;
    if (flags.output) writeFileSync(flags.output, text);
    else process.stdout.write(text);
    return 0;
  }));
  return command;
}
