/**
 * Conditions on policy statements. An Allow under a condition that can narrow who, where or what
 * (`aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:ResourceAccount`, `iam:PassedToService`, tags, MFA …) is
 * *conditional*: findings still report it, one severity level lower. A condition whose every value is a
 * bare wildcard narrows nothing.
 *
 * A few conditions are decidable at scan time, from the scan's clock alone (see `decideEntry`): a time
 * window that closed in the past never holds, one that opened in the past always holds. Every other
 * condition stays conditional.
 */
import type { ConditionBlock } from '../../model/policy-document.js';
import { globMatch } from '../../text/glob.js';

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

// ---------------------------------------------------------------------------------------------------------
// Decidable at scan time

/** What decisions may rely on: the scan's clock, and whether the principal is a role or a user. */
export interface DecisionContext {
  now: Date;
  /** `role`: always temporary credentials (aws:TokenIssueTime present); `user`: may use long-term keys. */
  principal?: 'role' | 'user';
}

export type Decision = 'holds' | 'fails' | 'unknown';

export interface DecidedEntry extends ConditionEntry {
  decision: Exclude<Decision, 'unknown'>;
}

/**
 * The longest-lived temporary credentials (GetFederationToken / GetSessionToken) last 36 hours: a token in
 * use at scan time was issued at most that long ago. Token-issue dates closer to now than this margin are
 * not decided.
 */
const TOKEN_LIFETIME_MS = 36 * 3600 * 1000;

const DATE_OPERATOR = /^(Date|Numeric)(LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)(IfExists)?$/i;

/** A condition value as a point in time: ISO 8601, or epoch seconds (as aws:EpochTime compares). */
function instant(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d{1,12}$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Decides one condition entry from the clock, or says `unknown`:
 * - `aws:CurrentTime` / `aws:EpochTime` are the request time, always present: `DateLessThan` a past date
 *   never holds, `DateGreaterThan` a past date always holds (also their `…Equals` forms, and the Numeric
 *   operators on `aws:EpochTime`);
 * - `aws:TokenIssueTime` is present only with temporary credentials (roles always; users' long-term keys
 *   never). A token in use today was not issued before a date more than 36 hours ago, so a `LessThan` such
 *   a date fails when the key is present — and when it is absent too, unless the operator is `…IfExists`
 *   (then a user's long-term key passes it: not decided for users). `GreaterThan` such a date holds when
 *   present; when absent it fails, unless `…IfExists`: decided for roles, and for users only with IfExists.
 */
export function decideEntry(entry: ConditionEntry, context: DecisionContext): Decision {
  const match = DATE_OPERATOR.exec(entry.operator);
  if (!match) return 'unknown';
  const [, family, comparison, ifExists] = match as unknown as [string, string, string, string | undefined];
  const key = entry.key.toLowerCase();
  const isTime = key === 'aws:currenttime' || key === 'aws:epochtime';
  const isToken = key === 'aws:tokenissuetime';
  if (!isTime && !isToken) return 'unknown';
  if (family.toLowerCase() === 'numeric' && key !== 'aws:epochtime') return 'unknown';
  const instants = entry.values.map(instant);
  if (instants.length === 0 || instants.some((value) => value === undefined)) return 'unknown';
  const margin = isToken ? TOKEN_LIFETIME_MS : 0;
  const past = (value: number): boolean => value < context.now.getTime() - margin;
  const less = /^Less/i.test(comparison);
  // Values of one key are ORed: LessThan fails only if it fails for every value; GreaterThan holds if any does.
  const whenPresent: Decision = less
    ? (instants as number[]).every(past)
      ? 'fails'
      : 'unknown'
    : (instants as number[]).some(past)
      ? 'holds'
      : 'unknown';
  if (whenPresent === 'unknown' || isTime) return whenPresent;
  // aws:TokenIssueTime: absent for long-term keys (users only). Absent + IfExists → holds; absent → fails.
  if (context.principal === 'role') return whenPresent;
  const whenAbsent: Decision = ifExists ? 'holds' : 'fails';
  return whenAbsent === whenPresent ? whenPresent : 'unknown';
}

export interface ConditionVerdict {
  /** `never`: some entry never holds, the statement does nothing; `always`: nothing left that narrows. */
  effect: 'never' | 'always' | 'conditional';
  /** Entries decided from the clock (for evidence: "condition decided at scan time"). */
  decided: DecidedEntry[];
}

/** Decides a whole condition block: entries are ANDed. */
export function decideCondition(condition: ConditionBlock | undefined, context: DecisionContext): ConditionVerdict {
  const decided: DecidedEntry[] = [];
  let open = false;
  let never = false;
  for (const entry of conditionEntries(condition)) {
    if (!narrows(entry)) continue;
    const decision = decideEntry(entry, context);
    if (decision === 'unknown') open = true;
    else {
      decided.push({ ...entry, decision });
      if (decision === 'fails') never = true;
    }
  }
  return { effect: never ? 'never' : open ? 'conditional' : 'always', decided };
}

/** `DateLessThan aws:CurrentTime 2020-01-01 (never holds)` — for messages and evidence. */
export function describeDecided(entry: DecidedEntry): string {
  return `${entry.operator} ${entry.key} ${entry.values.join(',')} (${entry.decision === 'holds' ? 'always holds' : 'never holds'}: condition decided at scan time)`;
}

/** Operators on strings and ARNs that can be decided when the key's value is known. */
const STRING_OPERATOR = /^(String|Arn)(Not)?(Equals|EqualsIgnoreCase|Like)(IfExists)?$/i;

function decideKnown(entry: ConditionEntry, value: string): Decision {
  const match = STRING_OPERATOR.exec(entry.operator);
  if (!match) return 'unknown';
  const [, family, not, comparison] = match as unknown as [string, string, string | undefined, string];
  const ignoreCase = /IgnoreCase/i.test(comparison);
  // ArnEquals matches like ArnLike (wildcards allowed in each field); StringEquals is exact.
  const wildcards = /Like/i.test(comparison) || family.toLowerCase() === 'arn';
  const hit = entry.values.some((expected) =>
    wildcards ? globMatch(expected, value, { ignoreCase }) : ignoreCase ? expected.toLowerCase() === value.toLowerCase() : expected === value,
  );
  return (not ? !hit : hit) ? 'holds' : 'fails';
}

/**
 * Evaluates a condition block for a request whose keys are partly known (lower-cased key → value, e.g.
 * `aws:principalarn` when judging who a trust policy admits, `iam:passedtoservice` when a role is passed
 * to a service). Date keys are decided from the clock; every other key stays open.
 */
export function evaluateCondition(
  condition: ConditionBlock | undefined,
  known: ReadonlyMap<string, string>,
  context: DecisionContext,
): 'holds' | 'fails' | 'conditional' {
  let open = false;
  for (const entry of conditionEntries(condition)) {
    if (!narrows(entry)) continue;
    let decision = decideEntry(entry, context);
    if (decision === 'unknown' && !/^For(Any|All)Values:/i.test(entry.operator)) {
      const value = known.get(entry.key.toLowerCase());
      if (value !== undefined) decision = decideKnown(entry, value);
    }
    if (decision === 'fails') return 'fails';
    if (decision === 'unknown') open = true;
  }
  return open ? 'conditional' : 'holds';
}
