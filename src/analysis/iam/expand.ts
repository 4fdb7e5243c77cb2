/**
 * Action patterns (`s3:Get*`, `iam:*Policy*`, `*`, `ec2:Describe?nstances`) expanded against the catalogue
 * as whole-name globs: never substring or prefix matching (`es:*` must not match `iam:CreateAccessKey`,
 * `ec2:*VpcPeeringConnection` must not match `ec2:RunInstances`). Expansions are cached per pattern.
 */
import { ActionSet } from './action-set.js';
import { catalogue } from './catalogue.js';
import { globMatch } from '../../text/glob.js';

export interface Expansion {
  actions: ActionSet;
  /** Patterns that matched no known action (typos, retired or too-new actions). */
  unknown: string[];
}

const cache = new Map<string, ActionSet>();
let everything: ActionSet | undefined;

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

  const result = ActionSet.empty();
  const scan = (start: number, end: number): void => {
    for (let i = start; i < end; i++) {
      const full = names[i]!;
      if (globMatch(name, full.slice(full.indexOf(':') + 1), { ignoreCase: true })) result.add(i);
    }
  };
  if (/[*?]/.test(service)) {
    for (const [prefix, [start, end]] of services) if (globMatch(service, prefix, { ignoreCase: true })) scan(start, end);
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
