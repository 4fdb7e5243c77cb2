import type { Target } from '../model/inventory.js';
import { ClientFactory, type AwsAccessOptions } from './clients.js';
import { toCollectionError } from './errors.js';
import { CredentialsError, NetworkError } from './access-errors.js';
import { classifyNetworkError } from './network-errors.js';
import { sdkPackage } from './sdk-packages.js';

const { GetCallerIdentityCommand } = sdkPackage('@aws-sdk/client-sts');

export { CredentialsError, NetworkError };

/** The account the current credentials belong to (one STS call). */
export async function currentAccountTarget(
  access: AwsAccessOptions,
  regions: string[],
  details: Partial<Target> = {},
): Promise<{ target: Target; clients: ClientFactory }> {
  const clients = new ClientFactory(access);
  try {
    const identity = await clients.client('STS', regions[0] ?? 'us-east-1').send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
    return { target: { ...details, accountId: identity.Account, regions }, clients };
  } catch (error) {
    const problem = toCollectionError(error, 'STS.GetCallerIdentity');
    // An endpoint that cannot be reached says nothing about the credentials: name the network failure.
    if (classifyNetworkError(error)) throw new NetworkError(`cannot reach AWS: ${problem.code}: ${problem.message}`);
    throw new CredentialsError(`could not identify the account of the current credentials: ${problem.code}: ${problem.message}`);
  }
}
