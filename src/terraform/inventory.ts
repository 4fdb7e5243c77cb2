/**
 * A Terraform plan as a squadguard inventory: the planned resources normalised into the model, the
 * attributes each type carries (`collected`), the plan-level gaps as scan errors (an incomplete plan, a
 * planned Terraform type squadguard cannot read yet), and the account context from flags.
 */
import { INVENTORY_SCHEMA_VERSION, type Inventory, type ScanError, type Target } from '../model/inventory.js';
import type { AnyResource } from '../model/resource.js';
import { UsageError } from '../pipeline/errors.js';
import { clip } from '../text/inert.js';
import { parseReference } from './address.js';
import { PlanIndex } from './plan-index.js';
import type { PlanJson } from './plan-json.js';
import type { PlanContext, PlanResource } from './normalise/context.js';
import { adapters, UNSUPPORTED_TYPES } from './normalise/index.js';
import { resourceTypes } from '../scanners/resource-types.js';

export interface PlanInventoryOptions {
  accountId?: string;
  accountType?: string;
  squad?: string;
  region?: string;
  /** A `collect` snapshot of the deployed account (overlay). */
  overlay?: Inventory;
  /** Why the plan is incomplete (from the reader). */
  incomplete?: string[];
  source?: string;
  now?: Date;
}

export interface PlanInventory {
  inventory: Inventory;
  resources: PlanResource[];
}

const ACCOUNT_ID = /^\d{12}$/;

