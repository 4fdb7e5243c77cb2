import { compareFindings, severityRank, shiftSeverity, type Finding, type Severity } from '../model/finding.js';
import { CROSS_ACCOUNT_TYPES, makeAccountView, makeDirectory, type AnalysisScope, type Inventory, type ScanError, type SharedAnalyses, type Target } from '../model/inventory.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import type { ResolvedPolicy } from '../policy/types.js';
import { judgedTypes, type Rule, type Verdict } from '../rules/rule.js';
import { clip } from '../text/inert.js';
import { fingerprint } from './fingerprint.js';
import { policyForTarget, type EnabledRule } from './targets-policy.js';
import type { WaiverStatus } from '../model/report.js';
import { WaiverTally } from './waivers.js';

export interface EvaluateOptions {
  policies: ResolvedPolicy[];
  /** Built-in and plugin rules (custom rules come with the policies). */
  rules: Rule[];
  now?: Date;
  /** Days before expiry from which a waiver is listed as expiring soon. */
  waiverWarningDays?: number;
  /** Organization id, when known, for rules judging grants. */
  organizationId?: string;
}

export interface Evaluation {
  /** Account by account (in the order of the inventory's targets), each account's sorted by compareFindings. */
  findings: Finding[];
  waivers: WaiverStatus;
  /** Account type each target was judged as, and the policies applied. */
  targets: Array<Target & { policies: string[] }>;
  /** What the reader must know about the evaluation's scope (e.g. rules that could not run). */
  notes: string[];
}

/** An evaluation whose findings went to the caller account by account. */
export type StreamedEvaluation = Omit<Evaluation, 'findings'>;

/**
 * An inventory read one account at a time: a streamed evaluation holds one account's resources, plus the
 * types an analysis spanning accounts reads (CROSS_ACCOUNT_TYPES) of every account.
 */
export interface InventorySource {
  /** Everything but the resources. */
  header: Omit<Inventory, 'resources'>;
  /** One account's resources, read when its turn comes. */
  resourcesOf(accountId: string): AnyResource[];
  /** One account's resources of these types (read for an analysis spanning accounts, an account at a time). */
  resourcesOfTypes(types: ReadonlySet<string>, accountId: string): AnyResource[];
}

/** The same source with another header (a directory file, an account type given on the command line). */
export function withHeader(source: InventorySource, header: InventorySource['header']): InventorySource {
  return { header, resourcesOf: (accountId) => source.resourcesOf(accountId), resourcesOfTypes: (types, accountId) => source.resourcesOfTypes(types, accountId) };
}

/** An inventory held in memory, as a source. */
export function inventorySource(inventory: Inventory): InventorySource {
  const { resources, ...header } = inventory;
  const byAccount = groupBy(resources, (resource) => resource.accountId);
  return {
    header,
    resourcesOf: (accountId) => byAccount.get(accountId) ?? [],
    resourcesOfTypes: (types, accountId) => (byAccount.get(accountId) ?? []).filter((resource) => types.has(resource.type)),
  };
}

/** Judges an inventory under policies. Pure: same inventory, policies and date → same findings. */
export function evaluate(inventory: Inventory, options: EvaluateOptions): Evaluation {
  const findings: Finding[] = [];
  const evaluation = evaluateByAccount(inventorySource(inventory), options, (judged) => {
    for (const finding of judged) findings.push(finding);
  });
  return { ...evaluation, findings };
}

/**
 * Judges an inventory one account at a time, in the order of its targets: `onAccount` receives each
 * account's findings (waivers applied, sorted by compareFindings) and may drop them. Memory holds one
 * account's resources and findings, plus what analyses spanning accounts read.
 */
