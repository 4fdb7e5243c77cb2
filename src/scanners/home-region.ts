import { partitionOf } from '../aws/clients.js';

/**
 * The region a partition's global services (IAM, S3's bucket list, S3 Control) are called in: us-east-1 in
 * the commercial partition, the first scanned region elsewhere.
 */
export function homeRegion(regions: string[]): string {
  const first = regions[0] ?? 'us-east-1';
  return partitionOf(first) === 'aws' ? 'us-east-1' : first;
}
