import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { REPORT_SCHEMA_VERSION, type Report, type ReportCollectionError, type StatusCounts } from '../model/report.js';
import type { ResolvedPolicy } from '../policy/types.js';
import type { Rule } from '../rules/rule.js';
import type { Evaluation, StreamedEvaluation } from './evaluate.js';
import { TOOL_VERSION } from '../version.js';
import { AccessMapBuilder } from './access-map.js';
import { flattenCollectionErrors } from './collection-errors.js';

export { flattenCollectionErrors } from './collection-errors.js';

/** Counts a report's summary and gathers its access map from findings as they go by, never holding them. */
export class FindingTally {
  private readonly byStatus = emptyCounts();
  private readonly failuresBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  private readonly byAccount: Record<string, StatusCounts> = {};
  private readonly byRule: Record<string, StatusCounts> = {};
  private total = 0;
  readonly accessMap = new AccessMapBuilder();

  add(finding: Finding): void {
    this.total++;
    this.byStatus[finding.status]++;
    if (finding.status === 'fail') this.failuresBySeverity[finding.severity]++;
    (this.byAccount[finding.resource.accountId] ??= emptyCounts())[finding.status]++;
    (this.byRule[finding.ruleId] ??= emptyCounts())[finding.status]++;
    this.accessMap.add(finding);
  }

  /** Whether any finding of this rule went by. */
  judged(ruleId: string): boolean {
    return ruleId in this.byRule;
  }

  /** Incomplete when a check could not be decided or collection missed something (`collectionErrors`). */
  summary(collectionErrors: boolean): Report['summary'] {
    return {
      total: this.total,
      byStatus: { ...this.byStatus },
      failuresBySeverity: { ...this.failuresBySeverity },
      byAccount: { ...this.byAccount },
      byRule: { ...this.byRule },
      incomplete: collectionErrors || this.byStatus.error > 0,
    };
  }
}

export interface ReportHeaderOptions {
  /** The judged inventory, without its resources. */
  inventory: Omit<Inventory, 'resources'>;
  /** The inventory's collection errors, flattened (scope errors and unreadable attributes). */
  collectionErrors: ReportCollectionError[];
  evaluation: StreamedEvaluation;
  /** Every finding of the evaluation went through it. */
  tally: FindingTally;
  policies: ResolvedPolicy[];
  rules: Rule[];
  /** When this run started (default: when the report is built — never the inventory's collection time). */
  startedAt?: string;
  finishedAt?: string;
}

/** The report but its findings, which the caller holds (an array, or a spill on disk). */
export function reportHeader(options: ReportHeaderOptions): Omit<Report, 'findings'> {
  const { inventory, evaluation, tally, collectionErrors } = options;
  const builtAt = new Date().toISOString();
  const ruleIndex = new Map<string, Rule>();
  for (const rule of [...options.rules, ...options.policies.flatMap((policy) => policy.customRules)]) {
    if (tally.judged(rule.id) || enabledAnywhere(rule.id, options.policies)) ruleIndex.set(rule.id, rule);
  }
  const judged = new Map(evaluation.targets.map((target) => [target.accountId, target]));
  const directory = (inventory.directory ?? inventory.targets).map((target) => judged.get(target.accountId) ?? target);
  const accessMap = tally.accessMap.build(directory);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'squadguard', version: TOOL_VERSION },
    policies: options.policies.map((policy) => ({
      name: policy.name,
      source: policy.source,
      digest: policy.digest,
      ...(policy.appliesTo ? { appliesTo: policy.appliesTo } : {}),
    })),
    startedAt: options.startedAt ?? builtAt,
    finishedAt: options.finishedAt ?? new Date().toISOString(),
    collection: inventory.finishedAt ? { startedAt: inventory.collectedAt, finishedAt: inventory.finishedAt } : { startedAt: inventory.collectedAt },
    targets: evaluation.targets,
    summary: tally.summary(collectionErrors.length > 0),
    rules: [...ruleIndex.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((rule) => ({
        id: rule.id,
        title: rule.title,
        severity: rule.severity,
        resourceType: rule.resourceType,
        remediation: rule.remediation,
        references: rule.references,
        source: rule.source ?? 'built-in',
      })),
    collectionErrors,
    waivers: evaluation.waivers,
    apiCalls: inventory.apiCalls,
    throttles: inventory.throttles ?? {},
    notes: [...(inventory.notes ?? []), ...evaluation.notes],
    ...(accessMap ? { accessMap } : {}),
    ...(inventory.timings ? { timings: inventory.timings } : {}),
  };
}

export interface BuildReportOptions extends Omit<ReportHeaderOptions, 'inventory' | 'collectionErrors' | 'evaluation' | 'tally'> {
  inventory: Inventory;
  evaluation: Evaluation;
}

/** The report of an evaluation held in memory (findings in an array). */
export function buildReport(options: BuildReportOptions): Report {
  const tally = new FindingTally();
  for (const finding of options.evaluation.findings) tally.add(finding);
  const header = reportHeader({ ...options, tally, collectionErrors: flattenCollectionErrors(options.inventory) });
  return { ...header, findings: options.evaluation.findings };
}

const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, error: 0, waived: 0 });

/**
 * The report's summary, counted from its findings: incomplete when a check could not be decided or
 * collection missed something (`collectionErrors`). Shared by a run's report and a merge of shard reports.
 */
export function summarise(findings: Iterable<Finding>, collectionErrors: boolean): Report['summary'] {
  const tally = new FindingTally();
  for (const finding of findings) tally.add(finding);
  return tally.summary(collectionErrors);
}

function enabledAnywhere(ruleId: string, policies: ResolvedPolicy[]): boolean {
  return policies.some((policy) => policy.rules.get(ruleId)?.enabled);
}
