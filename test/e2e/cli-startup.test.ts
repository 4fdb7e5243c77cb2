/** What a policy-loading command loads: the build's precompiled schemas and parsed packs spare it ajv and yaml. */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliRecordingModules, tempDir } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

/** Runs the built CLI and returns which of ajv, ajv-formats and yaml it loaded (all CommonJS: in the require cache). */
async function packagesLoaded(args: string[]): Promise<{ code: number | null; stdout: string; loaded: string[] }> {
  const run = await runCliRecordingModules(args);
  const packages = run.modules.flatMap((file) => /node_modules\/(ajv|ajv-formats|yaml)\/dist\/(?!runtime\/|formats)/.exec(file)?.[1] ?? []);
  return { code: run.code, stdout: run.stdout, loaded: [...new Set(packages)].sort() };
}

describe('policy-loading commands load ajv and yaml only when the policy needs them', () => {
  it('rules (the shipped baseline): neither ajv nor yaml', async () => {
    const run = await packagesLoaded(['rules']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('s3-bucket-tls-only');
    expect(run.loaded).toEqual([]);
  });

  it('an invalid JSON policy is described without either', async () => {
    const file = join(tempDir(), 'policy.json');
    writeFileSync(file, JSON.stringify({ name: 'p', rulez: {} }));
    const run = await packagesLoaded(['validate-policy', file]);
    expect(run.code).toBe(2);
    expect(run.loaded).toEqual([]);
  });

  it('a YAML policy with rule params and a custom rule: both, for parsing and for the per-rule schemas', async () => {
    const file = join(tempDir(), 'policy.yaml');
    writeFileSync(
      file,
      'name: p\nextends: platform-baseline\nrules:\n  vpc-required-endpoints: { params: { includeDefaultVpcs: true } }\n' +
        'customRules:\n  - { id: my-rule, title: t, severity: high, resourceType: aws.s3.bucket, schema: { type: object } }\n',
    );
    const run = await packagesLoaded(['validate-policy', file]);
    expect(run.code).toBe(0);
    expect(run.loaded).toEqual(['ajv', 'ajv-formats', 'yaml']);
  });
});

describe('rules lists the rules from the metadata the build wrote', () => {
  it('imports no rule module, no analysis, no schema validator and not chalk', async () => {
    const run = await runCliRecordingModules(['rules']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('iam-no-admin-access');
    const ours = run.modules.map((file) => relative(projectRoot, file));
    expect(ours).toContain('dist/rules/metadata.js');
    expect(ours.filter((file) => /^dist\/(rules\/[^/]+\/|analysis\/)/.test(file))).toEqual([]);
    expect(run.modules.filter((file) => file.includes('/node_modules/chalk/'))).toEqual([]);
    // The shipped baseline passed the policy schema when the build cached it: no validator is loaded.
    expect(ours.filter((file) => file.startsWith('dist/schema/precompiled/'))).toEqual([]);
  });
});

describe("help loads the commands' flags, not their work", () => {
  it.each([[['--help']], [['evaluate', '--help']], [['rules', '--help']]])('%j', async (args) => {
    const run = await runCliRecordingModules(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: squadguard');
    const ours = run.modules.map((file) => relative(projectRoot, file));
    expect(ours.some((file) => file.startsWith('dist/cli/commands/'))).toBe(true);
    // No action module, no policy loading, no rule, scanner or AWS code.
    expect(ours.filter((file) => /^dist\/(cli\/run\/|pipeline\/policies|policy\/loader|rules\/|analysis\/|scanners\/|aws\/)/.test(file))).toEqual([]);
  });
});
