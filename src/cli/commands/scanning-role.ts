import { Command } from 'commander';
import { act } from '../exit.js';
import { choiceOption } from '../options.js';
import { writeTextOutput } from '../output.js';
import { scanningRolePolicy, scanningRoleTrustPolicy } from '../../aws/scanning-role.js';
import { scanningRoleDoc } from '../../docs/scanning-role.js';

export function scanningRolePolicyCommand(): Command {
  const command = new Command('scanning-role-policy')
    .description("print the audit role's least-privilege IAM policy, generated from the operations the scanners call")
    .addOption(choiceOption('--format <format>', 'json (the permissions policy) or markdown (docs/scanning-role.md)', ['json', 'markdown']).default('json'))
    .option('--trust-principal <arn>', 'print the trust policy for this scanning principal instead')
    .option('--external-id <id>', 'with --trust-principal: require this external id')
    .option('--output <file>', 'file to write (default: stdout)');
  command.action(act((flags: { format: string; trustPrincipal?: string; externalId?: string; output?: string }) => {
    const text = flags.trustPrincipal
      ? `${JSON.stringify(scanningRoleTrustPolicy(flags.trustPrincipal, flags.externalId), null, 2)}\n`
      : flags.format === 'markdown'
        ? scanningRoleDoc()
        : `${JSON.stringify(scanningRolePolicy(), null, 2)}\n`;
    writeTextOutput(text, flags.output);
    return 0;
  }));
  return command;
}
