import type { ReportView } from '../model/report.js';
import { renderConsole } from './console.js';
import { csvChunks, renderCsv } from './csv.js';
import { htmlChunks, renderHtml } from './html.js';
import { jsonChunks, renderJson } from './json.js';
import { junitChunks, renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { ocsfChunks, renderOcsf } from './ocsf.js';
import { renderSarif, sarifChunks } from './sarif.js';

export interface ReportFormat {
  /** The `--format` name. */
  name: string;
  /** File name written into the output folder; absent = printed to stdout. */
  fileName?: string;
  render(report: ReportView): string;
  /** The same output in pieces, for formats that grow with the findings: written without one huge string. */
  chunks?(report: ReportView): Iterable<string>;
}

/** Every output format; `--format all` writes each one that has a file name and prints the console summary. */
export const formats: ReportFormat[] = [
  { name: 'json', fileName: 'squadguard-report.json', render: renderJson, chunks: jsonChunks },
  { name: 'html', fileName: 'squadguard-report.html', render: renderHtml, chunks: htmlChunks },
  { name: 'sarif', fileName: 'squadguard-report.sarif', render: (report) => renderSarif(report), chunks: (report) => sarifChunks(report) },
  { name: 'junit', fileName: 'squadguard-report.junit.xml', render: renderJunit, chunks: junitChunks },
  { name: 'markdown', fileName: 'squadguard-report.md', render: (report) => renderMarkdown(report) },
  { name: 'csv', fileName: 'squadguard-report.csv', render: renderCsv, chunks: csvChunks },
  { name: 'ocsf', fileName: 'squadguard-report.ocsf.jsonl', render: renderOcsf, chunks: ocsfChunks },
  { name: 'console', render: (report) => renderConsole(report) },
];

export function formatByName(name: string): ReportFormat | undefined {
  return formats.find((format) => format.name === name);
}
