import { attributeErrors } from '../../engine/collection-errors.js';
import { MergeError, mergeInventoriesInto, mergeReportsInto } from '../../engine/merge.js';
import { openInventory, type InventoryDocument } from '../../pipeline/inventory-stream.js';
import type { ReportCollectionError } from '../../model/report.js';
import { stringifyBounded } from '../../text/bounded-json.js';
import { openJsonDocument } from '../../pipeline/json-document.js';
import { openReport, type ReportDocument } from '../../pipeline/report-stream.js';
import { inert } from '../../text/inert.js';
import { UsageError } from '../../pipeline/errors.js';
import type { MergeFlags } from '../commands/merge.js';
import { checkOutputFile, checkReportOutput, inventoryOutcome, loadBaseline, publish, withFindingSpill, writeInventory } from '../shared.js';
import { checkSecurityHubFlags, sendIfAsked } from '../security-hub.js';

/**
 * What every input is, from its top-level keys (read without parsing its large array): all reports or all
 * inventories.
 */
function inputsKind(files: string[]): 'report' | 'inventory' {
  const kinds = files.map((file) => ({ file, kind: documentKindOf(file) }));
  const report = kinds.find((entry) => entry.kind === 'report');
  const inventory = kinds.find((entry) => entry.kind === 'inventory');
  if (report && inventory) {
    throw new MergeError(
      `${inert(report.file, { max: 1024 })} is a report and ${inert(inventory.file, { max: 1024 })} an inventory: give only reports or only inventories, not both`,
    );
  }
  return inventory ? 'inventory' : 'report';
}

/** The large array's key, found: reading the file stops there (the array itself is read once, later). */
class KindFound {
  constructor(readonly kind: 'report' | 'inventory') {}
}

/** Whether a file is a report or an inventory, from its top-level keys, read up to the first telling one. */
function documentKindOf(file: string): 'report' | 'inventory' {
  try {
    const onKey = (key: string): void => {
      if (key === 'findings') throw new KindFound('report');
      if (key === 'resources') throw new KindFound('inventory');
    };
    openJsonDocument(file, { what: 'merge input', arrayKey: 'findings', ignore: ['resources'], onKey }).close();
  } catch (error) {
    if (error instanceof KindFound) return error.kind;
    throw error;
  }
  throw new UsageError(`${inert(file, { max: 1024 })} is neither a squadguard JSON report nor an inventory`);
}

export async function merge(files: string[], flags: MergeFlags): Promise<number> {
  checkSecurityHubFlags(flags);
  if (inputsKind(files) === 'inventory') {
    if (flags.securityHub) throw new UsageError('--security-hub sends findings: merge reports, not inventories');
    checkOutputFile(flags.inventoryOutput, '--inventory-output');
    // Each inventory is read a resource at a time, straight into the merged file.
    const inventories: InventoryDocument[] = [];
    try {
      for (const file of files) inventories.push(openInventory(file));
      const merged = mergeInventoriesInto(
        inventories.map((inventory, index) => ({ value: { header: inventory.header, resources: () => inventory.resources() }, source: files[index]! })),
      );
      const written = { count: 0, errors: [] as ReportCollectionError[] };
      const lines = function* (): Generator<string> {
        for (const resource of merged.resources()) {
          written.count++;
          written.errors.push(...attributeErrors(resource));
          yield stringifyBounded(resource);
        }
      };
      return inventoryOutcome(merged.header, writeInventory(flags.inventoryOutput, merged.header, lines()), flags, written);
    } finally {
      for (const inventory of inventories) inventory.close();
    }
  }
  checkReportOutput(flags);
  // Each shard report is read a finding at a time, and the merged findings go to a spill as they come.
  const reports: ReportDocument[] = [];
  try {
    for (const file of files) reports.push(openReport(file, 'merge input'));
    const baseline = loadBaseline(flags);
    return await withFindingSpill(async (spill) => {
      const header = mergeReportsInto(
        reports.map((report, index) => ({ value: { header: report.header, findings: report.findings }, source: files[index]! })),
        (finding) => {
          baseline?.mark(finding);
          spill.add(finding);
        },
      );
      // The merged findings are in the spill: the inputs' offsets and headers (their access maps, redrawn
      // in the merged header) are not kept while the reports are written.
      for (const report of reports.splice(0)) report.close();
      const based = baseline ? { ...header, ...baseline.outcome(header.targets.map((target) => target.accountId)) } : header;
      const report = { ...based, findings: spill.list() };
      return sendIfAsked(report, flags, publish(report, flags));
    });
  } finally {
    for (const report of reports) report.close();
  }
}
