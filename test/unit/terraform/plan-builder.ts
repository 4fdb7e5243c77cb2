/**
 * Hand-written minimal plans, encoded the way Terraform's jsonplan encodes them: unknown values absent from
 * `after` (or `null` in lists) and `true` in `after_unknown`; configuration expressions with `references`
 * (every traversal step, as format ≥ 0.2 lists them) or `constant_value`, placed in the module tree of
 * each address.
 */
import { formatModule, parseAddress } from '../../../src/terraform/address.js';
import type { ConfigModuleJson } from '../../../src/terraform/plan-json.js';
import type { PlanJson } from '../../../src/terraform/plan-json.js';
import type { LoadedRuleSet } from '../../../src/pipeline/policies.js';
import { loadRuleSet } from '../../../src/pipeline/policies.js';
import { judgePlan } from '../../../src/terraform/judge-plan.js';
import { judge } from '../../../src/pipeline/judge.js';
import type { Report } from '../../../src/model/report.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { withDirectoryFile } from '../../../src/pipeline/directory.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

/** Marks a value unknown in `change()`: absent from `after`, `true` in `after_unknown`. */
export const U = Symbol('unknown');

/** A reference expression: `ref('aws_s3_bucket.b.id')` → all traversal steps, like Terraform lists them. */
export function ref(...targets: string[]): { references: string[] } {
  const references: string[] = [];
  for (const target of targets) {
    const parts = target.split('.');
    const shortest = parts[0] === 'data' ? 3 : 2;
    for (let i = parts.length; i >= Math.min(shortest, parts.length); i--)
      references.push(parts.slice(0, i).join('.'));
  }
  return { references: [...new Set(references)] };
}

export interface ChangeSpec {
  address: string;
  actions?: string[];
  /** Values; `U` marks an unknown leaf. */
  after?: Record<string, unknown> | null;
  before?: Record<string, unknown> | null;
  /** Configuration expressions of the resource (attribute → expression; nested blocks as arrays). */
  expressions?: Record<string, unknown>;
  mode?: 'managed' | 'data';
  actionReason?: string;
}

function split(value: unknown): { after: unknown; unknown: unknown } {
  if (value === U) return { after: undefined, unknown: true };
  if (Array.isArray(value)) {
    const parts = value.map(split);
    const anyUnknown = parts.some((part) => part.unknown !== false);
    return {
      after: parts.map((part) => (part.after === undefined ? null : part.after)),
      unknown: anyUnknown ? parts.map((part) => part.unknown) : false,
    };
  }
  if (typeof value === 'object' && value !== null) {
    const after: Record<string, unknown> = {};
    const unknown: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const part = split(inner);
      if (part.after !== undefined) after[key] = part.after;
      if (part.unknown !== false) unknown[key] = part.unknown;
    }
    return { after, unknown: Object.keys(unknown).length > 0 ? unknown : false };
  }
  return { after: value, unknown: false };
}

/** Builds a plan (format 1.2) from change specs, with an aws provider in `REGION`. */
export function planOf(changes: ChangeSpec[], extra: Partial<PlanJson> = {}): PlanJson {
  const root: Record<string, unknown> = { resources: [] };
  const moduleAt = (steps: string[]): Record<string, unknown> => {
    let node = root;
    for (const name of steps) {
      const calls = ((node.module_calls as Record<string, Record<string, unknown>> | undefined) ??=
        {}) as Record<string, Record<string, unknown>>;
      const call = (calls[name] ??= { source: `./${name}`, module: { resources: [] } });
      node = call.module as Record<string, unknown>;
    }
    return node;
  };
  const resourceChanges = changes.map((change) => {
    const parsed = parseAddress(change.address);
    if (!parsed) throw new Error(`bad address ${change.address}`);
    const mode = change.mode ?? parsed.mode;
    const actions = change.actions ?? (mode === 'data' ? ['read'] : ['create']);
    const { after, unknown } =
      change.after === null || change.after === undefined
        ? { after: null, unknown: {} }
        : split(change.after);
    const module = moduleAt(parsed.module.map((step) => step.name));
    const local = `${mode === 'data' ? 'data.' : ''}${parsed.type}.${parsed.name}`;
    const resources = module.resources as Array<Record<string, unknown>>;
    if (!resources.some((resource) => resource.address === local)) {
      resources.push({
        address: local,
        mode,
        type: parsed.type,
        name: parsed.name,
        provider_config_key: 'aws',
        expressions: change.expressions ?? {},
      });
    }
    const entry: Record<string, unknown> = {
      address: change.address,
      mode,
      type: parsed.type,
      name: parsed.name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions,
        before: change.before ?? null,
        after: actions.includes('delete') && !actions.includes('create') ? null : after,
        after_unknown: unknown === false ? {} : unknown,
      },
    };
    if (parsed.key !== undefined) entry.index = parsed.key;
    if (parsed.module.length > 0) entry.module_address = formatModule(parsed.module);
    if (change.actionReason) entry.action_reason = change.actionReason;
    return entry;
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: resourceChanges as unknown as PlanJson['resource_changes'],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: REGION } } } },
      root_module: root as ConfigModuleJson,
    },
    complete: true,
    errored: false,
    ...extra,
  } as PlanJson;
}

let cached: LoadedRuleSet | undefined;

export async function baselineRules(): Promise<LoadedRuleSet> {
  cached ??= await loadRuleSet([]);
  return cached;
}

/** Judges a plan under the platform baseline (account type modeling). */
export async function judgePlanJson(
  plan: PlanJson,
  options: { accountType?: string; overlay?: Inventory; organization?: boolean; directory?: string } = {},
): Promise<Report> {
  const ruleSet = await baselineRules();
  const judged = judgePlan({
    plan: { plan, incomplete: [] },
    ruleSet,
    accountId: ACCOUNT,
    region: REGION,
    accountType: options.accountType ?? 'modeling',
    ...(options.overlay ? { overlay: options.overlay } : {}),
    now: new Date('2026-11-30T00:00:00Z'),
  });
  if (options.organization) judged.inventory.directoryComplete = true;
  // `--directory FILE`, as the plan command applies it.
  const inventory = options.directory
    ? withDirectoryFile(judged.inventory, options.directory)
    : judged.inventory;
  return judge({
    ruleSet: judged.ruleSet,
    inventory,
    now: new Date('2026-11-30T00:00:00Z'),
  });
}

/** The statuses of one rule's findings on one Terraform address (sorted). */
export function statuses(report: Report, ruleId: string, address: string): string[] {
  return report.findings
    .filter((finding: Finding) => finding.ruleId === ruleId && finding.resource.terraformAddress === address)
    .map((finding) => finding.status)
    .sort();
}
