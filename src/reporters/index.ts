import type { Report } from '../model/report.js';
import { renderConsole } from './console.js';
import { renderJson } from './json.js';

export interface ReportFormat {
  /** The `--format` name. */
  name: string;
  /** File name written into the output folder; absent = printed to stdout. */
  fileName?: string;
  render(report: Report): string;
}

/** Every output format; `--format all` writes each one that has a file name and prints the console summary. */
export const formats: ReportFormat[] = [
  { name: 'json', fileName: 'squadguard-report.json', render: renderJson },
  { name: 'console', render: (report) => renderConsole(report) },
];

export function formatByName(name: string): ReportFormat | undefined {
  return formats.find((format) => format.name === name);
}
