/**
 * The collector and scanners still to load: each scanner starts as soon as it is loaded (the first ones'
 * calls are in flight while the next SDK package loads), and a scanner that cannot load fails the scan.
 */
import { describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import { collect, type UnloadedScanner } from '../../../src/scanners/collect.js';
import type { Scanner } from '../../../src/scanners/scanner.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT } from '../../support/aws.js';
import { planOf } from './stub-sdk.js';

const plan = planOf({ 'aws.s3.bucket': ['versioning'], 'aws.kms.key': ['rotation'] });

function fakeScanner(service: 's3' | 'kms', type: string, scan: Scanner['scan']): Scanner {
  return { service, resourceTypes: [type], scope: 'global', operations: [], costs: {}, scan };
}

function collectWith(scanners: UnloadedScanner[]) {
  const meter = new ApiMeter();
  const clients = new ClientFactory({ endpoint: 'http://127.0.0.1:9', credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter });
  return collect({ accounts: [{ target: { accountId: MOTO_ACCOUNT, regions: ['us-east-1'] }, clients }], scanners, plan, meter });
}

describe('collect with scanners still to load', () => {
  it('starts the first scanner before the next one has loaded', async () => {
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const order: string[] = [];
    const first: UnloadedScanner = {
      service: 's3',
      resourceTypes: ['aws.s3.bucket'],
      load: async () => fakeScanner('s3', 'aws.s3.bucket', async () => void (order.push('s3 scan'), firstStarted())),
    };
    // Loads only once the first scanner runs: a collector that waited for every scanner would never finish.
    const second: UnloadedScanner = {
      service: 'kms',
      resourceTypes: ['aws.kms.key'],
      load: async () => {
        await started;
        order.push('kms loaded');
        return fakeScanner('kms', 'aws.kms.key', async () => void order.push('kms scan'));
      },
    };
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('collect waited for every scanner to load')), 2000));
    const inventory = await Promise.race([collectWith([first, second]), deadline]);
    expect(order).toEqual(['s3 scan', 'kms loaded', 'kms scan']);
    expect(inventory.errors).toEqual([]);
  });

  it('a scanner that cannot load fails the scan', async () => {
    const broken: UnloadedScanner = {
      service: 'kms',
      resourceTypes: ['aws.kms.key'],
      load: () => Promise.reject(new Error('Cannot find module @aws-sdk/client-kms')),
    };
    const s3: UnloadedScanner = { service: 's3', resourceTypes: ['aws.s3.bucket'], load: async () => fakeScanner('s3', 'aws.s3.bucket', async () => undefined) };
    await expect(collectWith([s3, broken])).rejects.toThrow('Cannot find module @aws-sdk/client-kms');
  });
});
