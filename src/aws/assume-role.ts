import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { partitionOf, type ClientFactory } from './clients.js';
import { toCollectionError } from './errors.js';
import type { CollectionError } from '../model/resource.js';
import { sdkPackage } from './sdk-packages.js';

const { AssumeRoleCommand } = sdkPackage('@aws-sdk/client-sts');

export const DEFAULT_ROLE_NAME = 'squadguard-audit';
export const DEFAULT_SESSION_NAME = 'squadguard';
export const DEFAULT_SESSION_SECONDS = 3600;

export interface RoleSettings {
  /** Role name, optionally with a path (`audit/squadguard-audit`). */
  roleName: string;
  /** A full role ARN overrides `roleName` (accounts file). */
  roleArn?: string;
  externalId?: string;
  sessionName: string;
  durationSeconds: number;
}

export function roleArnFor(accountId: string, settings: Pick<RoleSettings, 'roleName' | 'roleArn'>, region: string): string {
  return settings.roleArn ?? `arn:${partitionOf(region)}:iam::${accountId}:role/${settings.roleName.replace(/^\/+/, '')}`;
}

/** Refresh this long before expiry so a call never leaves with credentials that expire in flight. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class AssumeRoleError extends Error {
  override name = 'AssumeRoleError';
  constructor(readonly problem: CollectionError) {
    super(`${problem.code}: ${problem.message}`);
  }
}

/**
 * Assumes the audit role in one account with the caller's credentials (through `base`, so the STS call is
 * metered and rate-limited like any other) and returns a provider that re-assumes before expiry: scans of
 * large organizations outlive one session. The first AssumeRole happens here, so an account whose role
 * cannot be assumed fails before any scanner runs, as one scan error for that account. `signal` (the
 * account's deadline) aborts this and every renewal.
 */
export async function assumeRole(
  base: ClientFactory,
  accountId: string,
  settings: RoleSettings,
  region: string,
  signal?: AbortSignal,
): Promise<AwsCredentialIdentityProvider> {
  const roleArn = roleArnFor(accountId, settings, region);
  const fetchCredentials = async (): Promise<AwsCredentialIdentity> => {
    try {
      const answer = await base.client('STS', region).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: settings.sessionName,
          DurationSeconds: settings.durationSeconds,
          ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
        }),
        // The caller's STS client is shared by all accounts: this account's deadline goes with the call.
        signal ? { abortSignal: signal } : {},
      );
      const credentials = answer.Credentials;
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
        ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
      };
    } catch (error) {
      const problem = toCollectionError(error, 'STS.AssumeRole');
      throw new AssumeRoleError({ ...problem, message: `cannot assume ${roleArn}: ${problem.message}` });
    }
  };

  let current = await fetchCredentials();
  let refreshing: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const expiresAt = current.expiration?.getTime();
    if (expiresAt === undefined || expiresAt - Date.now() > REFRESH_MARGIN_MS) return current;
    refreshing ??= fetchCredentials().finally(() => (refreshing = undefined));
    current = await refreshing;
    return current;
  };
}
