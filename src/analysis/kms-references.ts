/**
 * Which scanned resources use a KMS key. Resources name keys by ARN, key id, alias name or alias ARN in
 * attributes of their own; this module lists those attributes per resource type (the `related` metadata
 * of rules that need them) and finds the key references in a resource's data.
 */
import type { AnyResource, CollectionError } from '../model/resource.js';

/**
 * Resource type → attributes that may hold a KMS key reference. A type no scanner produces simply has no
 * resources in the inventory.
 */
export const KMS_KEY_REFERENCES: Record<string, string[]> = {
  'aws.s3.bucket': ['encryption'],
  'aws.ec2.volume': ['kmsKeyId'],
  'aws.ec2.region-settings': ['ebsDefaultKmsKeyId'],
  'aws.sagemaker.notebook-instance': ['kmsKeyId'],
  'aws.sagemaker.domain': ['kmsKeyId'],
  'aws.sagemaker.job': ['volumeKmsKeyId', 'outputKmsKeyId'],
  'aws.sagemaker.endpoint-config': ['kmsKeyId', 'dataCapture'],
};

/** Field names that hold a key reference inside an attribute's value (`encryption.kmsKeyId`, …). */
const KEY_FIELD = /kms.*key|^keyid$|^keyarn$/i;

export interface KeyReference {
  /** Dotted path from the resource root, e.g. `data.encryption.kmsKeyId`. */
  path: string;
  value: string;
}

/** The key references in the given (readable) attributes of a resource's data: strings at key-like fields. */
export function keyReferences(resource: AnyResource, attributes: string[]): KeyReference[] {
  const found: KeyReference[] = [];
  const visit = (value: unknown, path: string, field: string): void => {
    if (typeof value === 'string') {
      if (KEY_FIELD.test(field) && value !== '') found.push({ path, value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, field));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) visit(inner, `${path}.${key}`, key);
    }
  };
  const errors = resource.errors as Record<string, CollectionError | undefined>;
  for (const attribute of attributes) if (!errors[attribute]) visit(resource.data[attribute], `data.${attribute}`, attribute);
  return found;
}

/** Attributes among `attributes` that could not be read (or were not collected) on a resource. */
export function unreadableAttributes(resource: AnyResource, attributes: string[]): Array<{ attribute: string; error?: CollectionError }> {
  const errors = resource.errors as Record<string, CollectionError | undefined>;
  return attributes
    .filter((attribute) => errors[attribute] !== undefined || !(attribute in resource.data))
    .map((attribute) => (errors[attribute] ? { attribute, error: errors[attribute] } : { attribute }));
}

export interface KeyIdentity {
  arn: string;
  keyId: string;
  region: string;
  aliases: string[];
}

/**
 * Whether a reference names the key: its ARN, its id, one of its aliases (`alias/x`, resolved in the
 * referencing resource's region) or an alias ARN.
 */
export function referencesKey(reference: string, key: KeyIdentity, referencingRegion: string): boolean {
  if (reference === key.arn || reference === key.keyId) return true;
  const arnMatch = /^arn:[^:]+:kms:([^:]+):\d{12}:(key|alias)\/(.+)$/.exec(reference);
  if (arnMatch) {
    const [, region, kind, name] = arnMatch;
    if (region !== key.region) return false;
    return kind === 'key' ? name === key.keyId : key.aliases.includes(`alias/${name}`);
  }
  if (reference.startsWith('alias/')) return referencingRegion === key.region && key.aliases.includes(reference);
  return false;
}
