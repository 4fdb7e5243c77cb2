import { compareFindings, type Finding } from '../../../src/model/finding.js';
import type { FindingList, Report, ReportView } from '../../../src/model/report.js';

/** A FindingList that makes its findings anew on every pass and counts the passes, as one read from disk would. */
export interface CountingList extends FindingList {
  /** Passes started so far (each `for … of` or `jsonLines()` call). */
  readonly passes: number;
}

export interface CountingOptions {
  /** A pass beyond this many throws: a reporter that iterates once per rule or account fails loudly. */
  maxPasses?: number;
  /** Also offer each finding's JSON text, as a list read back from disk does. */
  jsonLines?: boolean;
}

export function countingList(make: () => Iterable<Finding>, length: number, options: CountingOptions = {}): CountingList {
  let passes = 0;
  const start = (): void => {
    passes++;
    if (options.maxPasses !== undefined && passes > options.maxPasses) throw new Error(`findings iterated ${passes} times (at most ${options.maxPasses} expected)`);
  };
  const list: CountingList = {
    length,
    get passes() {
      return passes;
    },
    *[Symbol.iterator]() {
      start();
      yield* make();
    },
    ...(options.jsonLines
      ? {
          *jsonLines() {
            start();
            for (const finding of make()) yield JSON.stringify(finding);
          },
        }
      : {}),
  };
  return list;
}

/** The report as a streamed evaluation hands it over: findings in a counting list (copies, so nothing is shared). */
export function viewOf(report: Report, options: CountingOptions = {}): ReportView & { findings: CountingList } {
  const findings = report.findings;
  return { ...report, findings: countingList(() => findings.map((finding) => structuredClone(finding)), findings.length, options) };
}

/**
 * The report's findings in the order of the contract: grouped by account in the order of `targets` (accounts
 * not among them last), sorted by `compareFindings` within one account.
 */
export function inReportOrder<R extends Report>(report: R): R {
  const rank = new Map(report.targets.map((target, index) => [target.accountId, index]));
  const at = (finding: Finding): number => rank.get(finding.resource.accountId) ?? rank.size;
  return { ...report, findings: [...report.findings].sort((a, b) => at(a) - at(b) || compareFindings(a, b)) };
}