export function evaluateByAccount(source: InventorySource, options: EvaluateOptions, onAccount: (findings: Finding[], target: Target) => void): StreamedEvaluation {
  const inventory = source.header;
  const now = options.now ?? new Date();
  const organizationId = options.organizationId ?? inventory.organizationId;
  const directory = makeDirectory(inventory.directory ?? inventory.targets, organizationId, inventory.directoryComplete ?? organizationId !== undefined);
  const errorsByAccount = groupBy(inventory.errors, (error) => error.accountId);
  const waivers = new WaiverTally(now, options.waiverWarningDays ?? 14);
  const judgedTargets: StreamedEvaluation['targets'] = [];
  const notes: string[] = [];
  const notCollected: NotCollected = { attributes: new Map(), rules: new Set() };
  const analyses = sharedAnalyses(() => ({
    accounts: inventory.targets.map((target) => ({
      target,
      view: () => makeAccountView(source.resourcesOfTypes(CROSS_ACCOUNT_TYPES, target.accountId)),
      errors: errorsByAccount.get(target.accountId) ?? [],
    })),
    directory,
    now,
  }));

  for (const target of inventory.targets) {
    const targetPolicy = policyForTarget(target, options.policies, options.rules);
    const judged: Target = targetPolicy.accountType ? { ...target, accountType: targetPolicy.accountType } : target;
    judgedTargets.push({ ...judged, policies: targetPolicy.policies.map((policy) => policy.name) });
    if (targetPolicy.skippedForUnknownType.length > 0) {
      notes.push(
        `account ${target.accountId} has no account type, so ${targetPolicy.skippedForUnknownType.length} rule(s) scoped to account types did not run ` +
          `(${targetPolicy.skippedForUnknownType.join(', ')}): give --account-type, tag the account, or set defaultAccountType in the policy`,
      );
    }
    const resources = source.resourcesOf(target.accountId);
    const view = makeAccountView(resources);
    const rulesByType = groupByMany(targetPolicy.rules, (enabled) => judgedTypes(enabled.rule).map(([type]) => type));
    const findings: Finding[] = [];

    for (const resource of resources) {
      for (const enabled of rulesByType.get(resource.type) ?? []) {
        const context = { params: enabled.params, target: judged, account: view, directory, now, analyses };
        for (const verdict of judge(enabled.rule, resource, context, inventory.collected, notCollected)) {
          if (verdict.status === 'not-applicable') continue;
          findings.push(toFinding(enabled, verdict, resource, judged));
        }
      }
    }
    for (const scanError of [...(errorsByAccount.get(target.accountId) ?? []), ...uncollectedTypes(target, targetPolicy.rules, inventory.collected)]) {
      for (const enabled of targetPolicy.rules) {
        if (!errorHides(scanError, enabled.rule)) continue;
        if (scanError.code === 'NotCollected') recordNotCollected(notCollected, scanError.service, WHOLE_TYPE, enabled.rule.id);
        findings.push(scopeErrorFinding(enabled, scanError, judged));
      }
    }
    waivers.apply(findings, targetPolicy.waivers);
    findings.sort(compareFindings);
    onAccount(findings, judged);
  }

  const uncollected = uncollectedNote(notCollected, options.policies);
  if (uncollected) notes.push(uncollected);
  return { waivers: waivers.status(), targets: judgedTargets, notes };
}

function judge(
  rule: Rule,
  resource: AnyResource,
  context: Parameters<Rule['check']>[1],
  collected: Inventory['collected'],
  notCollected: NotCollected,
): Verdict[] {
  const missing = missingAttributes(rule, resource, collected);
  for (const { attribute, error } of missing) if (!error) recordNotCollected(notCollected, resource.type, attribute, rule.id);
  if (missing.length > 0) {
    return [
      {
        status: 'error',
        message: `could not decide: ${missing
          .map(({ attribute, error }) =>
            error ? `${attribute} could not be read (${error.operation}: ${error.code})` : `${attribute} was not collected`,
          )
          .join('; ')}`,
        evidence: { collectionErrors: Object.fromEntries(missing.map(({ attribute, error }) => [attribute, error ? brief(error) : 'not collected'])) },
      },
    ];
  }
  try {
    const verdicts = rule.check(resource, context);
    return Array.isArray(verdicts) ? verdicts : [verdicts];
  } catch (error) {
    return [{ status: 'error', message: `rule ${rule.id} failed on this resource: ${(error as Error).message}` }];
  }
}

