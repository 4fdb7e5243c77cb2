import type { AnyResource, AttributeOf, ResourceDataByType, ResourceOf, ResourceType } from '../model/resource.js';
import type { AccountDirectory, AccountView, SharedAnalyses, Target } from '../model/inventory.js';
import type { References, Severity } from '../model/finding.js';

// Views over the inventory live in the model (analyses read them too); rule authors find them here.
export type { AccountDirectory, AccountView, AnalysisScope, ScopeAccount, SharedAnalyses } from '../model/inventory.js';

/** What a rule decides about one resource (or one sub-part of it, e.g. one security-group rule). */
export interface Verdict {
  status: 'pass' | 'fail' | 'error' | 'not-applicable';
  message: string;
  /** Dotted path to the field the verdict is about, from the resource root (e.g. `data.policy.Statement[2]`). */
  path?: string;
  evidence?: Record<string, unknown>;
  /** Overrides the rule's severity for this verdict (e.g. admin ports open to the internet are critical). */
  severity?: Severity;
  /** Distinguishes several verdicts on one resource; part of the finding fingerprint. */
  key?: string;
}

export type VerdictOptions = Omit<Verdict, 'status' | 'message'>;

export const pass = (message: string, options: VerdictOptions = {}): Verdict => ({ status: 'pass', message, ...options });
export const fail = (message: string, options: VerdictOptions = {}): Verdict => ({ status: 'fail', message, ...options });
export const error = (message: string, options: VerdictOptions = {}): Verdict => ({ status: 'error', message, ...options });
export const notApplicable = (message: string): Verdict => ({ status: 'not-applicable', message });

export interface RuleContext<P> {
  params: P;
  /** The account the resource belongs to. */
  target: Target;
  account: AccountView;
  directory: AccountDirectory;
  now: Date;
  /** Analyses computed once per evaluation over every evaluated account (e.g. the IAM principal graph). */
  analyses?: SharedAnalyses;
}

/** A JSON Schema for a rule's params (an object schema). */
export type ParamsSchema = Record<string, unknown>;

export interface RuleMeta {
  /** kebab-case, service prefix, says what must hold. */
  id: string;
  title: string;
  severity: Severity;
  resourceType: string;
  /** Attributes read; if one could not be collected the engine reports `error` without calling `check`. */
  needs: string[];
  /**
   * Attributes read whose absence (not collected, or unreadable) `check` handles itself, e.g. evidence-only
   * fields: collected like `needs`, but a missing one never turns the verdict into `error`.
   */
  optional?: string[];
  /** Attributes of other resource types in the same account that `check` reads through `ctx.account`. */
  related?: Record<string, string[]>;
  /**
   * For rules that judge several resource types (e.g. every resource carrying a resource policy): type →
   * attributes needed of it. When set, it replaces `resourceType` + `needs` for matching and collection, and
   * `resourceType` is only a label.
   */
  judges?: Record<string, string[]>;
  /** Markdown. */
  description: string;
  rationale: string;
  /** Markdown; names the Terraform setting to change. */
  remediation: string;
  references: References;
  params?: ParamsSchema;
  defaults?: Record<string, unknown>;
  /** Account types the rule applies to by default (`*` = all). A policy may narrow or widen it. */
  appliesTo?: { accountTypes: string[] };
  /**
   * Set when the rule cannot be judged on a Terraform plan (it reads deployed state only: the credential
   * report, job runs, live instance counts): why. `squadguard plan` skips the rule and lists it in a note.
   */
  notOnPlans?: string;
  /** Where the rule came from: built in, a policy's customRules, or a plugin. */
  source?: string;
}

/** A rule as the engine sees it. */
export interface Rule extends RuleMeta {
  check(resource: AnyResource, context: RuleContext<Record<string, unknown>>): Verdict | Verdict[];
}

/** A rule's params: a JSON object its `defaults` and the policy fill. */
export type Params = Record<string, unknown>;

/**
 * The part of a resource a rule declared: `data` holds the needed attributes (the engine guarantees them)
 * and the optional ones (possibly absent); reading any other attribute does not compile.
 */
export type Needed<T extends ResourceType, N extends AttributeOf<T>, O extends AttributeOf<T> = never> = Omit<ResourceOf<T>, 'data'> & {
  data: Pick<ResourceDataByType[T], Extract<N, keyof ResourceDataByType[T]>> &
    Partial<Pick<ResourceDataByType[T], Extract<O, keyof ResourceDataByType[T]>>>;
};

export interface RuleDefinition<T extends ResourceType, N extends AttributeOf<T>, O extends AttributeOf<T>, P extends Params>
  extends Omit<RuleMeta, 'resourceType' | 'needs' | 'optional' | 'defaults'> {
  resourceType: T;
  needs: readonly N[];
  optional?: readonly O[];
  defaults?: P;
  check(resource: Needed<T, N, O>, context: RuleContext<P>): Verdict | Verdict[];
}

/** The resource types a rule judges, each with the attributes it needs of that type. */
export function judgedTypes(rule: Pick<RuleMeta, 'resourceType' | 'needs' | 'judges'>): Array<[string, string[]]> {
  return rule.judges ? Object.entries(rule.judges) : [[rule.resourceType, rule.needs]];
}

/** Declares a rule over several resource types (`judges`); `check` receives any of them. */
export function defineMultiTypeRule<P extends Params = Record<string, never>>(
  definition: Omit<RuleMeta, 'needs' | 'optional' | 'defaults' | 'judges'> & {
    judges: Partial<Record<ResourceType, string[]>>;
    defaults?: P;
    check(resource: AnyResource, context: RuleContext<P>): Verdict | Verdict[];
  },
): Rule {
  const judges = Object.fromEntries(Object.entries(definition.judges).filter((entry): entry is [string, string[]] => entry[1] !== undefined));
  return {
    ...definition,
    judges,
    needs: [...new Set(Object.values(judges).flat())],
    appliesTo: definition.appliesTo ?? { accountTypes: ['*'] },
    source: definition.source ?? 'built-in',
  };
}

/**
 * Declares a rule: metadata beside a pure, synchronous check. The resource type narrows `needs` and
 * `optional` to that type's attributes, and `check`'s argument to the attributes they name; `params` take
 * the type of `defaults`.
 */
export function defineRule<
  T extends ResourceType,
  const N extends AttributeOf<T>,
  const O extends AttributeOf<T> = never,
  P extends Params = Record<string, never>,
>(definition: RuleDefinition<T, N, O, P>): Rule {
  return {
    ...definition,
    needs: [...definition.needs],
    optional: definition.optional ? [...definition.optional] : undefined,
    appliesTo: definition.appliesTo ?? { accountTypes: ['*'] },
    source: definition.source ?? 'built-in',
  };
}
