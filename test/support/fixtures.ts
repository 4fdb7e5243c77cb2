import type { AnyResource, CollectionError } from '../../src/model/resource.js';
import type { Inventory, Target } from '../../src/model/inventory.js';

export const ACCOUNT = '111122223333';

export const accessDenied = (operation: string): CollectionError => ({
  code: 'AccessDenied',
  message: 'User is not authorized to perform this operation',
  operation,
  httpStatus: 403,
});

/** A resource of any type with sensible identity defaults; `data`/`errors` as given. */
export function resource(
  type: string,
  data: Record<string, unknown>,
  overrides: Partial<AnyResource> = {},
): AnyResource {
  const name = overrides.name ?? 'example';
  return {
    type,
    arn: overrides.arn ?? `arn:aws:${type.split('.')[1]}:us-east-1:${ACCOUNT}:${type.split('.')[2]}/${name}`,
    accountId: overrides.accountId ?? ACCOUNT,
    region: overrides.region ?? 'us-east-1',
    name,
    tags: overrides.tags ?? {},
    data,
    errors: overrides.errors ?? {},
  };
}

export function target(overrides: Partial<Target> = {}): Target {
  return { accountId: ACCOUNT, regions: ['us-east-1'], ...overrides };
}

export function inventoryOf(resources: AnyResource[], targets: Target[] = [target()]): Inventory {
  return {
    schemaVersion: 1,
    collectedAt: '2026-11-24T00:00:00.000Z',
    targets,
    resources,
    errors: [],
    apiCalls: {},
  };
}
