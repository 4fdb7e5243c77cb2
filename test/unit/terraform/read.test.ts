/** The plan reader: encodings, format gates, what a non-plan is said to be, bounds, incompleteness. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/pipeline/errors.js';
import {
  decodePlanText,
  jsonDepth,
  MAX_PLAN_DEPTH,
  parsePlan,
  readPlan,
  readPlanBytes,
  readStdinBytes,
} from '../../../src/terraform/read.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/terraform-plans');
const fixture = (path: string): string => resolve(FIXTURES, path);

function refusal(text: string): string {
  try {
    parsePlan(text, 'p.json');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('the plan was accepted');
}

describe('plan encodings', () => {
  it('reads the same plan from UTF-8 (pretty and compact) and from UTF-16LE with BOM and CRLF', () => {
    const utf16 = readFileSync(fixture('checkov-plan_encodings/tfplan_win_utf16.json'));
    expect([utf16[0], utf16[1]]).toEqual([0xff, 0xfe]);
    const read = (name: string) => readPlan(fixture(`checkov-plan_encodings/${name}`)).plan;
    expect(read('tfplan_win_utf16.json').resource_changes).toEqual(
      read('tfplan_win_utf8.json').resource_changes,
    );
    expect(read('tfplan_win_utf16.json').resource_changes?.map((change) => change.address)).toEqual([
      'aws_s3_bucket.data',
    ]);
    expect(read('tfplan_mac_utf8.json').resource_changes?.map((change) => change.address)).toEqual([
      'aws_s3_bucket.b',
    ]);
  });

  it('decodes UTF-16BE with BOM and UTF-8 with BOM', () => {
    const text = '{"a":"é"}';
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(decodePlanText(be, 'x')).toBe(text);
    expect(decodePlanText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'x')).toBe(
      text,
    );
  });

  it('refuses bytes that are not UTF-8, naming the file', () => {
    expect(() => decodePlanText(Buffer.from([0x7b, 0xff, 0x7d]), 'bad.json')).toThrow(
      /bad.json is neither UTF-8 nor UTF-16 .*invalid UTF-8 at byte offset 1/,
    );
  });
});

describe('plan gates (exit 2)', () => {
  it('accepts format versions 0.1 to 1.x', () => {
    for (const version of ['0.1', '0.2', '1.0', '1.2', '1.9']) {
      expect(
        parsePlan(JSON.stringify({ format_version: version, resource_changes: [] }), 'p').plan.format_version,
      ).toBe(version);
    }
  });

  it('refuses an unsupported major version, an errored plan and a malformed change', () => {
    expect(refusal('{"format_version":"2.0","resource_changes":[]}')).toMatch(
      /format_version 2.0: only major versions 0 and 1/,
    );
    expect(refusal('{"format_version":"1.2","resource_changes":[],"errored":true}')).toMatch(/errored plan/);
    expect(
      refusal('{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b"}]}'),
    ).toMatch(/resource_changes\[0\].*change.actions/);
    expect(refusal('{"format_version":"x","resource_changes":[]}')).toMatch(/not "major.minor"/);
  });

  it('says what a file that is not a plan is', () => {
    expect(refusal(readFileSync(fixture('checkov-plan/corrupted-tfplan.json'), 'utf8'))).toMatch(
      /Terraform state JSON/,
    );
    expect(refusal('{"version":4,"lineage":"x","resources":[]}')).toMatch(/raw Terraform state file/);
    expect(refusal('{"schemaVersion":1,"findings":[],"summary":{}}')).toMatch(/a squadguard report/);
    expect(refusal('{"schemaVersion":1,"resources":[],"collectedAt":"x"}')).toMatch(/a squadguard inventory/);
    expect(refusal('[1,2]')).toMatch(/not an object/);
    expect(refusal('{"format_version":')).toMatch(/not valid JSON/);
  });

  it('bounds nesting before parsing and size while reading', () => {
    const deep = `{"format_version":"1.2","resource_changes":[],"x":${'['.repeat(MAX_PLAN_DEPTH + 5)}${']'.repeat(MAX_PLAN_DEPTH + 5)}}`;
    expect(refusal(deep)).toMatch(/nests deeper than/);
    expect(jsonDepth('{"a":"[[[[[[["}', 10)).toBe(1);
    // Files go through the project's input-file reader: its one-line causes, after the plan's name.
    expect(() => readPlanBytes(fixture('checkov-plan/tfplan.json'), 1000)).toThrow(
      /cannot read plan .*tfplan.json: .*larger than the 1000 bytes limit/,
    );
    expect(() => readPlanBytes(fixture('missing.json'))).toThrow(
      /cannot read plan .*missing.json: no such file/,
    );
    expect(() => readPlanBytes(FIXTURES)).toThrow(/not a regular file/);
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-plan-fifo-'));
    try {
      const fifo = join(dir, 'tfplan.json');
      execFileSync('mkfifo', [fifo]);
      expect(() => readPlanBytes(fifo)).toThrow(
        /cannot read plan .*tfplan.json: not a regular file \(a FIFO\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stdin', () => {
  it('reads a piped stream to its end and refuses one past the cap', async () => {
    expect(
      (await readStdinBytes(100, Readable.from([Buffer.from('{"a"'), Buffer.from(':1}')]))).toString(),
    ).toBe('{"a":1}');
    await expect(
      readStdinBytes(5, Readable.from([Buffer.from('0123'), Buffer.from('4567')])),
    ).rejects.toThrow(/stdin is larger than 5 bytes/);
  });
});

describe('incomplete plans (exit 3 unless --allow-incomplete)', () => {
  it('names complete: false, deferred changes and unknown instance keys', () => {
    const read = parsePlan(
      JSON.stringify({
        format_version: '1.2',
        complete: false,
        deferred_changes: [{ reason: 'provider_config_unknown' }],
        resource_changes: [
          {
            address: 'aws_s3_bucket.b["*"]',
            type: 'aws_s3_bucket',
            name: 'b',
            index_unknown: true,
            change: { actions: ['create'] },
          },
        ],
      }),
      'p',
    );
    expect(read.incomplete).toHaveLength(3);
    expect(read.incomplete.join('\n')).toMatch(
      /complete: false[\s\S]*deferred[\s\S]*instance keys are unknown/,
    );
  });

  it('a complete plan has no reasons', () => {
    expect(readPlan(fixture('terraform-compliance-test_issue_796/plan.out.json')).incomplete).toEqual([]);
  });
});