function missingAttributes(
  rule: Rule,
  resource: AnyResource,
  collected: Inventory['collected'],
): Array<{ attribute: string; error?: CollectionError }> {
  const errors = resource.errors as Record<string, CollectionError | undefined>;
  const needs = rule.judges?.[resource.type] ?? rule.needs;
  if (needs.includes('*')) {
    return Object.entries(errors)
      .filter((entry): entry is [string, CollectionError] => entry[1] !== undefined)
      .map(([attribute, error]) => ({ attribute, error }));
  }
  const missing: Array<{ attribute: string; error?: CollectionError }> = [];
  const collectedForType = collected?.[resource.type];
  for (const attribute of needs) {
    const error = errors[attribute];
    if (error) missing.push({ attribute, error });
    else if (attribute === 'tags') {
      if (collectedForType && !collectedForType.includes('tags') && !collectedForType.includes('*')) missing.push({ attribute });
    } else if (!(attribute in resource.data)) missing.push({ attribute });
  }
  return missing;
}

/**
 * An inventory written under another policy may lack a resource type an enabled rule judges: that rule
 * checked nothing, which must read as "could not decide", never as zero findings.
 */
function uncollectedTypes(target: Target, rules: EnabledRule[], collected: Inventory['collected']): ScanError[] {
  if (!collected) return [];
  const missing = new Set(rules.flatMap((enabled) => judgedTypes(enabled.rule).map(([type]) => type)).filter((type) => !(type in collected)));
  return [...missing].map((type) => ({
    accountId: target.accountId,
    region: '*',
    service: type,
    operation: 'inventory',
    code: 'NotCollected',
    message: `the inventory holds no collection of ${type} (collect again with a policy that enables this rule)`,
    resourceTypes: [type],
  }));
}

/**
 * Findings carry copies of names and error messages; an inventory (or an endpoint) can make those huge, and
 * one copy per finding would multiply them. Findings get clipped copies; the report's collection errors
 * keep each full message once.
 */
const MAX_COPIED_MESSAGE = 4096;
const MAX_COPIED_NAME = 1024;

function brief<E extends CollectionError>(error: E): E {
  return error.message.length > MAX_COPIED_MESSAGE ? { ...error, message: clip(error.message, MAX_COPIED_MESSAGE) } : error;
}

/** What enabled rules needed and the inventory did not collect: attributes by resource type, and the rules. */
interface NotCollected {
  attributes: Map<string, Set<string>>;
  rules: Set<string>;
}

const WHOLE_TYPE = '*';

function recordNotCollected(record: NotCollected, type: string, attribute: string, ruleId: string): void {
  const set = record.attributes.get(type) ?? new Set<string>();
  set.add(attribute);
  record.attributes.set(type, set);
  record.rules.add(ruleId);
}

/**
 * An inventory collected under another policy may lack what the rules enabled now need: each such finding
 * says "was not collected"; this one note says which attributes, and how to collect them.
 */
function uncollectedNote(record: NotCollected, policies: ResolvedPolicy[]): string | undefined {
  if (record.attributes.size === 0) return undefined;
  const what = [...record.attributes]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, attributes]) => (attributes.has(WHOLE_TYPE) ? `${type} (not collected at all)` : `${type}: ${[...attributes].sort().join(', ')}`))
    .join('; ');
  const flags = policies.map((policy) => `--policy ${policy.source.startsWith('pack:') ? policy.source.slice(5) : policy.source}`).join(' ');
  return (
    `the inventory lacks what ${record.rules.size} enabled rule(s) need (${what}): it was collected under another policy, and ` +
    `those rules report "could not decide"; collect again with \`squadguard collect ${flags}\``
  );
}

