/**
 * Conditions on identity-policy statements. An Allow under a condition that can narrow who, where or what
 * (`aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:ResourceAccount`, `iam:PassedToService`, tags, MFA …) is
 * *conditional*: findings still report it, one severity level lower. A condition whose every value is a
 * bare wildcard narrows nothing.
 */
import type { ConditionBlock } from '../../model/policy-document.js';

export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

export function conditionEntries(condition: ConditionBlock | undefined): ConditionEntry[] {
  const entries: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    if (typeof keys !== 'object' || keys === null) continue;
    for (const [key, raw] of Object.entries(keys)) {
      entries.push({ operator, key, values: (Array.isArray(raw) ? raw : [raw]).map(String) });
    }
  }
  return entries;
}

function narrows(entry: ConditionEntry): boolean {
  if (entry.values.length === 0) return false;
  if (/^(StringLike|ArnLike)/i.test(entry.operator.replace(/^For(Any|All)Values:/i, ''))) {
    return !entry.values.every((value) => /^\*+$/.test(value));
  }
  return true;
}

/** Whether a statement's condition can narrow the grant (any entry that is not a pure wildcard). */
export function isConditional(condition: ConditionBlock | undefined): boolean {
  return conditionEntries(condition).some(narrows);
}

/** The condition keys a statement uses, as written. */
export function conditionKeys(condition: ConditionBlock | undefined): string[] {
  return [...new Set(conditionEntries(condition).map((entry) => entry.key))];
}

/**
 * Values a condition fixes for a key (case-insensitive key, any String/Arn operator, IfExists included),
 * or undefined when the key is not constrained.
 */
export function valuesFor(condition: ConditionBlock | undefined, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  const values = conditionEntries(condition)
    .filter((entry) => entry.key.toLowerCase() === lower && /^(ForAnyValue:|ForAllValues:)?(String|Arn)/i.test(entry.operator))
    .filter((entry) => !/Not/i.test(entry.operator))
    .flatMap((entry) => entry.values);
  return values.length > 0 ? values : undefined;
}
