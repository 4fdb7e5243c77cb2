import { SCANNED_TYPES } from './resource-types.js';
import type { CollectionPlan, Scanner } from './scanner.js';

/**
 * A scanner known by its service and resource types without being loaded: each scanner imports its AWS SDK
 * package (tens of MB for SageMaker or EC2), so a scan loads only those its collection plan needs.
 */
export interface ScannerEntry {
  service: keyof typeof SCANNED_TYPES;
  resourceTypes: readonly string[];
  load(): Promise<Scanner>;
}

/** Every scanner, in the order the collector starts them. */
export const scannerRegistry: readonly ScannerEntry[] = [
  { service: 's3', resourceTypes: SCANNED_TYPES.s3, load: async () => (await import('./s3.js')).s3Scanner },
  { service: 'sagemaker', resourceTypes: SCANNED_TYPES.sagemaker, load: async () => (await import('./sagemaker.js')).sagemakerScanner },
  { service: 'kms', resourceTypes: SCANNED_TYPES.kms, load: async () => (await import('./kms.js')).kmsScanner },
  { service: 'ec2', resourceTypes: SCANNED_TYPES.ec2, load: async () => (await import('./ec2.js')).ec2Scanner },
  { service: 'iam', resourceTypes: SCANNED_TYPES.iam, load: async () => (await import('./iam.js')).iamScanner },
];

/** The registry entries of the scanners that produce a resource type the plan wants (not loaded yet). */
export function scannersFor(plan: CollectionPlan): ScannerEntry[] {
  return scannerRegistry.filter((entry) => entry.resourceTypes.some((type) => plan.has(type)));
}

/** The scanners that produce a resource type the plan wants, loaded; the others stay unloaded. */
export function loadScanners(plan: CollectionPlan): Promise<Scanner[]> {
  return Promise.all(scannersFor(plan).map((entry) => entry.load()));
}

/** Every scanner, loaded (for callers that may collect anything). */
export function loadAllScanners(): Promise<Scanner[]> {
  return Promise.all(scannerRegistry.map((entry) => entry.load()));
}

export { resourceTypes } from './resource-types.js';
