import { describe, expect, it } from 'vitest';
import { loadAllScanners, loadScanners, scannerRegistry } from '../../../src/scanners/index.js';
import { SCANNED_TYPES } from '../../../src/scanners/resource-types.js';
import type { CollectionPlan } from '../../../src/scanners/scanner.js';

describe('the scanner registry', () => {
  it('describes each scanner as it is once loaded: service, resource types, order', async () => {
    const scanners = await loadAllScanners();
    expect(scanners.map((scanner) => scanner.service)).toEqual(['s3', 'sagemaker', 'kms', 'ec2', 'iam']);
    expect(scannerRegistry.map((entry) => entry.service)).toEqual(scanners.map((scanner) => scanner.service));
    for (const [index, entry] of scannerRegistry.entries()) {
      expect(scanners[index]?.resourceTypes).toEqual([...entry.resourceTypes]);
    }
    expect(Object.keys(SCANNED_TYPES).sort()).toEqual(scannerRegistry.map((entry) => entry.service).sort());
  });

  it('loads only the scanners whose resource types the plan wants', async () => {
    const plan: CollectionPlan = new Map([
      ['aws.s3.bucket', new Set(['policy'])],
      ['aws.kms.key', new Set(['rotationEnabled'])],
    ]);
    expect((await loadScanners(plan)).map((scanner) => scanner.service)).toEqual(['s3', 'kms']);
    expect(await loadScanners(new Map())).toEqual([]);
  });
});
