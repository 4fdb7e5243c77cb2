import { resolve } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { withDirectoryFile } from '../../src/pipeline/directory.js';
import { judge, readInventory } from '../../src/pipeline/judge.js';
import { loadRuleSet } from '../../src/pipeline/policies.js';
import { projectRoot } from './paths.js';

/** The demo's report (`npm run demo`), judged in-process: examples/demo-inventory.json under platform-baseline. */
export async function demoReport(): Promise<Report> {
  const ruleSet = await loadRuleSet([]);
  const inventory = withDirectoryFile(
    readInventory(resolve(projectRoot, 'examples/demo-inventory.json')),
    resolve(projectRoot, 'examples/organization-accounts.yaml'),
  );
  return judge({ ruleSet, inventory, startedAt: '2026-11-30T10:00:00.000Z', now: new Date('2026-11-30T10:00:00.000Z') });
}
