/**
 * The S3 scanner's bucket list, with S3's answers given at the client boundary (no network): ListBuckets is
 * always paginated (S3 rejects unpaginated listings in accounts whose bucket quota exceeds 10,000) and every
 * page is followed.
 */
import { describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import { planFor } from '../../../src/engine/plan.js';
import { defineRule, pass } from '../../../src/rules/rule.js';
import { collect } from '../../../src/scanners/collect.js';
import { s3Scanner } from '../../../src/scanners/s3.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT } from '../../support/aws.js';

const REGION = 'us-east-1';
const created = defineRule({
  id: 'test-bucket-created',
  title: 't',
  severity: 'low',
  resourceType: 'aws.s3.bucket',
  needs: ['creationDate'],
  description: '',
  rationale: '',
  remediation: '',
  references: {},
  check: (bucket) => pass(String(bucket.data.creationDate)),
});

async function listWith(answer: (input: Record<string, unknown>) => Record<string, unknown>) {
  const meter = new ApiMeter();
  // Loopback, never contacted: every call is answered in the initialize step.
  const clients = new ClientFactory({ endpoint: 'http://127.0.0.1:9', credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter });
  const inputs: Array<Record<string, unknown>> = [];
  clients.client('S3', REGION).middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== 'ListBucketsCommand') throw new Error(`unexpected call ${String(context.commandName)}`);
      inputs.push({ ...(args.input as Record<string, unknown>) });
      return { output: { ...answer(args.input as Record<string, unknown>), $metadata: {} }, response: {} } as never;
    },
    { step: 'initialize' },
  );
  const inventory = await collect({
    accounts: [{ target: { accountId: MOTO_ACCOUNT, regions: [REGION] }, clients }],
    scanners: [s3Scanner],
    plan: planFor([created]),
    meter,
  });
  return { inventory, inputs };
}

const bucket = (name: string, region = REGION) => ({ Name: name, CreationDate: new Date('2026-01-01T00:00:00Z'), BucketRegion: region });

describe('S3 ListBuckets', () => {
  it('asks for pages (MaxBuckets) and follows every continuation token', async () => {
    const { inventory, inputs } = await listWith((input) =>
      input.ContinuationToken === undefined
        ? { Buckets: [bucket('first-a'), bucket('first-b')], ContinuationToken: 'next' }
        : { Buckets: [bucket('second-a')] },
    );
    expect(inputs.map((input) => [input.MaxBuckets, input.ContinuationToken])).toEqual([[10_000, undefined], [10_000, 'next']]);
    expect(inventory.resources.map((resource) => resource.name).sort()).toEqual(['first-a', 'first-b', 'second-a']);
    expect(inventory.errors).toEqual([]);
  });

  it('one page when S3 answers no token', async () => {
    const { inventory, inputs } = await listWith(() => ({ Buckets: [bucket('only')] }));
    expect(inputs).toHaveLength(1);
    expect(inventory.resources.map((resource) => resource.name)).toEqual(['only']);
  });

  it('buckets in regions outside the scan are left out, and a note per region says so', async () => {
    const { inventory } = await listWith(() => ({ Buckets: [bucket('here'), bucket('eu-a', 'eu-west-1'), bucket('eu-b', 'eu-west-1'), bucket('ap', 'ap-south-1')] }));
    expect(inventory.resources.map((resource) => resource.name)).toEqual(['here']);
    expect(inventory.notes).toEqual([
      'S3: buckets in ap-south-1, outside the scanned regions, were not judged; add the region with --region to judge them.',
      'S3: buckets in eu-west-1, outside the scanned regions, were not judged; add the region with --region to judge them.',
    ]);
  });

  it('near miss: every bucket in a scanned region, no note', async () => {
    const { inventory } = await listWith(() => ({ Buckets: [bucket('here'), bucket('there')] }));
    expect(inventory.resources).toHaveLength(2);
    expect(inventory.notes ?? []).toEqual([]);
  });
});
