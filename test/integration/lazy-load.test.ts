import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoEnv, seedClients } from '../support/aws.js';
import { runCliRecordingModules, tempDir } from '../support/cli.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const S3_ONLY = 'test/fixtures/policies/s3-only.yaml';

/** The AWS SDK client packages the built CLI loaded for these arguments. */
async function sdkPackagesLoaded(args: string[], env: Record<string, string>): Promise<string[]> {
  const run = await runCliRecordingModules(args, env);
  expect(run.code, run.stderr).not.toBe(2);
  return [...new Set(run.modules.flatMap((file) => /node_modules\/@aws-sdk\/(client-[^/]+)\//.exec(file)?.[1] ?? []))].sort();
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
