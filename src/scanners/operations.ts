import type { TypeCosts } from './scanner.js';

/**
 * What scanning costs, from the scanners' own tables. Loaded on demand: the commands that print a policy or
 * the rule catalog load the scanners (and the AWS SDK) only when they run.
 */

/** Operations squadguard calls with the audit role's credentials (every scanner's, and `--region all`'s), sorted. */
export async function scanningOperations(): Promise<string[]> {
  const [scanners, { REGION_LOOKUP_OPERATIONS }] = await Promise.all([import('./index.js').then((index) => index.loadAllScanners()), import('../aws/regions.js')]);
  return [...new Set([...scanners.flatMap((scanner) => scanner.operations), ...REGION_LOOKUP_OPERATIONS])].sort();
}

/** Per resource type, the calls that list it and the calls behind each attribute (types whose scanner states them). */
export async function scanningCosts(): Promise<Record<string, TypeCosts>> {
  const scanners = await (await import('./index.js')).loadAllScanners();
  return Object.assign({}, ...scanners.map((scanner) => scanner.costs ?? {})) as Record<string, TypeCosts>;
}
