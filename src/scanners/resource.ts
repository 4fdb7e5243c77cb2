import type { AnyResource } from '../model/resource.js';
import type { ScannerContext } from './scanner.js';

/**
 * A new resource of the account being scanned, in the scanner's region unless given (`global` for global
 * scanners): no attribute read yet, no tags unless the list answer carried them.
 */
export function newResource(
  context: Pick<ScannerContext, 'target' | 'region'>,
  type: string,
  identity: { arn: string; name: string; region?: string; tags?: Record<string, string>; data?: Record<string, unknown> },
): AnyResource {
  return {
    type,
    arn: identity.arn,
    accountId: context.target.accountId,
    region: identity.region ?? context.region,
    name: identity.name,
    tags: identity.tags ?? {},
    data: identity.data ?? {},
    errors: {},
  };
}
