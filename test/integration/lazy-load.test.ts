import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, seedClients } from '../support/aws.js';
import { runCli, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

/**
 * Runs the built CLI with a preload that records, at exit, which AWS SDK client packages the process loaded
 * (they are CommonJS: every one loaded, by `import` or `require`, is in the require cache).
 */
async function sdkPackagesLoaded(args: string[], env: Record<string, string>): Promise<string[]> {
  const dir = tempDir();
  const record = join(dir, 'loaded.json');
  const preload = join(dir, 'record-loaded.mjs');
  writeFileSync(
    preload,
    `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(cache))));
`,
  );
  const run = await runCli(args, { ...env, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` });
  expect(run.code, run.stderr).not.toBe(2);
  const files = JSON.parse(readFileSync(record, 'utf8')) as string[];
  return [...new Set(files.flatMap((file) => /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(file)?.[1] ?? []))].sort();
}

describe('a scan loads the SDK clients of the services its rules need, and no others', () => {
  let moto: MotoServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    moto = await startMoto();
    await seedClients(moto.endpoint).s3.send(new CreateBucketCommand({ Bucket: 'lazy-load-bucket' }));
    env = motoEnv(moto.endpoint);
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('S3-only policy: S3, S3 Control and STS (the caller identity); not SageMaker, EC2, IAM, KMS, Organizations', async () => {
    const out = tempDir();
    const loaded = await sdkPackagesLoaded(['scan', '--region', 'us-east-1', '--policy', S3_ONLY, '--output-dir', out, '--format', 'json'], env);
    expect(loaded).toEqual(['client-s3', 'client-s3-control', 'client-sts']);
    // The scan did run: its report judged the seeded bucket.
    expect(readFileSync(join(out, 'squadguard-report.json'), 'utf8')).toContain('lazy-load-bucket');
  });

  it('evaluate of an inventory loads no SDK client at all', async () => {
    const loaded = await sdkPackagesLoaded(['evaluate', '--inventory', 'examples/demo-inventory.json', '--policy', S3_ONLY, '--output-dir', tempDir()], env);
    expect(loaded).toEqual([]);
  });
});
