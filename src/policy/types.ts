import { UsageError } from '../errors.js';
import type { Severity } from '../model/finding.js';
import type { WaiverTerms } from '../model/report.js';
import type { Rule } from '../rules/rule.js';
import { inert } from '../text/inert.js';

export interface Scope {
  accountTypes?: string[];
  squads?: string[];
  accounts?: string[];
}

export type RuleSettingInput =
  | 'off'
  | 'on'
  | { enabled?: boolean; severity?: Severity; params?: Record<string, unknown>; appliesTo?: Scope };

export interface CustomRuleInput {
  id: string;
  title: string;
  severity: Severity;
  resourceType: string;
  needs?: string[];
  description?: string;
  remediation?: string;
  references?: Record<string, string[]>;
  appliesTo?: Scope;
  schema: Record<string, unknown>;
}

/** A waiver as written in a policy file. */
export type WaiverInput = WaiverTerms;

/** A policy file as written (after YAML/JSON parsing and schema validation). */
export interface PolicyFile {
  name: string;
  description?: string;
  extends?: string | string[];
  appliesTo?: Scope;
  defaultAccountType?: string;
  rules?: Record<string, RuleSettingInput>;
  customRules?: CustomRuleInput[];
  exceptions?: WaiverInput[];
}

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  params: Record<string, unknown>;
  appliesTo?: Scope;
}

export interface Waiver extends WaiverInput {
  /** The policy that declared it. */
  policy: string;
}

/** A policy with its `extends` chain merged, validated against the rule registry. */
export interface ResolvedPolicy {
  name: string;
  description?: string;
  /** The file it was loaded from (or `pack:NAME` for a shipped pack). */
  source: string;
  /** The file it was loaded from, always a path (a shipped pack's file too). */
  file?: string;
  /** sha256 of the merged policy: two scans under the same digest judged by the same rules. */
  digest: string;
  appliesTo?: Scope;
  defaultAccountType?: string;
  rules: Map<string, RuleSetting>;
  /** Declarative rules compiled from `customRules` along the chain. */
  customRules: Rule[];
  exceptions: Waiver[];
}

/** One problem in a policy file: which file, where in it, what. */
export interface PolicyIssue {
  file: string;
  path: string;
  message: string;
}

/** Every problem of a policy load; the message has one line per issue, file-derived text made inert. */
export class PolicyError extends UsageError {
  constructor(readonly issues: PolicyIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'PolicyError';
  }
}

export function formatIssue(issue: PolicyIssue): string {
  return inert(`${issue.file}${issue.path ? `: ${issue.path}` : ''}: ${issue.message}`, { max: 2048 });
}
