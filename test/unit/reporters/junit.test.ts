import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../../src/bench/synthetic-report.js';
import { decideGate } from '../../../src/engine/exit-code.js';
import { renderJunit } from '../../../src/reporters/junit.js';
import { inReportOrder } from './finding-list.js';
import { OTHER_ACCOUNT, sampleReport, XSS } from './sample-report.js';
import { ACCOUNT } from '../../support/fixtures.js';
import { parseXml, type XmlElement } from './xml.js';

/**
 * What the Jenkins junit-10.xsd (also what GitLab's and Azure DevOps' parsers accept) requires: a
 * `testsuites` root; each `testsuite` with name, tests, failures, errors and a timestamp without a zone;
 * `properties` before the test cases; each `testcase` with name and classname; at most one of
 * failure / error / skipped per case, failure/error with message and type.
 */
function checkJenkinsShape(root: XmlElement): void {
  expect(root.name).toBe('testsuites');
  for (const key of Object.keys(root.attributes)) expect(['name', 'time', 'tests', 'failures', 'disabled', 'errors']).toContain(key);
  for (const suite of root.children) {
    expect(suite.name).toBe('testsuite');
    for (const key of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp', 'hostname', 'id', 'package']) expect(suite.attributes).toHaveProperty(key);
    expect(suite.attributes.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(suite.attributes.time).toMatch(/^\d+(\.\d+)?$/);
    const [properties, ...cases] = suite.children;
    expect(properties!.name).toBe('properties');
    for (const property of properties!.children) expect(Object.keys(property.attributes).sort()).toEqual(['name', 'value']);
    expect(cases.length).toBe(Number(suite.attributes.tests));
    const count = (kind: string): number => cases.filter((c) => c.children[0]?.name === kind).length;
    expect(count('failure')).toBe(Number(suite.attributes.failures));
    expect(count('error')).toBe(Number(suite.attributes.errors));
    expect(count('skipped')).toBe(Number(suite.attributes.skipped));
    for (const testcase of cases) {
      expect(testcase.name).toBe('testcase');
      expect(testcase.attributes.name).toBeTruthy();
      expect(testcase.attributes.classname).toBeTruthy();
      expect(testcase.children.length).toBeLessThanOrEqual(1);
      const outcome = testcase.children[0];
      if (outcome && outcome.name !== 'skipped') {
        expect(['failure', 'error']).toContain(outcome.name);
        expect(outcome.attributes).toHaveProperty('message');
        expect(outcome.attributes).toHaveProperty('type');
      }
    }
  }
  const sum = (key: string): number => root.children.reduce((n, s) => n + Number(s.attributes[key]), 0);
  expect(Number(root.attributes.tests)).toBe(sum('tests'));
  expect(Number(root.attributes.failures)).toBe(sum('failures'));
  expect(Number(root.attributes.errors)).toBe(sum('errors'));
}

describe('JUnit XML', () => {
  // Findings as a report hands them over: account by account.
  const report = inReportOrder(sampleReport());
  const root = parseXml(renderJunit(report));

  it('is well-formed XML in the shape Jenkins/GitLab consumers expect', () => {
    checkJenkinsShape(root);
    checkJenkinsShape(parseXml(renderJunit(syntheticReport({ findings: 2000, payload: XSS }))));
  });

  it('one suite per rule and account, one case per resource; failures, errors and waivers are told apart', () => {
    const suites = root.children.map((s) => [s.attributes.name, Object.fromEntries(s.children[0]!.children.map((p) => [p.attributes.name, p.attributes.value])).account]);
    expect(suites).toEqual([
      ['squadguard gate', undefined],
      ['s3-bucket-kms-encryption', ACCOUNT],
      ['s3-bucket-versioning-enabled', ACCOUNT],
      ['s3-bucket-kms-encryption', OTHER_ACCOUNT],
      ['s3-bucket-versioning-enabled', OTHER_ACCOUNT],
    ]);
    expect(root.attributes).toMatchObject({ tests: '12', failures: '4', errors: '1' });
    const kms = root.children[1]!;
    expect(kms.attributes).toMatchObject({ tests: '5', failures: '1', errors: '1', skipped: '0' });
    expect(root.children[3]!.attributes).toMatchObject({ tests: '1', failures: '1', errors: '0', skipped: '0' });
    const error = kms.children.find((c) => c.children[0]?.name === 'error')!;
    expect(error.attributes.name).toBe('arn:aws:s3:::features');
    expect(error.children[0]!.attributes.type).toBe('could-not-decide');
    const versioning = root.children[2]!;
    expect(versioning.attributes).toMatchObject({ tests: '5', failures: '2', errors: '0', skipped: '1' });
    const waived = versioning.children.find((c) => c.children[0]?.name === 'skipped')!;
    expect(waived.children[0]!.attributes.message).toContain('owner vision-lead@example.com, expires 2026-11-30');
    const failure = versioning.children.find((c) => c.children[0]?.name === 'failure')!;
    expect(failure.children[0]!.attributes.type).toMatch(/^(critical|high|medium|low|info)$/);
    expect(failure.children[0]!.text).toContain('remediation:');
  });

  it('a report of one account: one suite per rule, without an account property', () => {
    const single = inReportOrder(sampleReport());
    single.targets = single.targets.slice(0, 1);
    single.findings = single.findings.filter((f) => f.resource.accountId === ACCOUNT);
    single.summary = { ...single.summary, total: single.findings.length, byStatus: { pass: 5, fail: 3, error: 1, waived: 1 } };
    const parsed = parseXml(renderJunit(single));
    checkJenkinsShape(parsed);
    expect(parsed.children.map((s) => s.attributes.name)).toEqual(['squadguard gate', 's3-bucket-kms-encryption', 's3-bucket-versioning-enabled']);
    for (const suite of parsed.children.slice(1)) expect(suite.children[0]!.children.map((p) => p.attributes.name)).toEqual(['title', 'severity']);
  });

  it('opens with the gate: a suite without test cases whose properties hold the verdict, exit code and reason', () => {
    const gated = sampleReport();
    gated.gate = decideGate(gated, { failOn: 'critical', allowIncomplete: true });
    const suite = parseXml(renderJunit(gated)).children[0]!;
    expect(suite.attributes).toMatchObject({ name: 'squadguard gate', tests: '0', failures: '0', errors: '0' });
    const properties = Object.fromEntries(suite.children[0]!.children.map((p) => [p.attributes.name, p.attributes.value]));
    expect(properties).toMatchObject({ 'gate.failOn': 'critical', 'gate.mode': 'all', 'gate.allowIncomplete': 'true', 'gate.exitZero': 'false' });
    expect(properties['gate.verdict']).toBe(gated.gate.verdict);
    expect(properties['gate.exitCode']).toBe(String(gated.gate.exitCode));
    expect(properties['gate.reason']).toContain(gated.gate.reason);
  });

  it('times the run, not the age of the inventory it judged', () => {
    const late = sampleReport();
    late.collection = { startedAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:05:00.000Z' };
    late.startedAt = '2026-11-30T09:00:00.000Z';
    late.finishedAt = '2026-11-30T09:00:02.500Z';
    const parsed = parseXml(renderJunit(late));
    expect(parsed.attributes.time).toBe('2.500');
    expect(parsed.children[1]!.attributes.timestamp).toBe('2026-11-30T09:00:00');
  });

  it('carries hostile names intact (escaped), and replaces characters XML cannot hold', () => {
    const names = root.children.flatMap((s) => s.children.map((c) => c.attributes.name));
    expect(names).toContain(`arn:aws:s3:::scratch${XSS}`);
    const hostile = inReportOrder(sampleReport());
    hostile.findings[0]!.message = 'bell\u0007 and nul\u0000';
    const failure = parseXml(renderJunit(hostile)).children[1]!.children.find((c) => c.children[0]?.name === 'failure')!;
    expect(failure.children[0]!.attributes.message).toBe('bell\uFFFD and nul\uFFFD');
  });
});
