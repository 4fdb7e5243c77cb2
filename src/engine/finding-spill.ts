import type { Finding } from '../model/finding.js';
import type { FindingList } from '../model/report.js';
import { stringifyBounded } from '../text/bounded-json.js';
import { TempLines } from './temp-lines.js';

/**
 * Findings written to a temporary file as they are judged, one compact JSON line each, and read back in
 * the same order as often as a reporter iterates. Memory stays one write buffer and one read chunk,
 * whatever the number of findings.
 */
export class FindingSpill {
  private readonly file: TempLines;
  private count = 0;

  constructor(parent?: string) {
    this.file = new TempLines('findings', parent);
  }

  get length(): number {
    return this.count;
  }

  add(finding: Finding): void {
    this.file.append(stringifyBounded(finding));
    this.count++;
  }

  /** The findings written so far, as a list that re-reads the file on each iteration. */
  list(): FindingList {
    const file = this.file;
    const lines = (): Iterable<string> => file.lines();
    return {
      length: this.count,
      jsonLines: lines,
      *[Symbol.iterator](): Iterator<Finding> {
        for (const line of file.lines()) yield JSON.parse(line) as Finding;
      },
    };
  }

  /** Removes the file; lists handed out before stop working. */
  close(): void {
    this.file.close();
  }
}