/** Whether a failure above the attribute level may have hidden resources this rule judges. */
function errorHides(error: ScanError, rule: Rule): boolean {
  const types = [...judgedTypes(rule).map(([type]) => type), ...Object.keys(rule.related ?? {})];
  return error.resourceTypes.includes('*') || types.some((type) => error.resourceTypes.includes(type));
}

function toFinding(enabled: EnabledRule, verdict: Verdict, resource: AnyResource, target: Target): Finding {
  const finding: Finding = {
    fingerprint: fingerprint(enabled.rule.id, resource.arn, verdict.key),
    ruleId: enabled.rule.id,
    title: enabled.rule.title,
    severity: verdict.severity ? scaleSeverity(verdict.severity, enabled) : enabled.severity,
    status: verdict.status === 'not-applicable' ? 'pass' : verdict.status,
    resource: {
      arn: resource.arn,
      type: resource.type,
      accountId: resource.accountId,
      region: resource.region,
      name: clip(resource.name, MAX_COPIED_NAME),
      ...(resource.terraformAddress ? { terraformAddress: resource.terraformAddress } : {}),
    },
    message: clip(verdict.message, MAX_COPIED_MESSAGE),
    remediation: enabled.rule.remediation,
    references: enabled.rule.references,
  };
  if (target.squad) finding.squad = target.squad;
  if (target.accountType) finding.accountType = target.accountType;
  if (verdict.path) finding.path = verdict.path;
  if (verdict.evidence) finding.evidence = verdict.evidence;
  return finding;
}

/**
 * A verdict may raise or lower its severity relative to the rule's default (e.g. admin ports → critical);
 * a policy's severity override for the rule shifts it by the same amount.
 */
function scaleSeverity(verdictSeverity: Severity, enabled: EnabledRule): Severity {
  return shiftSeverity(verdictSeverity, severityRank(enabled.severity) - severityRank(enabled.rule.severity));
}

export function scopeArn(error: ScanError): string {
  return `squadguard:scope/${error.accountId}/${error.region}/${error.service}`;
}

function scopeErrorFinding(enabled: EnabledRule, error: ScanError, target: Target): Finding {
  const arn = scopeArn(error);
  const finding: Finding = {
    fingerprint: fingerprint(enabled.rule.id, arn),
    ruleId: enabled.rule.id,
    title: enabled.rule.title,
    severity: enabled.severity,
    status: 'error',
    resource: {
      arn,
      type: enabled.rule.resourceType,
      accountId: error.accountId,
      region: error.region,
      name: error.region === '*' ? `account ${error.accountId}` : `${error.service} in ${error.region}`,
    },
    message: clip(`could not decide: ${error.operation} failed (${error.code}): ${error.message}`, MAX_COPIED_MESSAGE),
    evidence: { scanError: brief(error) },
    remediation: enabled.rule.remediation,
    references: enabled.rule.references,
  };
  if (target.squad) finding.squad = target.squad;
  if (target.accountType) finding.accountType = target.accountType;
  return finding;
}

/**
 * Analyses spanning accounts, each built on first use from a scope read for it (and let go once it is
 * built: an analysis keeps what it needs of the organization's IAM resources, not all of them). A build
 * that throws is not tried again: every resource asking for it gets the same error, at no further cost
 * (a retry per resource would read the organization once per principal).
 */
function sharedAnalyses(readScope: () => AnalysisScope): SharedAnalyses {
  const built = new Map<string, { value: unknown } | { error: unknown }>();
  return {
    get<T>(key: string, build: (scope: AnalysisScope) => T): T {
      let entry = built.get(key);
      if (!entry) {
        try {
          entry = { value: build(readScope()) };
        } catch (error) {
          entry = { error };
        }
        built.set(key, entry);
      }
      if ('error' in entry) throw entry.error;
      return entry.value as T;
    },
  };
}

function groupByMany<T>(items: T[], keys: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
