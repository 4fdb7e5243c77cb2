/**
 * Action patterns (`s3:Get*`, `iam:*Policy*`, `*`, `ec2:Describe?nstances`) expanded against the catalogue
 * as whole-name globs: never substring or prefix matching (`es:*` must not match `iam:CreateAccessKey`,
 * `ec2:*VpcPeeringConnection` must not match `ec2:RunInstances`). Expansions are cached per pattern.
 */
import { ActionSet } from './action-set.js';
import { catalogue } from './catalogue.js';

export interface Expansion {
  actions: ActionSet;
  /** Patterns that matched no known action (typos, retired or too-new actions). */
  unknown: string[];
}

const cache = new Map<string, ActionSet>();
let everything: ActionSet | undefined;

function globRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Every action of the catalogue. */
export function allActions(): ActionSet {
  everything ??= ActionSet.all();
  return everything;
}

/** The known actions one pattern matches (case-insensitive). */
export function expandPattern(pattern: string): ActionSet {
  const key = pattern.trim().toLowerCase();
  const cached = cache.get(key);
  if (cached) return cached;
  const result = computeExpansion(key);
  cache.set(key, result);
  return result;
}

function computeExpansion(pattern: string): ActionSet {
  if (pattern === '*') return allActions();
  const { names, services, index } = catalogue();
  const colon = pattern.indexOf(':');
  if (colon < 0) return ActionSet.empty();
  const service = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (!/[*?]/.test(pattern)) {
    const exact = index.get(pattern);
    return exact === undefined ? ActionSet.empty() : ActionSet.of([exact]);
  }
  const nameRegex = globRegex(name);
  const result = ActionSet.empty();
  const scan = (start: number, end: number): void => {
    for (let i = start; i < end; i++) {
      const full = names[i]!;
      if (nameRegex.test(full.slice(full.indexOf(':') + 1))) result.add(i);
    }
  };
  if (/[*?]/.test(service)) {
    const serviceRegex = globRegex(service);
    for (const [prefix, [start, end]] of services) if (serviceRegex.test(prefix)) scan(start, end);
  } else {
    const range = services.get(service);
    if (range) scan(range[0], range[1]);
  }
  return result;
}

/** The union of several patterns' expansions, with the patterns that matched nothing. */
export function expandPatterns(patterns: string[]): Expansion {
  const actions = ActionSet.empty();
  const unknown: string[] = [];
  for (const pattern of patterns) {
    const expanded = expandPattern(pattern);
    if (expanded.isEmpty()) unknown.push(pattern);
    else actions.addAll(expanded);
  }
  return { actions, unknown };
}
