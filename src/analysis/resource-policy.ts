/**
 * Reading resource policies (bucket, key, trust, model-package-group policies): who a statement grants
 * to, and whether a condition narrows "anyone" down to a known set of principals or networks.
 */
import { toList, type PolicyDocument, type PolicyStatement, type PrincipalBlock } from '../model/policy-document.js';
import { globMatch } from '../text/glob.js';

/** Condition keys that pin a grant to an organization, account, network or principal. */
export const RESTRICTING_CONDITION_KEYS = [
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceip',
  'aws:userid',
  'aws:username',
  'kms:calleraccount',
  'kms:viaservice',
] as const;

/** Operators whose values fix the key to concrete values (IfExists variants do not: an absent key passes). */
const FIXING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

export interface RestrictingCondition {
  operator: string;
  key: string;
  values: string[];
}

/**
 * The conditions of a statement that restrict who or where: a fixing operator on a restricting key with
 * values that are not themselves wildcards. `ForAllValues:` is excluded (it passes when the key is absent).
 */
export function restrictingConditions(statement: PolicyStatement): RestrictingCondition[] {
  const found: RestrictingCondition[] = [];
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (!FIXING_OPERATORS.test(operator) || /^ForAllValues:/i.test(operator)) continue;
    for (const [key, raw] of Object.entries(entries)) {
      const lower = key.toLowerCase();
      if (!(RESTRICTING_CONDITION_KEYS as readonly string[]).includes(lower)) continue;
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (values.length === 0 || values.some((value) => isWildcardValue(lower, value))) continue;
      found.push({ operator, key, values });
    }
  }
  return found;
}

function isWildcardValue(key: string, value: string): boolean {
  if (value === '*' || value === '') return true;
  if (key === 'aws:sourceip') return /\/0$/.test(value) || value === '0.0.0.0/0' || value === '::/0';
  if (key === 'aws:sourcearn' || key === 'aws:principalarn') return /^arn:[^:]*:[^:]*:[^:]*:\*/.test(value) || value === 'arn:*';
  return false;
}

/** The principal values of a block, by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`, `*`). */
export function principalEntries(block: PrincipalBlock | undefined): Array<{ kind: string; value: string }> {
  if (block === undefined) return [];
  if (block === '*') return [{ kind: '*', value: '*' }];
  return Object.entries(block).flatMap(([kind, values]) => toList(values).map((value) => ({ kind, value })));
}

/** `*`, `{"AWS": "*"}` or `arn:aws:iam::*:root`: anyone with AWS credentials, in any account. */
export function isAnyonePrincipal(entry: { kind: string; value: string }): boolean {
  if (entry.kind === '*' || entry.value === '*') return entry.kind === '*' || entry.kind === 'AWS' || entry.kind === 'CanonicalUser';
  return entry.kind === 'AWS' && /^arn:[^:]+:iam::\*:/.test(entry.value);
}

/**
 * Whether the statement grants to anyone: an Allow to `*`, or an Allow with `NotPrincipal` (everyone but
 * the listed principals).
 */
export function grantsToAnyone(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.NotPrincipal !== undefined) return true;
  return principalEntries(statement.Principal).some(isAnyonePrincipal);
}

/** The 12-digit account of an AWS principal value (account id, root ARN, role/user ARN, STS ARN). */
export function accountOfPrincipal(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const match = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value);
  return match?.[1];
}

/** Accounts named by a statement's AWS principals (not `*`, not services). */
export function principalAccounts(statement: PolicyStatement): string[] {
  const accounts = new Set<string>();
  for (const entry of principalEntries(statement.Principal)) {
    if (entry.kind !== 'AWS') continue;
    const account = accountOfPrincipal(entry.value);
    if (account) accounts.add(account);
  }
  return [...accounts];
}

/** Whether a statement's Action (or NotAction) may cover an action, by IAM's wildcard rules. */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  const matchesAny = (patterns: string[]): boolean => patterns.some((pattern) => actionMatches(pattern, action));
  if (statement.NotAction !== undefined) return !matchesAny(toList(statement.NotAction));
  return matchesAny(toList(statement.Action));
}

/** IAM action matching: case-insensitive, `*` any run, `?` one character. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, { ignoreCase: true });
}

/** Whether a statement's Resource (or NotResource) may cover a resource ARN. */
export function statementCoversResource(statement: PolicyStatement, arn: string): boolean {
  const matchesAny = (patterns: string[]): boolean =>
    patterns.some((pattern) => globMatch(pattern, arn));
  if (statement.NotResource !== undefined) return !matchesAny(toList(statement.NotResource));
  if (statement.Resource === undefined) return true; // key policies and trust policies omit Resource
  return matchesAny(toList(statement.Resource));
}

/** Condition keys whose values name the calling account. */
const ACCOUNT_CONDITION_KEY = /^(aws:principalaccount|aws:sourceaccount|kms:calleraccount)$/i;

/**
 * The accounts an Allow statement grants to: those its AWS principals name, and for grants to anyone, the
 * accounts a restricting condition pins the caller to (`aws:PrincipalAccount`, `aws:SourceAccount`,
 * `kms:CallerAccount`). Organization ids such a grant is pinned to (`aws:PrincipalOrgID`) come separately.
 */
export function grantedAccounts(statement: PolicyStatement): { accounts: string[]; organizations: string[] } {
  if (statement.Effect !== 'Allow') return { accounts: [], organizations: [] };
  const accounts = new Set(principalAccounts(statement));
  const organizations = new Set<string>();
  if (grantsToAnyone(statement)) {
    for (const condition of restrictingConditions(statement)) {
      if (ACCOUNT_CONDITION_KEY.test(condition.key)) for (const value of condition.values) accounts.add(value);
      if (/^aws:principalorgid$/i.test(condition.key)) for (const value of condition.values) organizations.add(value);
    }
  }
  return { accounts: [...accounts], organizations: [...organizations] };
}

export interface IndexedStatement {
  statement: PolicyStatement;
  index: number;
}

/** Statements that grant to anyone without a restricting condition: what makes a resource policy public. */
export function publicStatements(policy: PolicyDocument): IndexedStatement[] {
  return policy.Statement.map((statement, index) => ({ statement, index })).filter(
    ({ statement }) => grantsToAnyone(statement) && restrictingConditions(statement).length === 0,
  );
}

/** A statement as messages name it: by its Sid (`statement "PublicRead"`), else by its index (`statement #2`). */
export function statementLabel(statement: Pick<PolicyStatement, 'Sid'>, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement #${index}`;
}

/** `statement "Sid"` or `statement #2`, comma-separated, for messages. */
export function statementNames(statements: IndexedStatement[]): string {
  return statements.map(({ statement, index }) => statementLabel(statement, index)).join(', ');
}

/** The verdict options of a public policy: the path to the first public statement, the statements as evidence. */
export function publicPolicyEvidence(statements: IndexedStatement[]): { path: string; evidence: Record<string, unknown> } {
  return {
    path: `data.policy.Statement[${statements[0]?.index ?? 0}]`,
    evidence: { statements: statements.map(({ statement, index }) => ({ index, sid: statement.Sid, statement })) },
  };
}
