/** IAM-style policy documents (bucket, key, trust and identity policies), as AWS returns them. */

export type StringOrList = string | string[];

/** `"*"` or `{ "AWS": …, "Service": …, "Federated": …, "CanonicalUser": … }`. */
export type PrincipalBlock = '*' | Record<string, StringOrList>;

/** Condition operator → condition key → value(s). */
export type ConditionBlock = Record<string, Record<string, StringOrList | boolean | number>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  /** Always a list after parsing, whatever shape the source used. */
  Statement: PolicyStatement[];
}

export class PolicyParseError extends Error {
  override name = 'PolicyParseError';
}

/**
 * Parses a policy document (URL-encoded as IAM returns it, or plain JSON) and normalises `Statement` to a
 * list. Throws PolicyParseError on text that is not a policy, so the caller can record a collection error.
 */
export function parsePolicyDocument(text: string | Record<string, unknown>): PolicyDocument {
  let value: unknown = text;
  if (typeof text === 'string') {
    const trimmed = text.trim();
    const decoded = trimmed.startsWith('%7B') || trimmed.startsWith('%7b') ? decodeURIComponent(trimmed) : trimmed;
    try {
      value = JSON.parse(decoded);
    } catch (error) {
      throw new PolicyParseError(`policy is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyParseError('policy is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const statement = record.Statement;
  if (statement === undefined) throw new PolicyParseError('policy has no Statement');
  const statements = Array.isArray(statement) ? statement : [statement];
  for (const [index, item] of statements.entries()) {
    if (typeof item !== 'object' || item === null) {
      throw new PolicyParseError(`Statement[${index}] is not an object`);
    }
    const effect = (item as Record<string, unknown>).Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      throw new PolicyParseError(`Statement[${index}].Effect is ${JSON.stringify(effect)}, not Allow or Deny`);
    }
  }
  return { ...(record as Omit<PolicyDocument, 'Statement'>), Statement: statements as PolicyStatement[] };
}

export function toList(value: StringOrList | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
