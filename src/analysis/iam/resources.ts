/**
 * How broad a statement's `Resource` is. `*`, `arn:aws:s3:::*`, `arn:aws:iam::*:role/*` and
 * `arn:aws:secretsmanager:*:*:secret:*` all reach every resource of a type: they count as unscoped. A
 * pattern with a concrete name part (`role/squad-a-*`, `user/${aws:username}`) is scoped.
 */
import { ActionSet } from './action-set.js';
import { catalogue } from './catalogue.js';
import { canActOn } from './resource-types.js';
import { globMatch } from '../../text/glob.js';

export type Breadth = 'all' | 'type' | 'scoped';

/** The breadth of one resource pattern. */
export function breadthOf(pattern: string): Breadth {
  if (/^\*+$/.test(pattern)) return 'all';
  if (!pattern.startsWith('arn:')) return 'scoped';
  const fields = pattern.split(':');
  if (fields.length < 6) return /\*$/.test(pattern) && fields.slice(1).every((f) => f === '*' || f === '') ? 'all' : 'scoped';
  const resource = fields.slice(5).join(':');
  if (/^\*+$/.test(resource)) return 'all';
  // S3 names have no type prefix: `bucket/*` is one bucket's objects, `*/*` every object.
  if (fields[2] === 's3') return /^\*[/*]*$/.test(resource) ? 'type' : 'scoped';
  // A type prefix then only wildcards: role/*, key/*, secret:*, parameter/*, */* (every S3 object).
  if (/^([A-Za-z][\w-]*|\*)[/:][*/]*\*$/.test(resource) && !/\$\{/.test(resource)) return 'type';
  return 'scoped';
}

/** The service field of an ARN pattern (`*` for `*` and wildcard services). */
export function serviceOf(pattern: string): string {
  if (!pattern.startsWith('arn:')) return '*';
  const service = pattern.split(':')[2] ?? '*';
  return service === '' || /[*?]/.test(service) ? '*' : service.toLowerCase();
}

const serviceSets = new Map<string, ActionSet>();

/** Every action of one service prefix. */
export function serviceActions(service: string): ActionSet {
  const key = service.toLowerCase();
  let set = serviceSets.get(key);
  if (!set) {
    const range = catalogue().services.get(key);
    set = ActionSet.empty();
    if (range) for (let i = range[0]; i < range[1]; i++) set.add(i);
    serviceSets.set(key, set);
  }
  return set;
}

const reachedByPattern = new Map<string, ActionSet>();

/** The actions of the pattern's service whose resources the pattern can name (`role/*` reaches no user). */
function reachedBy(pattern: string, service: string): ActionSet {
  let set = reachedByPattern.get(pattern);
  if (!set) {
    set = serviceActions(service).filter((index) => canActOn(index, pattern));
    if (reachedByPattern.size > 10_000) reachedByPattern.clear();
    reachedByPattern.set(pattern, set);
  }
  return set;
}

/**
 * The actions of `actions` that a statement's resources reach broadly. A broad ARN only counts for actions
 * of its own service (an `arn:aws:iam::*:role/*` next to `s3:GetObject` says nothing about S3 objects) whose
 * resource types it can name (`arn:aws:iam::*:user/*` does not reach `iam:AttachRolePolicy`, and
 * `arn:aws:iam::aws:policy/*` — AWS's own policies — reaches no policy-changing action).
 * `NotResource` (everything except a few) is broad.
 */
export function broadActions(actions: ActionSet, resources: string[], notResource: boolean): ActionSet {
  if (notResource) return actions.clone();
  const result = ActionSet.empty();
  for (const pattern of resources) {
    if (breadthOf(pattern) === 'scoped') continue;
    const service = serviceOf(pattern);
    if (service === '*') {
      if (breadthOf(pattern) === 'all') return actions.clone();
      result.addAll(allActionsReachedBy(pattern));
      continue;
    }
    result.addAll(reachedBy(pattern, service));
  }
  return result.retainAll(actions);
}

/** A broad pattern with a wildcard service (`arn:aws:*:*:*:*`): every action whose resources it can name. */
function allActionsReachedBy(pattern: string): ActionSet {
  let set = reachedByPattern.get(pattern);
  if (!set) {
    set = ActionSet.empty();
    for (const service of catalogue().services.keys()) set.addAll(serviceActions(service).filter((index) => canActOn(index, pattern)));
    reachedByPattern.set(pattern, set);
  }
  return set;
}

/** Whether any of a statement's resource patterns can name a resource the action acts on. */
export function reachesAny(index: number, resources: string[], notResource: boolean): boolean {
  return notResource || resources.some((pattern) => canActOn(index, pattern));
}

/** Whether a resource pattern leaves the name part open (`role/*`, `role/ml-*`): many roles match it. */
export function hasOpenName(pattern: string): boolean {
  if (breadthOf(pattern) !== 'scoped') return true;
  const resource = pattern.split(':').slice(5).join(':');
  return /[*?]/.test(resource.replace(/\$\{[^}]*\}/g, ''));
}

/** IAM-style ARN glob match (case-sensitive, `*` any run, `?` one character). */
export function resourceMatches(pattern: string, arn: string): boolean {
  return globMatch(pattern, arn);
}
