import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths.js';

/** `npm run bench -- --small`: the CI-sized benchmark runs end to end and prints its one JSON line (no timing asserted). */
describe('npm run bench --small', () => {
  it('seeds a small organization, scans it through the latency proxy, replays its requests and prints one JSON line', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, reject) => {
      const child = spawn(process.execPath, [resolve(projectRoot, 'dist/bench/run.js'), '--small', '--latency-ms', '5'], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('error', reject);
      child.once('close', (exit) => done({ code: exit, stdout: out, stderr: err }));
    });
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(result).toMatchObject({ accounts: 3, targets: 'organization', latencyMs: 5, throttlingRetries: 0 });
    expect(result.resources).toBeGreaterThanOrEqual(3 * 5); // at least the buckets
    expect(result.wallSeconds).toBeGreaterThan(0);
    expect(result.peakRssMb).toBeGreaterThan(10);
    expect((result.apiCallsByService as Record<string, number>).STS).toBe(3); // one AssumeRole per member
    expect(result.apiCallsPerResource).toBeGreaterThan(0);
    // The replay of the recorded requests measured the emulator's capacity; the timings name each account's critical path.
    expect(result.throughputFraction).toBeGreaterThan(0);
    expect(result.throughputFractionPerScan).toHaveLength(1); // one scan at --small, and its replay
    const timings = result.timings as { calls: number; accounts: { count: number; criticalPhases: Record<string, number> } };
    expect(timings.calls).toBe(result.apiCalls);
    expect(timings.accounts.count).toBe(3);
    expect(Object.values(timings.accounts.criticalPhases).reduce((a, b) => a + b, 0)).toBe(3);
    expect(stderr).not.toContain('NodeVersionSupportWarning');
  }, 180_000);
});
