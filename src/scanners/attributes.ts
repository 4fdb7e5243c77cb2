import { errorCode, toCollectionError } from '../aws/errors.js';
import type { AnyResource } from '../model/resource.js';
import { needs, type CollectionPlan } from './scanner.js';

export interface AttributeRead<V> {
  /** `Service.Operation`, for the collection error. */
  operation: string;
  read: () => Promise<V>;
  /** Error codes that mean "not configured": the attribute becomes `notConfigured` (default `null`). */
  notConfiguredCodes?: string[];
  notConfigured?: V;
}

/**
 * Reads one attribute of a resource if the plan needs it. "Not configured" answers are data; every other
 * failure (AccessDenied, throttling after retries, 5xx, unimplemented) is recorded as a collection error on
 * that attribute, never guessed.
 */
export async function readAttribute<V>(
  resource: AnyResource,
  attribute: string,
  plan: CollectionPlan,
  spec: AttributeRead<V>,
): Promise<void> {
  if (!needs(plan, resource.type, attribute)) return;
  try {
    const value = await spec.read();
    setAttribute(resource, attribute, value);
  } catch (error) {
    if (spec.notConfiguredCodes?.includes(errorCode(error))) {
      setAttribute(resource, attribute, (spec.notConfigured ?? null) as V);
    } else {
      (resource.errors as Record<string, unknown>)[attribute] = toCollectionError(error, spec.operation);
    }
  }
}

function setAttribute(resource: AnyResource, attribute: string, value: unknown): void {
  if (attribute === 'tags') resource.tags = value as Record<string, string>;
  else resource.data[attribute] = value;
}

/** Tags as the SDK returns them (`[{Key, Value}]`) → a plain record. */
export function tagRecord(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** A date from the SDK as the model's ISO string; `null` when the answer has none. */
export function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}
