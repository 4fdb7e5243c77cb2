import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticInventory } from '../../../src/bench/synthetic-inventory.js';
import { BaselineComparison } from '../../../src/engine/baseline.js';
import { FindingSpill } from '../../../src/engine/finding-spill.js';
import { ResourceSpill } from '../../../src/engine/resource-spill.js';
import type { Report, ReportView } from '../../../src/model/report.js';
import { openInventory } from '../../../src/pipeline/inventory-stream.js';
import { judge, judgeStreamed, readInventory } from '../../../src/pipeline/judge.js';
import { loadRuleSet, type LoadedRuleSet } from '../../../src/pipeline/policies.js';

const NOW = new Date('2026-11-30T10:00:00.000Z');
const STARTED = '2026-11-30T10:00:00.000Z';

let folder: string;
let path: string;
let ruleSet: LoadedRuleSet;
let inMemory: Report;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'squadguard-streamed-judge-'));
  path = join(folder, 'inventory.json');
  // Six accounts granting to each other: the isolation rules, the access map and the principal graph span accounts.
  writeSyntheticInventory(path, { resources: 240, accounts: 6 });
  ruleSet = await loadRuleSet([]);
  inMemory = judge({ ruleSet, inventory: readInventory(path), startedAt: STARTED, now: NOW });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A report as plain data, its run's end time (when it was built) left out. */
function comparable(report: ReportView): unknown {
  const { finishedAt: _finishedAt, findings, ...header } = report;
  return { ...header, findings: [...findings] };
}

describe('a streamed evaluation (account by account, findings spilled) judges exactly as one held in memory', () => {
  it('from the inventory file read an account at a time', () => {
    const inventory = openInventory(path);
    const spill = new FindingSpill(folder);
    try {
      const streamed = judgeStreamed({ ruleSet, source: inventory, startedAt: STARTED, now: NOW }, spill);
      expect(inMemory.findings.length).toBeGreaterThan(1000);
      expect(inMemory.accessMap?.edges.length).toBeGreaterThan(0);
      expect(comparable(streamed)).toEqual(comparable(inMemory));
    } finally {
      spill.close();
      inventory.close();
    }
  });

  it('from resources spilled as a scan collects them, in any account order', () => {
    const { resources, ...header } = readInventory(path);
    const collected = new ResourceSpill(folder);
    const spill = new FindingSpill(folder);
    try {
      // Accounts finish in any order: the second half first.
      collected.add(resources.slice(resources.length / 2));
      collected.add(resources.slice(0, resources.length / 2));
      const streamed = judgeStreamed({ ruleSet, source: collected.source(header), startedAt: STARTED, now: NOW }, spill);
      expect(comparable(streamed)).toEqual(comparable(inMemory));
    } finally {
      spill.close();
      collected.close();
    }
  });

  it('compares with a baseline read a finding at a time as the in-memory comparison does', () => {
    const failing = inMemory.findings.find((finding) => finding.status === 'fail')!;
    // The baseline: the same report with one failure passing then (it is new now) and one extra failure (resolved now: gone).
    const gone = { ...failing, fingerprint: 'f'.repeat(32), resource: { ...failing.resource, arn: `${failing.resource.arn}-gone` } };
    const baselineReport: Report = {
      ...inMemory,
      findings: [...inMemory.findings.map((finding) => (finding === failing ? { ...finding, status: 'pass' as const } : finding)), gone],
    };
    const inventory = openInventory(path);
    const spill = new FindingSpill(folder);
    try {
      const streamed = judgeStreamed(
        { ruleSet, source: inventory, startedAt: STARTED, now: NOW, baseline: new BaselineComparison(baselineReport, 'baseline.json') },
        spill,
      );
      const viaMemory = judge({ ruleSet, inventory: readInventory(path), startedAt: STARTED, now: NOW, baseline: new BaselineComparison(baselineReport, 'baseline.json') });
      expect(comparable(streamed)).toEqual(comparable(viaMemory));
      expect(streamed.resolved?.map((finding) => finding.fingerprint)).toEqual([gone.fingerprint]);
      expect([...streamed.findings].filter((finding) => finding.baseline === 'new').map((finding) => finding.fingerprint)).toEqual([failing.fingerprint]);
    } finally {
      spill.close();
      inventory.close();
    }
  });
});
