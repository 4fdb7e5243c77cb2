import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../support/paths.js';

const read = (path: string): string => readFileSync(resolve(projectRoot, path), 'utf8');

interface KubeDoc {
  kind: string;
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: { spec: { containers: Array<{ args: string[]; env: Array<{ name: string; value?: string }> }> } };
  };
}

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  'continue-on-error'?: boolean;
}

interface Workflow {
  env: Record<string, string | number>;
  jobs: {
    shard: { strategy: { matrix: { shard: number[] }; 'fail-fast': boolean }; steps: Step[] };
    merge: { needs: string; if: string; steps: Step[] };
  };
}

describe('organization scan examples', () => {
  it('the Kubernetes Indexed Job runs one pod per shard and tells the entrypoint the shard count', () => {
    const documents = parseAllDocuments(read('examples/kubernetes/indexed-job.yaml')).map((doc) => doc.toJS() as KubeDoc);
    const job = documents.find((doc) => doc.kind === 'Job');
    expect(job?.spec.completionMode).toBe('Indexed');
    const container = job?.spec.template.spec.containers[0];
    const env = Object.fromEntries((container?.env ?? []).map((entry) => [entry.name, entry.value]));
    expect(Number(env.SHARD_COUNT)).toBe(job?.spec.completions);
    expect(job?.spec.parallelism).toBe(job?.spec.completions);
    expect(container?.args).toContain('--org');
  });

  it('the GitHub Actions matrix covers shards 1..N of the N it passes to --shard, and the merge runs even if a shard failed', () => {
    const workflow = parse(read('examples/github-actions/sharded-org-scan.yml')) as Workflow;
    const shards = workflow.jobs.shard.strategy.matrix.shard;
    expect(Number(workflow.env.SHARDS)).toBe(shards.length);
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(workflow.jobs.shard.strategy['fail-fast']).toBe(false);
    expect(workflow.jobs.merge.needs).toBe('shard');
    expect(workflow.jobs.merge.if).toBe('always()');
    // Both jobs run squadguard through the repository's action (action.yml), which passes the exit code on.
    const scan = workflow.jobs.shard.steps.find((step) => step.with?.args?.includes('--shard'));
    expect(scan?.uses).toBe('./');
    expect(scan?.with?.args).toContain('--shard ${{ matrix.shard }}/${{ env.SHARDS }}');
    expect(scan?.['continue-on-error']).toBe(true);
    expect(workflow.jobs.shard.steps.some((step) => step.run?.includes('[ "${{ steps.scan.outputs.exit-code }}" != 2 ]'))).toBe(true);
    const merge = workflow.jobs.merge.steps.find((step) => step.with?.command === 'merge');
    expect(merge?.uses).toBe('./');
    expect(merge?.['continue-on-error']).toBeUndefined();
  });

  it('the container entrypoint turns a 0-based index into --shard I/N and keeps the exit code', () => {
    const script = read('examples/container/scan-and-upload.sh');
    expect(script).toContain('--shard $((SHARD_INDEX0 + 1))/$SHARD_COUNT');
    expect(script).toMatch(/exit "\$code"\s*$/);
  });
});
