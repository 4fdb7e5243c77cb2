import type { AnyResource, CollectionError } from '../../src/model/resource.js';
import type { Inventory, Target } from '../../src/model/inventory.js';
import type { ResolvedPolicy, RuleSetting } from '../../src/policy/types.js';
import type { Rule } from '../../src/rules/rule.js';

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

/**
 * A resolved policy that enables the given rules (or rule ids): each with its params and settings from
 * `settings` (by rule id), the rest of the policy from `extra`.
 */
export function policyFor(
  rules: Array<Rule | string>,
  settings: Record<string, Partial<RuleSetting>> = {},
  extra: Partial<ResolvedPolicy> = {},
): ResolvedPolicy {
  const ids = [...new Set([...rules.map((rule) => (typeof rule === 'string' ? rule : rule.id)), ...Object.keys(settings)])];
  return {
    name: 'test',
    source: 'test',
    digest: 'sha256:test',
    rules: new Map(ids.map((id) => [id, { enabled: true, params: {}, ...settings[id] }])),
    customRules: [],
    exceptions: [],
    ...extra,
  };
}
