/**
 * The AWS-free half of the pipeline: judge an inventory, read inventories and reports back. Commands that
 * never call AWS (evaluate, merge, access-map) import this, not `scan.ts`, so they do not load the SDK.
 */
import { readFileSync } from 'node:fs';
import { applyBaseline } from '../engine/baseline.js';
import { evaluate } from '../engine/evaluate.js';
import { buildReport } from '../engine/report.js';
import type { Inventory } from '../model/inventory.js';
import type { Report } from '../model/report.js';
import { UsageError } from './errors.js';
import type { LoadedRuleSet } from './policies.js';
import { validateInventory, validateReport } from './schemas.js';

export interface JudgeRequest {
  ruleSet: LoadedRuleSet;
  inventory: Inventory;
  baseline?: { report: Report; source: string };
  now?: Date;
  waiverWarningDays?: number;
  startedAt?: string;
}

/** Evaluates an inventory under the policies and builds the report (with the baseline comparison). */
export function judge(request: JudgeRequest): Report {
  // This run's own start: an inventory collected days ago must not stretch the evaluation's duration.
  const startedAt = request.startedAt ?? new Date().toISOString();
  const evaluation = evaluate(request.inventory, {
    policies: request.ruleSet.policies,
    rules: request.ruleSet.rules,
    now: request.now,
    waiverWarningDays: request.waiverWarningDays,
  });
  const report = buildReport({
    inventory: request.inventory,
    evaluation,
    policies: request.ruleSet.policies,
    rules: request.ruleSet.rules,
    startedAt,
  });
  if (request.inventory.shards) report.shards = request.inventory.shards;
  return request.baseline ? applyBaseline(report, request.baseline.report, request.baseline.source) : report;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readInventory(path: string): Inventory {
  const value = readJson(path, 'inventory');
  const problems = validateInventory(value);
  if (problems.length > 0) throw new UsageError(`inventory ${path} is not a squadguard inventory:\n  ${problems.join('\n  ')}`);
  return value as Inventory;
}

export function readReport(path: string): Report {
  const value = readJson(path, 'report');
  const problems = validateReport(value);
  if (problems.length > 0) throw new UsageError(`report ${path} is not a squadguard report:\n  ${problems.join('\n  ')}`);
  return value as Report;
}
