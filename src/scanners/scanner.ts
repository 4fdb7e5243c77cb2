import { SCANNED_TYPES } from './resource-types.js';
import type { ClientFactory } from '../aws/clients.js';
import type { AnyResource } from '../model/resource.js';
import type { CollectionPlan, ScanError, Target } from '../model/inventory.js';

// The plan is model data (the inventory records it as `collected`); re-exported for the scanners.
export { needs, type CollectionPlan } from '../model/inventory.js';


export interface ScannerContext {
  target: Target;
  /** The region being scanned; `global` for scanners with scope `global`. */
  region: string;
  clients: ClientFactory;
  plan: CollectionPlan;
  /** Runs `task` under the per-account, per-service concurrency bound. */
  limit<T>(task: () => Promise<T>): Promise<T>;
  emit(resource: AnyResource): void;
  /** Records a failure above the attribute level (a list call that failed). */
  fail(error: Omit<ScanError, 'accountId'>): void;
  /** Adds a note about the collection's scope to the inventory. */
  note(message: string): void;
  /** Scanner options from the command line (e.g. job lookback days). */
  options: ScanOptions;
}

export interface ScanOptions {
  /** SageMaker jobs created within this many days are scanned. */
  jobLookbackDays?: number;
  /** Collect IAM service-last-accessed data (slow). */
  iamLastAccessed?: boolean;
}

export interface Scanner {
  service: string;
  /** Resource types this scanner emits; only run when the plan wants one of them. */
  resourceTypes: string[];
  /** `global`: once per account (it receives `target.regions`); `regional`: once per region. */
  scope: 'global' | 'regional';
  /**
   * Every AWS operation (`Service.Operation`, as metered) the scanner may call: the audit role's permissions
   * are generated from these. Derived from the scanner's tables, never written beside them.
   */
  operations: readonly string[];
  /** Per resource type, what it costs: the calls made for every resource, and the calls behind each attribute. */
  costs: Readonly<Record<string, TypeCosts>>;
  scan(context: ScannerContext): Promise<void>;
}

export interface TypeCosts {
  /** Calls made whenever the type is scanned (its list). */
  list: readonly string[];
  /** Attribute → the calls that read it (only made when a rule needs it). */
  attributes: Readonly<Record<string, readonly string[]>>;
}

/** Every operation a scanner's costs name, sorted. */
export function costOperations(costs: Readonly<Record<string, TypeCosts>>): string[] {
  const operations = new Set<string>();
  for (const cost of Object.values(costs)) {
    for (const operation of cost.list) operations.add(operation);
    for (const calls of Object.values(cost.attributes)) for (const operation of calls) operations.add(operation);
  }
  return [...operations].sort();
}

/**
 * Declares a scanner: its resource types come from `SCANNED_TYPES` (known without loading the scanner) and
 * its operations from its costs, so neither is written twice.
 */
export function defineScanner(spec: {
  service: keyof typeof SCANNED_TYPES;
  scope: Scanner['scope'];
  costs: Readonly<Record<string, TypeCosts>>;
  scan(context: ScannerContext): Promise<void>;
}): Scanner {
  return { ...spec, resourceTypes: [...SCANNED_TYPES[spec.service]], operations: costOperations(spec.costs) };
}
