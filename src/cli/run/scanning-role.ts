import { UsageError } from '../../pipeline/errors.js';
import { scanningRolePolicy, scanningRoleTrustPolicy, securityHubSinkPolicy } from '../../aws/scanning-role.js';
import { scanningRoleDoc } from '../../docs/scanning-role.js';
import { scanningOperations } from '../../scanners/operations.js';
import type { ScanningRolePolicyFlags } from '../commands/scanning-role.js';
import { writeTextOutput } from '../output.js';

export async function printScanningRolePolicy(flags: ScanningRolePolicyFlags): Promise<number> {
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
}
