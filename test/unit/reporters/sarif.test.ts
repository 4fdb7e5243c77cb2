import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { renderSarif } from '../../../src/reporters/sarif.js';
import { syntheticReport } from '../../../src/bench/synthetic-report.js';
import { projectRoot } from '../../support/paths.js';
import { sampleReport } from './sample-report.js';

// The official OASIS SARIF 2.1.0 schema (Schemata/sarif-schema-2.1.0.json), shipped as test data.
const schema = JSON.parse(readFileSync(resolve(projectRoot, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
// The official schema's `language` pattern is not valid in unicode mode (a stray `]`), hence unicodeRegExp off.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
(addFormats as unknown as (instance: Ajv) => Ajv)(ajv);
const validate = ajv.compile(schema);

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string; markdown: string }; helpUri?: string; defaultConfiguration: { level: string }; properties: Record<string, unknown> }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: Array<{ fullyQualifiedName: string; kind: string }> }>;
      partialFingerprints: Record<string, string>;
      baselineState?: string;
    }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: string; message: { text: string } }> }>;
  }>;
}

const parse = (text: string): SarifLog => JSON.parse(text) as SarifLog;

describe('SARIF 2.1.0', () => {
  const report = sampleReport();
  const text = renderSarif(report);
  const log = parse(text);
  const run = log.runs[0]!;

  it('validates against the official SARIF 2.1.0 JSON Schema', () => {
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(validate(JSON.parse(renderSarif(syntheticReport({ findings: 500, withBaseline: true }))))).toBe(true);
  });

  it('the schema check has teeth: a broken log is rejected', () => {
    const broken = JSON.parse(text) as { version: string; runs: Array<{ results: Array<Record<string, unknown>> }> };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
    expect(validate({ ...JSON.parse(text), version: '2.0.0' })).toBe(false);
  });

  it('one rule per rule, with help text (remediation) and a helpUri', () => {
    expect(run.tool.driver.name).toBe('squadguard');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    for (const rule of run.tool.driver.rules) {
      const source = report.rules.find((r) => r.id === rule.id)!;
      expect(rule.help.text).toContain(source.remediation);
      expect(rule.help.markdown).toContain(source.remediation);
      expect(rule.helpUri).toMatch(/^https:\/\//);
      expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    }
  });

  it('one result per unwaived failure, located at the ARN and fingerprinted by the finding fingerprint', () => {
    const failing = report.findings.filter((f) => f.status === 'fail');
    expect(run.results).toHaveLength(failing.length);
    for (const [i, finding] of failing.entries()) {
      const result = run.results[i]!;
      expect(result.ruleId).toBe(finding.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(finding.ruleId);
      expect(result.locations[0]!.logicalLocations[0]).toMatchObject({ fullyQualifiedName: finding.resource.arn, kind: 'resource' });
      // Code scanning rejects results without a physical location: anchored at the policy file.
      expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe('policies/serving-prod.yaml');
      expect(Object.values(result.partialFingerprints)).toEqual([finding.fingerprint]);
      expect(result.baselineState).toBe(finding.baseline === 'new' ? 'new' : 'unchanged');
    }
    expect(run.results.map((r) => r.level).sort()).toEqual(['error', 'error', 'warning', 'warning']);
  });

  it('undecided checks and collection errors are tool notifications, and the run is marked unsuccessful', () => {
    const notes = run.invocations[0]!.toolExecutionNotifications ?? [];
    expect(notes.filter((n) => n.level === 'error')).toHaveLength(1);
    expect(notes.some((n) => n.message.text.includes('S3.GetBucketEncryption'))).toBe(true);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
  });

  it('takes an explicit anchor and derives helpUri from an FSBP control when a rule has no docs link', () => {
    const custom = sampleReport();
    for (const rule of custom.rules) rule.references = { fsbp: ['S3.17'] };
    const out = parse(renderSarif(custom, { anchor: 'infra/squadguard.yaml' })).runs[0]!;
    expect(out.tool.driver.rules[0]!.helpUri).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-17');
    expect(out.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('infra/squadguard.yaml');
  });

  it('caps the results for code scanning (most severe kept) and says how many were left out', () => {
    const big = syntheticReport({ findings: 3000 });
    const failing = big.findings.filter((f) => f.status === 'fail');
    const out = parse(renderSarif(big, { maxResults: 100 })).runs[0]!;
    expect(out.results).toHaveLength(100);
    const critical = failing.filter((f) => f.severity === 'critical').length;
    expect(critical).toBeGreaterThanOrEqual(100);
    expect(out.results.every((r) => r.level === 'error')).toBe(true);
    const note = out.invocations[0]!.toolExecutionNotifications!.find((n) => n.message.text.includes('left out'))!;
    expect(note.message.text).toContain(`${failing.length - 100} less severe failure(s)`);
  });
});
