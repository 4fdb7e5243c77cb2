import { describe, expect, it } from 'vitest';
import { csvCell, renderCsv } from '../../../src/reporters/csv.js';
import { FORMULA_NAME, sampleReport, XSS } from './sample-report.js';

/** An RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else if (char === '"' || char === '\n' || char === '\r') throw new Error(`unquoted ${JSON.stringify(char)} at ${i}`);
    else field += char;
  }
  if (field !== '' || row.length > 0) throw new Error('missing final CRLF');
  return rows;
}

describe('CSV', () => {
  const report = sampleReport();
  const text = renderCsv(report);
  const [header, ...rows] = parseCsv(text);

  it('is RFC 4180: a header, one CRLF record per finding, every record as wide as the header', () => {
    expect(header!.slice(0, 4)).toEqual(['status', 'severity', 'rule_id', 'title']);
    expect(rows).toHaveLength(report.findings.length);
    for (const row of rows) expect(row).toHaveLength(header!.length);
    const arn = header!.indexOf('resource_arn');
    expect(rows.map((r) => r[arn])).toContain(`arn:aws:s3:::scratch${XSS}`);
  });

  it('neutralises cells a spreadsheet would run as a formula, and keeps quotes, commas and newlines', () => {
    const name = header!.indexOf('resource_name');
    expect(rows.map((r) => r[name])).toContain(`'${FORMULA_NAME}`);
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('a "quoted", value')).toBe('"a ""quoted"", value"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
  });

  it('carries waiver owner and expiry, baseline state and fingerprint', () => {
    const col = (name: string): number => header!.indexOf(name);
    const waived = rows.find((r) => r[0] === 'waived')!;
    expect(waived[col('waiver_owner')]).toBe('vision-lead@example.com');
    expect(waived[col('waiver_expires')]).toBe('2026-11-30');
    expect(waived[col('waiver_days_to_expiry')]).toBe('6');
    expect(rows.filter((r) => r[col('baseline')] === 'new')).toHaveLength(2);
    expect(rows.every((r) => /^[0-9a-f]{32}$/.test(r[col('fingerprint')]!))).toBe(true);
  });
});
