/**
 * The AWS-free half of the pipeline: judge an inventory, read inventories and reports back. Commands that
 * never call AWS (evaluate, merge, access-map) import this, not `scan.ts`, so they do not load the SDK.
 */
import { applyBaseline } from '../engine/baseline.js';
import { evaluate } from '../engine/evaluate.js';
import { buildReport } from '../engine/report.js';
import type { Inventory } from '../model/inventory.js';
import type { Report } from '../model/report.js';
import { tooDeepAt, parseJson } from '../policy/documents.js';
import { InputFileError, MAX_DATA_BYTES, MAX_DEPTH, readInputFile } from '../policy/input-file.js';
import { inert } from '../text/inert.js';
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

/** What a JSON input file holds, judged by its top-level fields (before schema validation). */
export type DocumentKind = 'inventory' | 'report' | 'unknown';

export function documentKind(value: unknown): DocumentKind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unknown';
  if ('findings' in value) return 'report';
  if ('resources' in value) return 'inventory';
  return 'unknown';
}

/**
 * Reads a JSON input (inventory, report, baseline) within the documented limits: a regular file of at most
 * MAX_DATA_BYTES, UTF-8, valid JSON, nested at most MAX_DEPTH levels. Every failure is a UsageError (exit 2)
 * naming the file, and the JSON path or line where one applies.
 */
export function readJsonInput(path: string, what: string): unknown {
  const name = `${what} ${inert(path, { max: 1024 })}`;
  let text: string;
  try {
    text = readInputFile(path, { maxBytes: MAX_DATA_BYTES }).text;
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }
  if (text.trim() === '') throw new UsageError(`${name}: the file is empty`);
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }
  const deep = tooDeepAt(value, MAX_DEPTH);
  if (deep !== undefined) throw new UsageError(`${name}: ${deep}: nested deeper than ${MAX_DEPTH} levels`);
  return value;
}

export function readInventory(path: string): Inventory {
  return asInventory(readJsonInput(path, 'inventory'), path);
}

/** A parsed value as an inventory, or a UsageError saying what it is instead. */
export function asInventory(value: unknown, path: string): Inventory {
  const shown = inert(path, { max: 1024 });
  if (documentKind(value) === 'report') {
    throw new UsageError(
      `inventory ${shown}: this is a squadguard report, not an inventory; --inventory takes the inventory \`collect\` writes (--output), ` +
        'and a report is compared against with --baseline',
    );
  }
  const problems = validateInventory(value);
  if (problems.length > 0) throw new UsageError(`inventory ${shown} is not a squadguard inventory:\n  ${problems.join('\n  ')}`);
  return value as Inventory;
}

export function readReport(path: string, what = 'report'): Report {
  return asReport(readJsonInput(path, what), path, what);
}

/** A parsed value as a report, or a UsageError saying what it is instead. */
export function asReport(value: unknown, path: string, what = 'report'): Report {
  const shown = inert(path, { max: 1024 });
  if (documentKind(value) === 'inventory') {
    throw new UsageError(
      `${what} ${shown}: this is a squadguard inventory, not a report; give the JSON report (squadguard-report.json), ` +
        `or judge the inventory with \`squadguard evaluate --inventory ${shown}\``,
    );
  }
  const problems = validateReport(value);
  if (problems.length > 0) throw new UsageError(`${what} ${shown} is not a squadguard report:\n  ${problems.join('\n  ')}`);
  return value as Report;
}
