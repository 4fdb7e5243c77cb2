/**
 * The AWS-free half of the pipeline: judge an inventory, read inventories and reports back. Commands that
 * never call AWS (evaluate, merge, access-map) import this, not `scan.ts`, so they do not load the SDK.
 */
import type { BaselineComparison } from '../engine/baseline.js';
import { attributeErrors } from '../engine/collection-errors.js';
import { evaluateByAccount, inventorySource, type InventorySource } from '../engine/evaluate.js';
import type { FindingSpill } from '../engine/finding-spill.js';
import { FindingTally, reportHeader } from '../engine/report.js';
import type { Finding } from '../model/finding.js';
import type { Inventory } from '../model/inventory.js';
import type { Report, ReportCollectionError, ReportView } from '../model/report.js';
import { tooDeepAt, parseJson } from '../policy/documents.js';
import { InputFileError, MAX_DATA_BYTES, MAX_DEPTH, readInputFile } from '../policy/input-file.js';
import { inert } from '../text/inert.js';
import { UsageError } from './errors.js';
import type { LoadedRuleSet } from './policies.js';
import { validateInventory, validateReport } from './schemas.js';

export interface JudgeRequest {
  ruleSet: LoadedRuleSet;
  inventory: Inventory;
  /** The baseline report to compare with (`--baseline`). */
  baseline?: BaselineComparison;
  now?: Date;
  waiverWarningDays?: number;
  startedAt?: string;
}

/** Evaluates an inventory held in memory and builds the report (findings in an array). */
export function judge(request: JudgeRequest): Report {
  const findings: Finding[] = [];
  const { inventory, ...rest } = request;
  const header = judgeInto({ ...rest, source: inventorySource(inventory) }, (finding) => findings.push(finding));
  return { ...header, findings };
}

export interface StreamedJudgeRequest extends Omit<JudgeRequest, 'inventory'> {
  /** The inventory, read one account at a time. */
  source: InventorySource;
}

/**
 * Evaluates an inventory account by account into `spill` (findings written as judged) and builds the
 * report around them: its findings are read back from the spill by each reporter, so memory holds one
 * account's resources and findings, never the organization's.
 */
export function judgeStreamed(request: StreamedJudgeRequest, spill: FindingSpill): ReportView {
  const header = judgeInto(request, (finding) => spill.add(finding));
  return { ...header, findings: spill.list() };
}

/** The report of a streamed evaluation without its findings (for what the header alone answers: the access map). */
export function judgeHeader(request: StreamedJudgeRequest): Omit<Report, 'findings'> {
  return judgeInto(request, () => undefined);
}

/** The one judging path: evaluation, baseline comparison and tally, finding by finding. */
function judgeInto(request: StreamedJudgeRequest, add: (finding: Finding) => void): Omit<Report, 'findings'> {
  // This run's own start: an inventory collected days ago must not stretch the evaluation's duration.
  const startedAt = request.startedAt ?? new Date().toISOString();
  const { source, baseline } = request;
  const tally = new FindingTally();
  const collectionErrors: ReportCollectionError[] = source.header.errors.map((error) => ({ ...error }));
  const reading: InventorySource = {
    header: source.header,
    resourcesOfTypes: (types, accountId) => source.resourcesOfTypes(types, accountId),
    resourcesOf: (accountId) => {
      const resources = source.resourcesOf(accountId);
      for (const resource of resources) collectionErrors.push(...attributeErrors(resource));
      return resources;
    },
  };
  const evaluation = evaluateByAccount(
    reading,
    { policies: request.ruleSet.policies, rules: request.ruleSet.rules, now: request.now, waiverWarningDays: request.waiverWarningDays },
    (findings) => {
      for (const finding of findings) {
        baseline?.mark(finding);
        tally.add(finding);
        add(finding);
      }
    },
  );
  const header = reportHeader({
    inventory: source.header,
    collectionErrors,
    evaluation,
    tally,
    policies: request.ruleSet.policies,
    rules: request.ruleSet.rules,
    startedAt,
  });
  if (source.header.shards) header.shards = source.header.shards;
  return baseline ? { ...header, ...baseline.outcome(evaluation.targets.map((target) => target.accountId)) } : header;
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
