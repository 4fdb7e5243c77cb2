import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import { REPORT_SCHEMA_VERSION, type Report, type StatusCounts } from '../model/report.js';
import type { ResolvedPolicy } from '../policy/types.js';
import type { Rule } from '../rules/rule.js';
import type { Evaluation } from './evaluate.js';
import { TOOL_VERSION } from '../version.js';
import { buildAccessMap } from './access-map.js';
import { flattenCollectionErrors } from './collection-errors.js';

export { flattenCollectionErrors } from './collection-errors.js';

export interface BuildReportOptions {
  inventory: Inventory;
  evaluation: Evaluation;
  policies: ResolvedPolicy[];
  rules: Rule[];
  /** When this run started (default: when the report is built — never the inventory's collection time). */
  startedAt?: string;
  finishedAt?: string;
}

export function buildReport(options: BuildReportOptions): Report {
  const { inventory, evaluation } = options;
  const builtAt = new Date().toISOString();
  const findings = evaluation.findings;
  const collectionErrors = flattenCollectionErrors(inventory);
  const usedRules = new Set(findings.map((finding) => finding.ruleId));
  const ruleIndex = new Map<string, Rule>();
  for (const rule of [...options.rules, ...options.policies.flatMap((policy) => policy.customRules)]) {
    if (usedRules.has(rule.id) || enabledAnywhere(rule.id, options.policies)) ruleIndex.set(rule.id, rule);
  }
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
    summary: summarise(findings, collectionErrors.length > 0),
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
    findings,
    collectionErrors,
    waivers: evaluation.waivers,
    apiCalls: inventory.apiCalls,
    throttles: inventory.throttles ?? {},
    notes: [...(inventory.notes ?? []), ...evaluation.notes],
    ...withAccessMap(findings, inventory, evaluation),
    ...(inventory.timings ? { timings: inventory.timings } : {}),
  };
}

const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, error: 0, waived: 0 });

/**
 * The report's summary, counted from its findings: incomplete when a check could not be decided or
 * collection missed something (`collectionErrors`). Shared by a run's report and a merge of shard reports.
 */
export function summarise(findings: Finding[], collectionErrors: boolean): Report['summary'] {
  const byStatus = emptyCounts();
  const failuresBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  const byAccount: Record<string, StatusCounts> = {};
  const byRule: Record<string, StatusCounts> = {};
  for (const finding of findings) {
    byStatus[finding.status]++;
    if (finding.status === 'fail') failuresBySeverity[finding.severity]++;
    (byAccount[finding.resource.accountId] ??= emptyCounts())[finding.status]++;
    (byRule[finding.ruleId] ??= emptyCounts())[finding.status]++;
  }
  return { total: findings.length, byStatus, failuresBySeverity, byAccount, byRule, incomplete: collectionErrors || byStatus.error > 0 };
}

function withAccessMap(findings: Report['findings'], inventory: Inventory, evaluation: Evaluation): Pick<Report, 'accessMap'> {
  const judged = new Map(evaluation.targets.map((target) => [target.accountId, target]));
  const directory = (inventory.directory ?? inventory.targets).map((target) => judged.get(target.accountId) ?? target);
  const accessMap = buildAccessMap(findings, directory);
  return accessMap ? { accessMap } : {};
}

function enabledAnywhere(ruleId: string, policies: ResolvedPolicy[]): boolean {
  return policies.some((policy) => policy.rules.get(ruleId)?.enabled);
}

/** Findings that fail (unwaived) in the report. */
export function failures(report: Report): Finding[] {
  return report.findings.filter((finding) => finding.status === 'fail');
}