/** The account the plan deploys to: `--account-id`, else what the plan states (caller identity, provider). */
export function planAccountId(plan: PlanJson, flag: string | undefined): string {
  if (flag !== undefined) {
    if (!ACCOUNT_ID.test(flag))
      throw new UsageError(`--account-id ${JSON.stringify(flag)} is not a 12-digit AWS account id`);
    return flag;
  }
  const found = new Set<string>();
  const visit = (
    module:
      | {
          resources?: Array<{ type: string; mode?: string; values?: Record<string, unknown> }>;
          child_modules?: unknown[];
        }
      | undefined,
    depth: number,
  ): void => {
    if (!module || depth > 32) return;
    for (const resource of module.resources ?? []) {
      const id = resource.values?.account_id;
      if (
        resource.mode === 'data' &&
        resource.type === 'aws_caller_identity' &&
        typeof id === 'string' &&
        ACCOUNT_ID.test(id)
      )
        found.add(id);
    }
    for (const child of (module.child_modules ?? []) as Array<typeof module>) visit(child, depth + 1);
  };
  visit(plan.prior_state?.values?.root_module, 0);
  for (const provider of Object.values(plan.configuration?.provider_config ?? {})) {
    if (provider.name !== 'aws' && !provider.name?.endsWith('/aws')) continue;
    const allowed = provider.expressions?.allowed_account_ids;
    const value = allowed && !Array.isArray(allowed) ? allowed.constant_value : undefined;
    if (
      Array.isArray(value) &&
      value.length === 1 &&
      typeof value[0] === 'string' &&
      ACCOUNT_ID.test(value[0])
    )
      found.add(value[0]);
  }
  if (found.size === 1) return [...found][0]!;
  if (found.size > 1)
    throw new UsageError(
      `the plan deploys to several accounts (${[...found].join(', ')}): pass --account-id`,
    );
  throw new UsageError('the plan does not say which account it deploys to: pass --account-id');
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The region: `--region`, else the default aws provider's constant (or root-variable) region. */
export function planRegion(plan: PlanJson, flag: string | undefined): string {
  if (flag !== undefined) {
    if (!REGION.test(flag))
      throw new UsageError(`--region ${JSON.stringify(flag)} is not an AWS region name`);
    return flag;
  }
  const provider = plan.configuration?.provider_config?.aws;
  const expression = provider?.expressions?.region;
  if (expression && !Array.isArray(expression)) {
    if (typeof expression.constant_value === 'string' && REGION.test(expression.constant_value))
      return expression.constant_value;
    const variables = (expression.references ?? [])
      .map(parseReference)
      .filter((reference) => reference.kind === 'var');
    const [variable] = variables;
    if (variables.length === 1 && variable?.kind === 'var') {
      const value = plan.variables?.[variable.name]?.value;
      if (typeof value === 'string' && REGION.test(value)) return value;
    }
  }
  throw new UsageError(
    'the plan does not say which region it deploys to (no constant aws provider region): pass --region',
  );
}

export function planToInventory(plan: PlanJson, options: PlanInventoryOptions = {}): PlanInventory {
  const accountId = planAccountId(plan, options.accountId);
  const region = planRegion(plan, options.region);
  const index = new PlanIndex(plan);
  const context: PlanContext = { index, accountId, region, partition: partitionOf(region) };
  if (options.overlay) context.overlay = options.overlay;
  const resources: PlanResource[] = [];
  const collected: Record<string, string[]> = {};
  const errors: ScanError[] = [];
  for (const adapter of adapters) {
    collected[adapter.type] = [...adapter.attributes, 'tags'];
    try {
      resources.push(...adapter.build(context));
    } catch (error) {
      // Hostile or unforeseen plan shapes: the type's rules report `error`, never a silent pass or a crash.
      errors.push({
        accountId,
        region,
        service: adapter.type,
        operation: 'terraform.plan',
        code: 'PlanUnreadable',
        message: `the plan's ${adapter.type} resources could not be read: ${clip(String((error as Error).message), 200)}`,
        resourceTypes: [adapter.type],
      });
    }
  }
  for (const type of resourceTypes) collected[type] ??= [];
  const target: Target = { accountId, regions: [region] };
  if (options.accountType) target.accountType = options.accountType;
  if (options.squad) target.squad = options.squad;
  for (const reason of options.incomplete ?? []) {
    errors.push({
      accountId,
      region: '*',
      service: 'terraform',
      operation: 'terraform.plan',
      code: 'PlanIncomplete',
      message: reason,
      resourceTypes: ['*'],
    });
  }
  for (const [terraformType, modelType] of Object.entries(UNSUPPORTED_TYPES)) {
    const planned = index.planned(terraformType);
    if (planned.length === 0) continue;
    errors.push({
      accountId,
      region,
      service: modelType,
      operation: 'terraform.plan',
      code: 'PlanTypeNotSupported',
      message: `${planned.length} ${terraformType} resource(s) (${planned[0]!.address}${planned.length > 1 ? ', …' : ''}) are not read from plans yet`,
      resourceTypes: [modelType],
    });
  }
  const notes = [
    `judged from the Terraform plan ${options.source ?? ''} (format ${plan.format_version}${plan.terraform_version ? `, Terraform ${plan.terraform_version}` : ''}): resources the plan creates, updates or keeps; deleted resources are not judged`.replace(
      '  ',
      ' ',
    ),
  ];
  const inventory: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    collectedAt: (options.now ?? new Date()).toISOString(),
    targets: [target],
    resources: [...resources, ...overlayContext(options.overlay, resources, accountId)],
    errors,
    apiCalls: {},
    collected,
    notes,
  };
  return { inventory, resources };
}

/** AWS-managed policies the planned principals attach: their documents come from the snapshot. */
function overlayContext(
  overlay: Inventory | undefined,
  planned: AnyResource[],
  accountId: string,
): AnyResource[] {
  if (!overlay) return [];
  const referenced = new Set<string>();
  for (const resource of planned) {
    for (const ref of (resource.data.attachedPolicies as Array<{ arn: string }> | undefined) ?? [])
      referenced.add(ref.arn);
    const boundary = resource.data.permissionsBoundary;
    if (typeof boundary === 'string') referenced.add(boundary);
  }
  const plannedArns = new Set(planned.map((resource) => resource.arn));
  // Model packages (registry versions are not Terraform resources) give the approved-model chain of
  // planned endpoints its approval status.
  const isContext = (resource: AnyResource): boolean =>
    (resource.type === 'aws.iam.policy' && referenced.has(resource.arn)) ||
    (resource.type === 'aws.sagemaker.model-package' && resource.accountId === accountId);
  return overlay.resources
    .filter((resource) => isContext(resource) && !plannedArns.has(resource.arn))
    .map((resource) => ({ ...resource, accountId }));
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
