import { UsageError } from '../errors.js';

/** Failures to reach the accounts at all (exit 2: nothing was judged), kept free of SDK imports for the CLI. */

/** The current credentials could not be used (none found, expired, or STS refused them). */
export class CredentialsError extends UsageError {
  override name = 'CredentialsError';
}

/** The organization could not be listed (not a management or delegated administrator account, denied, …). */
export class OrganizationError extends UsageError {
  override name = 'OrganizationError';
}

/** AWS could not be reached before any account was scanned (refused, DNS, TLS, reset, timeout). */
export class NetworkError extends UsageError {
  override name = 'NetworkError';
}
