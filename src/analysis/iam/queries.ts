/**
 * Questions the IAM rules ask of an effective access: is it full admin, which write actions reach every
 * resource, which data-reading actions reach every resource, which statements grant a whole service.
 */
import type { Severity } from '../../model/finding.js';
import { lowerSeverity } from '../../model/finding.js';
import { grantingStatements, type PrincipalAccess } from './access.js';
import type { ActionSet } from './action-set.js';
import { catalogue, hasAccess, isWildcardOnly } from './catalogue.js';
import { allActions, expandPatterns } from './expand.js';
import type { CompiledStatement, StatementSource } from './policy.js';
import { serviceActions } from './resources.js';

export type GrantLevel = 'unconditional' | 'conditional';

/** The severity of a finding whose grant holds only under a condition drops one level. */
export function severityFor(base: Severity, level: GrantLevel): Severity {
  return level === 'conditional' ? lowerSeverity(base) : base;
}

/** Full admin: every action on every resource (unconditionally, or only under conditions). */
export function adminLevel(access: PrincipalAccess): GrantLevel | undefined {
  const all = allActions();
  if (access.unconditional.containsAll(all)) return 'unconditional';
  if (access.unconditional.union(access.conditional).containsAll(all)) return 'conditional';
  return undefined;
}

let iamPermissionsManagement: ActionSet | undefined;

/** IAM's own permissions-management actions (attach/put/delete policies, policy versions, boundaries, trust). */
export function iamPermissionsManagementActions(): ActionSet {
  iamPermissionsManagement ??= serviceActions('iam').filter((index) => hasAccess(index, 'Permissions management'));
  return iamPermissionsManagement;
}

/**
 * Admin by one-step escalation: not every action, but every IAM permissions-management action on every
 * resource (`iam:*`, or a `NotAction` naming some other service), so one call — attaching
 * AdministratorAccess to itself, or removing its own boundary — makes the principal full admin.
 */
export function adminEquivalentLevel(access: PrincipalAccess): GrantLevel | undefined {
  const needed = iamPermissionsManagementActions();
  if (needed.isEmpty()) return undefined;
  if (access.unconditional.containsAll(needed)) return 'unconditional';
  if (access.unconditional.union(access.conditional).containsAll(needed)) return 'conditional';
  return undefined;
}

/**
 * Actions the catalogue labels Write whose names say they read (athena:GetSessionEndpoint,
 * iot:ListSubscriptions …): not counted as writes, as AWS's own ReadOnlyAccess grants them.
 */
const READ_VERB = /:(Get|List|Describe|Search|BatchGet|View|Query|Scan|Lookup)[A-Z]/;

/** Conditions that pin a Write action to a read-only mode (key, value), lower-cased key. */
const READ_ONLY_PINS: Record<string, { key: string; value: string }> = {
  's3express:createsession': { key: 's3express:sessionmode', value: 'ReadOnly' },
};

function isWrite(index: number): boolean {
  if (isWildcardOnly(index)) return false;
  if (!hasAccess(index, 'Write') && !hasAccess(index, 'Permissions management')) return false;
  return !READ_VERB.test(catalogue().names[index]!);
}

function pinnedReadOnly(access: PrincipalAccess, index: number): boolean {
  const pin = READ_ONLY_PINS[catalogue().names[index]!.toLowerCase()];
  if (!pin) return false;
  const granting = access.allows.filter((statement) => statement.broad.has(index));
  return (
    granting.length > 0 &&
    granting.every((statement) =>
      Object.entries(statement.statement.Condition ?? {}).some(
        ([operator, keys]) =>
          /^StringEquals$/i.test(operator) &&
          Object.entries(keys).some(([key, value]) => key.toLowerCase() === pin.key && [value].flat().every((v) => v === pin.value)),
      ),
    )
  );
}

/**
 * Write or Permissions-management actions that accept a resource ARN (actions that only accept `*` are
 * left out: they cannot be scoped) and are granted on every resource.
 */
export function unscopedWrites(access: PrincipalAccess): { unconditional: ActionSet; conditional: ActionSet } {
  writeMask ??= allActions().filter(isWrite);
  return {
    unconditional: access.unconditional.intersect(writeMask),
    conditional: access.conditional.intersect(writeMask).filter((index) => !pinnedReadOnly(access, index)),
  };
}

/** Every write action of the catalogue, computed once. */
let writeMask: ActionSet | undefined;

/** Groups action names by service prefix: `{ s3: ['PutObject', …] }`, services sorted by count. */
export function byService(actions: ActionSet): Array<{ service: string; count: number; actions: string[] }> {
  const groups = new Map<string, string[]>();
  for (const name of actions.names()) {
    const [service, action] = name.split(':') as [string, string];
    const list = groups.get(service) ?? [];
    list.push(action);
    groups.set(service, list);
  }
  return [...groups.entries()]
    .map(([service, list]) => ({ service, count: list.length, actions: list }))
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service));
}

/** Which of the given actions are granted on every resource, and how. */
export function broadGrants(access: PrincipalAccess, patterns: string[]): Array<{ action: string; level: GrantLevel; statements: StatementSource[] }> {
  const wanted = expandPatterns(patterns).actions;
  const found: Array<{ action: string; level: GrantLevel; statements: StatementSource[] }> = [];
  const { names } = catalogue();
  for (const index of wanted.indexes()) {
    const level: GrantLevel | undefined = access.unconditional.has(index)
      ? 'unconditional'
      : access.conditional.has(index)
        ? 'conditional'
        : undefined;
    if (level) found.push({ action: names[index]!, level, statements: grantingStatements(access, index) });
  }
  return found;
}

/** Services whose every action an Allow statement grants (`s3:*`, `*`, or a NotAction that leaves them whole). */
export function wholeServices(statement: CompiledStatement): string[] {
  if (statement.effect !== 'Allow') return [];
  const services: string[] = [];
  for (const service of catalogue().services.keys()) {
    const actions = serviceActions(service);
    if (!actions.isEmpty() && statement.actions.containsAll(actions)) services.push(service);
  }
  return services;
}
