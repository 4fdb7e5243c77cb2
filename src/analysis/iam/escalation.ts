/**
 * Matching the escalation catalogue against a principal's effective access (the union of all its
 * policies, so a path split over two policies is still found). Resource-aware where it matters:
 * - `iam:PassRole` counts when it reaches every role, or roles by an open name pattern (then only as
 *   conditional); PassRole pinned to named roles does not, and an `iam:PassedToService` condition that
 *   names another service rules the path out;
 * - IAM actions on principals (CreateAccessKey, AttachRolePolicy …) count when broad; scoped to an open
 *   name pattern they count as conditional; scoped to named principals (e.g. `user/${aws:username}`) not;
 * - actions that create the compute (RunInstances, CreateTrainingJob …) count whatever their resource
 *   names, because the name of a new job does not limit what it runs as.
 */
import { grantingStatements, type PrincipalAccess } from './access.js';
import { actionIndex } from './catalogue.js';
import { valuesFor } from './conditions.js';
import { ESCALATION_PATHS, type EscalationPath } from './escalation-paths.js';
import type { StatementSource } from './policy.js';
import { canActOn } from './resource-types.js';
import { hasOpenName } from './resources.js';
import { anyGlobMatches } from '../../text/glob.js';

export type Level = 'unconditional' | 'conditional' | 'none';

export interface EscalationMatch {
  path: EscalationPath;
  /** `conditional` when a needed grant holds only under a condition or for open role-name patterns. */
  level: Exclude<Level, 'none'>;
  /** The action chosen for each requirement group, with the statements that grant it. */
  grants: Array<{ action: string; level: Exclude<Level, 'none'>; statements: StatementSource[]; targets?: string[] }>;
}

/**
 * Resolves PassRole pinned to named roles: the ARNs of roles matching the patterns that the service may
 * assume and that are more privileged than the caller (the rule decides, e.g. full admin). Without it,
 * PassRole pinned to named roles never completes a path.
 */
export type PassableRoles = (patterns: string[], service: string) => string[];

/** Resource patterns of the scoped PassRole grants that the service's `iam:PassedToService` allows. */
export function scopedPassRolePatterns(access: PrincipalAccess, service: string): string[] {
  const index = actionIndex('iam:PassRole')!;
  if (!access.unconditional.has(index) && !access.conditional.has(index) && !access.scoped.has(index)) return [];
  return access.allows
    .filter((statement) => statement.actions.has(index) && !statement.broad.has(index) && !statement.notResource)
    .filter((statement) => {
      const passedTo = valuesFor(statement.statement.Condition, 'iam:PassedToService');
      return !passedTo || serviceMatches(passedTo, service);
    })
    .flatMap((statement) => statement.resources);
}

function weaker(a: Level, b: Level): Level {
  if (a === 'none' || b === 'none') return 'none';
  return a === 'conditional' || b === 'conditional' ? 'conditional' : 'unconditional';
}

function stronger(a: Level, b: Level): Level {
  if (a === 'unconditional' || b === 'unconditional') return 'unconditional';
  return a === 'conditional' || b === 'conditional' ? 'conditional' : 'none';
}

/** How an action is allowed; `scopeMatters` = a grant on named resources only does not count. */
export function actionLevel(access: PrincipalAccess, action: string, scopeMatters: boolean): Level {
  const index = actionIndex(action);
  if (index === undefined) return 'none';
  if (access.unconditional.has(index)) return 'unconditional';
  if (access.conditional.has(index)) return 'conditional';
  if (!access.scoped.has(index)) return 'none';
  let level: Level = 'none';
  for (const statement of access.allows) {
    if (!statement.actions.has(index)) continue;
    // Only patterns that can name a resource the action acts on count (not AWS's own policies for
    // CreatePolicyVersion, not users for AttachRolePolicy).
    const reachable = statement.notResource ? statement.resources : statement.resources.filter((pattern) => canActOn(index, pattern));
    if (reachable.length === 0) continue;
    if (scopeMatters) {
      if (reachable.some(hasOpenName)) level = stronger(level, 'conditional');
    } else {
      level = stronger(level, statement.conditional ? 'conditional' : 'unconditional');
    }
  }
  return level;
}

function serviceMatches(patterns: string[], service: string): boolean {
  return anyGlobMatches(patterns, service, { ignoreCase: true });
}

/** How `iam:PassRole` to a service is allowed (PassedToService and role names considered). */
export function passRoleLevel(access: PrincipalAccess, service: string | undefined): Level {
  const index = actionIndex('iam:PassRole')!;
  const effective: Level = access.unconditional.has(index)
    ? 'unconditional'
    : access.conditional.has(index)
      ? 'conditional'
      : access.scoped.has(index)
        ? 'conditional'
        : 'none';
  if (effective === 'none') return 'none';
  let level: Level = 'none';
  for (const statement of access.allows) {
    if (!statement.actions.has(index)) continue;
    const passedTo = valuesFor(statement.statement.Condition, 'iam:PassedToService');
    if (passedTo && service && !serviceMatches(passedTo, service)) continue;
    let statementLevel: Level;
    if (statement.broad.has(index)) statementLevel = statement.conditional ? 'conditional' : 'unconditional';
    else statementLevel = statement.resources.some((pattern) => hasOpenName(pattern) && canActOn(index, pattern)) ? 'conditional' : 'none';
    level = stronger(level, statementLevel);
  }
  return weaker(level, effective);
}

const SCOPE_MATTERS = /^iam:|^sts:AssumeRole$/;

function match(access: PrincipalAccess, path: EscalationPath, passable?: PassableRoles): EscalationMatch | undefined {
  const grants: EscalationMatch['grants'] = [];
  let pathLevel: Level = 'unconditional';
  for (const group of path.requires) {
    let best: { action: string; level: Level; targets?: string[] } = { action: group[0]!, level: 'none' };
    for (const action of group) {
      let level =
        action === 'iam:PassRole' ? passRoleLevel(access, path.passRoleTo) : actionLevel(access, action, SCOPE_MATTERS.test(action));
      let targets: string[] | undefined;
      if (action === 'iam:PassRole' && level === 'none' && passable && path.passRoleTo) {
        const patterns = scopedPassRolePatterns(access, path.passRoleTo);
        targets = patterns.length > 0 ? passable(patterns, path.passRoleTo) : [];
        if (targets.length > 0) level = 'unconditional';
      }
      if (level === 'unconditional' || (level === 'conditional' && best.level === 'none')) best = { action, level, ...(targets?.length ? { targets } : {}) };
      if (level === 'unconditional') break;
    }
    if (best.level === 'none') return undefined;
    pathLevel = weaker(pathLevel, best.level);
    grants.push({
      action: best.action,
      level: best.level as Exclude<Level, 'none'>,
      statements: grantingStatements(access, actionIndex(best.action)!),
      ...(best.targets ? { targets: best.targets } : {}),
    });
  }
  return { path, level: pathLevel as Exclude<Level, 'none'>, grants };
}

/** Every catalogued path the principal can take. */
export function findEscalations(
  access: PrincipalAccess,
  paths: EscalationPath[] = ESCALATION_PATHS,
  passable?: PassableRoles,
): EscalationMatch[] {
  return paths.map((path) => match(access, path, passable)).filter((found): found is EscalationMatch => found !== undefined);
}
