import type { Finding } from '../model/finding.js';
import type { FindingList, Report, ReportView } from '../model/report.js';
import { inert } from '../text/inert.js';
import { elementProblems } from './element-problems.js';
import { UsageError } from './errors.js';
import { openJsonDocument } from './json-document.js';
import { validateReport } from './schemas.js';

/** A JSON report read from disk without holding its findings: the header validated, each finding once. */
export interface ReportDocument {
  /** The report without its findings. */
  readonly header: Omit<Report, 'findings'>;
  /** The findings in file order, read from disk at each iteration; `jsonLines()` gives their compact JSON text. */
  readonly findings: FindingList;
  /** The report as reporters read it. */
  readonly view: ReportView;
  /** The findings at the given indexes (ascending indexes are read sequentially). */
  read(indexes: Iterable<number>): Iterable<Finding>;
  close(): void;
}

let findingProblems: ((element: unknown, index: number) => string[]) | undefined;

/**
 * Opens a JSON report (`what`: 'report', 'baseline', … as the user knows the file), refusing, with
 * asReport's messages, an inventory given instead, a header that does not fit the report schema, and the
 * first finding that does not (named by its index: `/findings/123/status: …`).
 */
export function openReport(path: string, what = 'report', options: { chunkBytes?: number; maxBytes?: number } = {}): ReportDocument {
  const shown = inert(path, { max: 1024 });
  const invalid = (problems: string[]) => new UsageError(`${what} ${shown} is not a squadguard report:\n  ${problems.join('\n  ')}`);
  findingProblems ??= elementProblems('report-finding.schema.json', 'findings');
  const check = findingProblems;
  const document = openJsonDocument(path, {
    ...options,
    what,
    kind: 'report',
    arrayKey: 'findings',
    // An inventory's resources are refused below, not parsed.
    ignore: ['resources'],
    onElement: (value, index) => {
      const problems = check(value, index);
      if (problems.length > 0) throw invalid(problems);
    },
  });
  try {
    if (!document.present && document.keys.includes('resources')) {
      throw new UsageError(
        `${what} ${shown}: this is a squadguard inventory, not a report; give the JSON report (squadguard-report.json), ` +
          `or judge the inventory with \`squadguard evaluate --inventory ${shown}\``,
      );
    }
    const problems = validateReport(document.present ? { ...document.header, findings: [] } : document.header);
    if (problems.length > 0) throw invalid(problems);
  } catch (error) {
    document.close();
    throw error;
  }

  const header = document.header as Omit<Report, 'findings'>;
  const findings: FindingList = {
    length: document.count,
    [Symbol.iterator]: () => (document.elements() as Iterable<Finding>)[Symbol.iterator](),
    jsonLines: () => document.texts(),
  };
  return {
    header,
    findings,
    view: { ...header, findings },
    read: (indexes) => document.read(indexes) as Iterable<Finding>,
    close: () => document.close(),
  };
}
