import type { Inventory } from '../model/inventory.js';
import type { ReportCollectionError } from '../model/report.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import { inert } from '../text/inert.js';

/**
 * Collection errors, counted and explained one way for every command (`scan`, `collect`, `evaluate`,
 * `merge`): the inventory's scope errors (an account, region or service that could not be listed) plus
 * every resource attribute that could not be read.
 */
export function flattenCollectionErrors(inventory: Inventory): ReportCollectionError[] {
  const flattened: ReportCollectionError[] = inventory.errors.map((error) => ({ ...error }));
  for (const resource of inventory.resources) flattened.push(...attributeErrors(resource));
  return flattened;
}

/** The attributes of one resource that could not be read, as report collection errors. */
export function attributeErrors(resource: AnyResource): ReportCollectionError[] {
  const flattened: ReportCollectionError[] = [];
  for (const [attribute, error] of Object.entries(resource.errors as Record<string, CollectionError | undefined>)) {
    if (!error) continue;
    flattened.push({
      // The service whose call failed, as scope errors name it (`aws.s3.bucket` → `s3`).
      service: resource.type.split('.')[1] ?? resource.type,
      ...error,
      accountId: resource.accountId,
      region: resource.region,
      resourceArn: resource.arn,
      attribute,
    });
  }
  return flattened;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * One phrase for a list of collection errors ('' when there are none), e.g. "3 collection errors: 1
 * account/region/service could not be listed, 2 resource attributes could not be read (AccessDenied 2,
 * ServiceError 1)".
 */
export function describeCollectionErrors(errors: readonly Pick<ReportCollectionError, 'code' | 'resourceArn'>[]): string {
  if (errors.length === 0) return '';
  const attributes = errors.filter((error) => error.resourceArn !== undefined).length;
  const scopes = errors.length - attributes;
  const codes = new Map<string, number>();
  // Codes come from AWS answers (or an emulator): inert and short, since this sentence reaches terminals.
  for (const error of errors) {
    const code = inert(error.code, { max: 64 });
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  const byCode = [...codes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = byCode.slice(0, 4).map(([code, n]) => `${code} ${n}`);
  if (byCode.length > 4) shown.push('…');
  const parts = [
    scopes > 0 ? `${plural(scopes, 'account/region/service', 'accounts/regions/services')} could not be listed` : '',
    attributes > 0 ? `${plural(attributes, 'resource attribute')} could not be read` : '',
  ].filter(Boolean);
  return `${plural(errors.length, 'collection error')}: ${parts.join(', ')} (${shown.join(', ')})`;
}
