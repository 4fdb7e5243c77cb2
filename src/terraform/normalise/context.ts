/**
 * What every adapter shares: the plan index, the account context the plan cannot state (flags), identity
 * prediction (S3 and IAM ARNs from names; a fresh identity for anything else the plan creates), and the
 * attribute setter that turns an unknown into a `KnownAfterApply` collection error.
 */
import type { AnyResource, CollectionError } from '../../model/resource.js';
import { clip } from '../../text/inert.js';
import type { Inventory } from '../../model/inventory.js';
import type { Instance, PlanIndex, Resolution } from '../plan-index.js';
import { KnownAfterApply, PlanShapeError, Val, type PathStep } from '../values.js';

export interface PlanContext {
  index: PlanIndex;
  accountId: string;
  region: string;
  partition: string;
  /** A `collect` snapshot of the deployed account: attributes of existing resources the plan does not manage. */
  overlay?: Inventory;
  /** Predicted ARN → planned instances predicting it (computed once). */
  predictedCounts?: Map<string, number>;
}

/** A resource built from a plan: the model resource plus the Terraform address it came from. */
export type PlanResource = AnyResource & { terraformAddress: string };

/** The stable id of an instance whose ARN cannot be predicted (fingerprints, joins). */
export function pseudoArn(instance: Instance): string {
  return `terraform:${instance.address}`;
}

/** EC2 ids carry their kind as a prefix (`igw-…`), which rules read: a fresh one keeps it. */
const FRESH_ID_PREFIX: Record<string, string> = {
  aws_internet_gateway: 'igw-',
  aws_egress_only_internet_gateway: 'eigw-',
  aws_nat_gateway: 'nat-',
  aws_vpc: 'vpc-',
  aws_default_vpc: 'vpc-',
  aws_subnet: 'subnet-',
  aws_default_subnet: 'subnet-',
  aws_security_group: 'sg-',
  aws_default_security_group: 'sg-',
  aws_route_table: 'rtb-',
  aws_default_route_table: 'rtb-',
  aws_vpc_endpoint: 'vpce-',
  aws_flow_log: 'fl-',
  aws_vpn_gateway: 'vgw-',
  aws_ec2_transit_gateway: 'tgw-',
  aws_vpc_peering_connection: 'pcx-',
};

/** The id of an EC2 resource this plan creates: its kind prefix and its address (`igw-(aws_internet_gateway.gw)`). */
export function freshId(instance: Instance): string {
  return `${FRESH_ID_PREFIX[instance.type] ?? ''}(${instance.address})`;
}

/** An instance's own id: known, else fresh. */
export function ownId(context: PlanContext, instance: Instance): string {
  const id = context.index.val(instance).get('id');
  return !id.hasUnknown() && typeof id.value === 'string' && id.value ? id.value : freshId(instance);
}

export const KNOWN_AFTER_APPLY = 'KnownAfterApply';
export const OPERATION = 'terraform.plan';

export function collectionError(code: string, message: string): CollectionError {
  return { code, message, operation: OPERATION };
}

/** Whether the plan creates this instance (a replacement is a new resource too): AWS creation defaults apply. */
export function isCreated(instance: Instance): boolean {
  return instance.action === 'create' || instance.action === 'replace';
}

/** An EC2 resource's ARN (`arn:aws:ec2:region:account:vpc/vpc-…`). */
export function ec2Arn(context: PlanContext, kind: string, id: string): string {
  return `arn:${context.partition}:ec2:${context.region}:${context.accountId}:${kind}/${id}`;
}

/** An EC2 resource named by its own id (planned, or a fresh one until apply), with its tags. */
export function newEc2Resource(
  context: PlanContext,
  instance: Instance,
  type: string,
  kind: string,
): { resource: PlanResource; id: string } {
  const id = ownId(context, instance);
  const resource = newResource(
    type,
    instance,
    ec2Arn(context, kind, id),
    id,
    context.region,
    context.accountId,
  );
  setTags(resource, context.index.val(instance));
  return { resource, id };
}

export function newResource(
  type: string,
  instance: Instance,
  arn: string,
  name: string,
  region: string,
  accountId: string,
): PlanResource {
  return {
    type,
    arn,
    accountId,
    region,
    name,
    tags: {},
    data: {},
    errors: {},
    terraformAddress: instance.address,
  };
}

/**
 * Sets `data[attribute]` from `build`; an unknown read inside it (or a plan value of the wrong shape)
 * becomes the attribute's collection error instead, so the engine reports `error` for rules needing it.
 */
export function setAttribute(resource: AnyResource, attribute: string, build: () => unknown): void {
  try {
    resource.data[attribute] = build();
  } catch (error) {
    const errors = resource.errors as Record<string, CollectionError>;
    if (error instanceof KnownAfterApply) {
      errors[attribute] = collectionError(KNOWN_AFTER_APPLY, `${error.address}: ${error.path} ${error.why}`);
    } else if (error instanceof PlanShapeError) {
      errors[attribute] = collectionError('PlanValueInvalid', error.message);
    } else {
      // A plan is hostile input: a value of a shape nothing expected is unreadable there, never a crash.
      errors[attribute] = collectionError(
        'PlanValueInvalid',
        `${resource.terraformAddress ?? resource.name}: ${attribute} could not be read from the plan (${clip(String((error as Error).message), 200)})`,
      );
    }
  }
}

/** Tags: `tags_all` (provider default tags included) when known, else `tags`. */
export function setTags(resource: AnyResource, value: Val): void {
  try {
    const all = value.get('tags_all');
    const source = all.hasUnknown() || all.isNull() ? value.get('tags') : all;
    resource.tags = Object.fromEntries(source.entries().map(([key, inner]) => [key, inner.str() ?? '']));
  } catch (error) {
    if (!(error instanceof KnownAfterApply || error instanceof PlanShapeError)) throw error;
    (resource.errors as Record<string, CollectionError>).tags = collectionError(
      KNOWN_AFTER_APPLY,
      `${resource.name}: tags are known only after apply`,
    );
  }
}

/** Whether the configuration sets an argument (so a wholly unknown value is not just the provider's echo). */
export function configSets(context: PlanContext, instance: Instance, path: PathStep[]): boolean {
  if (!instance.config) return true; // no configuration in the plan: assume it may be set
  const expressions = instance.config.expressions ?? {};
  let node: unknown = expressions;
  for (const step of path) {
    if (Array.isArray(node)) node = typeof step === 'number' ? node[step] : undefined;
    else if (typeof node === 'object' && node !== null)
      node = (node as Record<string, unknown>)[String(step)];
    else return false;
  }
  void context;
  return node !== undefined;
}

/**
 * An Optional+Computed argument: a wholly unknown value the configuration does not set is the provider's
 * echo of other resources (AWS provider ≥ 4 bucket arguments): read as unset. Otherwise the value.
 */
export function optionalComputed(context: PlanContext, instance: Instance, value: Val, name: string): Val {
  const inner = value.get(name);
  if (isProviderEcho(context, instance, inner)) return new Val(value.address, null, [...value.path, name]);
  return inner;
}

/**
 * Optional+Computed arguments of the AWS provider (from its schema): left unset, they are unknown in a plan
 * because the provider reads them back from other resources, not because they are set to something
 * unknown. Only these may read as unset when unknown and unconfigured; any other unknown stays unknown.
 */
const PROVIDER_COMPUTED: Record<string, string[]> = {
  aws_s3_bucket: [
    'acl',
    'grant',
    'policy',
    'versioning',
    'logging',
    'server_side_encryption_configuration',
    'lifecycle_rule',
    'cors_rule',
    'website',
    'replication_configuration',
    'object_lock_configuration',
    'acceleration_status',
    'request_payer',
    'object_lock_enabled',
  ],
  aws_s3_bucket_acl: ['access_control_policy'],
  aws_kms_key: ['policy', 'rotation_period_in_days'],
  aws_iam_role: ['inline_policy', 'managed_policy_arns'],
  aws_route_table: ['route', 'propagating_vgws'],
  aws_default_route_table: ['route', 'propagating_vgws'],
  // A route has exactly one target: unconfigured target fields are read back (some provider versions mark
  // them Computed), never set elsewhere.
  aws_route: [
    'network_interface_id',
    'instance_id',
    'instance_owner_id',
    'origin',
    'state',
    'local_gateway_id',
    'carrier_gateway_id',
    'core_network_arn',
    'egress_only_gateway_id',
    'nat_gateway_id',
    'transit_gateway_id',
    'vpc_endpoint_id',
    'vpc_peering_connection_id',
    'gateway_id',
  ],
  aws_security_group: ['ingress', 'egress'],
  aws_default_security_group: ['ingress', 'egress'],
  aws_security_group_rule: ['source_security_group_id'],
  aws_vpc: ['ipv6_cidr_block', 'ipv6_association_id'],
  aws_vpc_endpoint: ['policy', 'private_dns_enabled', 'dns_options'],
  aws_flow_log: ['log_destination', 'log_group_name', 'log_destination_type'],
  aws_sagemaker_notebook_instance: ['security_groups'],
  aws_s3_account_public_access_block: ['account_id'],
  aws_ebs_volume: ['encrypted', 'kms_key_id', 'iops', 'throughput', 'size', 'type', 'snapshot_id'],
  aws_instance: ['associate_public_ip_address', 'metadata_options', 'subnet_id'],
  aws_iam_account_password_policy: [
    'minimum_password_length',
    'require_symbols',
    'require_numbers',
    'require_uppercase_characters',
    'require_lowercase_characters',
    'allow_users_to_change_password',
    'max_password_age',
    'password_reuse_prevention',
    'hard_expiry',
  ],
};

/** A wholly unknown Optional+Computed argument the configuration does not set: the provider's echo. */
export function isProviderEcho(context: PlanContext, instance: Instance, value: Val): boolean {
  if (!value.isUnknown() || value.path.length !== 1) return false;
  const name = String(value.path[0]);
  return (PROVIDER_COMPUTED[instance.type] ?? []).includes(name) && !configSets(context, instance, [name]);
}

const PREDICTABLE_NAME: Record<string, string> = {
  aws_s3_bucket: 'bucket',
  aws_iam_role: 'name',
  aws_iam_user: 'name',
  aws_iam_group: 'name',
  aws_iam_policy: 'name',
  aws_kms_alias: 'name',
  aws_sagemaker_model: 'name',
  aws_sagemaker_endpoint_configuration: 'name',
  aws_sagemaker_endpoint: 'name',
  aws_sagemaker_notebook_instance: 'name',
  aws_sagemaker_model_package_group: 'model_package_group_name',
};

function knownString(value: Val): string | undefined {
  if (value.hasUnknown()) return undefined;
  try {
    return value.str() ?? undefined;
  } catch {
    return undefined;
  }
}

/** The name of a planned resource when the plan knows it. */
export function plannedName(context: PlanContext, instance: Instance): string | undefined {
  const field = PREDICTABLE_NAME[instance.type];
  return field ? knownString(context.index.val(instance).get(field)) : undefined;
}

/** The ARN AWS will give the instance, when its format makes it predictable from known values. */
export function predictedArn(context: PlanContext, instance: Instance): string | undefined {
  const value = context.index.val(instance);
  const known = knownString(value.get('arn'));
  if (known) return known;
  const name = plannedName(context, instance);
  if (!name) return undefined;
  const { partition, accountId, region } = context;
  const path = knownString(value.get('path')) ?? '/';
  switch (instance.type) {
    case 'aws_s3_bucket':
      return `arn:${partition}:s3:::${name}`;
    case 'aws_iam_role':
    case 'aws_iam_user':
    case 'aws_iam_group':
    case 'aws_iam_policy': {
      const kind = instance.type.slice('aws_iam_'.length);
      return `arn:${partition}:iam::${accountId}:${kind}${path.startsWith('/') ? path : `/${path}`}${path.endsWith('/') ? '' : '/'}${name}`;
    }
    case 'aws_kms_alias':
      return `arn:${partition}:kms:${region}:${accountId}:${name}`;
    case 'aws_sagemaker_model':
      return `arn:${partition}:sagemaker:${region}:${accountId}:model/${name.toLowerCase()}`;
    case 'aws_sagemaker_endpoint_configuration':
      return `arn:${partition}:sagemaker:${region}:${accountId}:endpoint-config/${name.toLowerCase()}`;
    case 'aws_sagemaker_endpoint':
      return `arn:${partition}:sagemaker:${region}:${accountId}:endpoint/${name.toLowerCase()}`;
    case 'aws_sagemaker_notebook_instance':
      return `arn:${partition}:sagemaker:${region}:${accountId}:notebook-instance/${name.toLowerCase()}`;
    case 'aws_sagemaker_model_package_group':
      return `arn:${partition}:sagemaker:${region}:${accountId}:model-package-group/${name.toLowerCase()}`;
    default:
      return undefined;
  }
}

/**
 * The model ARN of an instance: predicted, else an address-based id. Two planned resources predicting the
 * same ARN (the same literal bucket name in two modules: apply would fail on one) keep their addresses
 * apart instead of colliding.
 */
export function resourceArn(context: PlanContext, instance: Instance): string {
  const predicted = predictedArn(context, instance);
  if (predicted === undefined) return pseudoArn(instance);
  context.predictedCounts ??= countPredicted(context);
  return (context.predictedCounts.get(predicted) ?? 0) > 1 ? pseudoArn(instance) : predicted;
}

function countPredicted(context: PlanContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const instance of context.index.instances) {
    if (
      instance.mode !== 'managed' ||
      !(instance.type in PREDICTABLE_NAME) ||
      instance.action === 'delete' ||
      instance.action === 'forget'
    )
      continue;
    const arn = predictedArn(context, instance);
    if (arn) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  }
  return counts;
}

const CREATED = new Set(['create', 'replace']);

/**
 * The value of an identity attribute (`id`, `arn`, a name) of a referenced instance: known, predicted, or —
 * for an instance this plan creates — its fresh identity (unknown, but provably no existing resource's).
 */
export function identityValue(
  context: PlanContext,
  target: Instance,
  attribute: string[],
): string | undefined {
  const field = attribute[0] ?? 'id';
  if (attribute.length > 1) return undefined;
  const value = context.index.val(target).get(field);
  const known = knownString(value);
  if (known) return known;
  const name = plannedName(context, target);
  if (field === 'arn' && predictedArn(context, target)) return resourceArn(context, target);
  if (name && (field === 'id' || field === PREDICTABLE_NAME[target.type] || field === 'name')) {
    // S3 buckets, IAM roles/users/groups, aliases and SageMaker resources are identified by their name;
    // an IAM policy's id is its ARN.
    if (target.type === 'aws_iam_policy' && field === 'id') return predictedArn(context, target);
    return name;
  }
  if (
    CREATED.has(target.action) &&
    ['id', 'arn', 'key_id', 'unique_id', 'target_key_arn', 'target_key_id'].includes(field)
  ) {
    return field === 'id' && FRESH_ID_PREFIX[target.type] ? freshId(target) : pseudoArn(target);
  }
  return undefined;
}

/**
 * Reads a string attribute that names another resource (a key id, a gateway id, a bucket): the plan's
 * value, else the identity of the one instance its expression references.
 */
export function referencedIdentity(
  context: PlanContext,
  instance: Instance,
  value: Val,
  defaultField = 'id',
): string | null {
  if (!value.hasUnknown()) return value.str();
  const resolution = resolveElement(context, instance, value);
  const identities = new Set<string>();
  for (const target of resolution.targets) {
    if ('constant' in target) {
      // A constant cannot be what made the value unknown: the expression is more than the constant.
      return value.str(); // throws: unknown
    } else {
      // Format 0.1 references name only the resource: the argument says which identity it takes.
      const identity = identityValue(
        context,
        target.instance,
        target.attribute.length > 0 ? target.attribute : [defaultField],
      );
      if (identity === undefined) return value.str();
      identities.add(identity);
    }
  }
  if (identities.size !== 1 || resolution.unresolved.length > 0) return value.str();
  return [...identities][0]!;
}

/**
 * The references behind `value`. A list literal (`subnets = [aws_subnet.a.id]`) is one expression for the
 * whole list in the plan's configuration, with no expression per element: it speaks for an unknown element
 * only when that element is the list's one unknown element (several unknown elements cannot be paired with
 * the references, so they stay unknown).
 */
function resolveElement(context: PlanContext, instance: Instance, value: Val): Resolution {
  const own = context.index.resolveAt(instance, value.path);
  const index = value.path[value.path.length - 1];
  if (own.targets.length > 0 || own.unresolved.length > 0 || typeof index !== 'number') return own;
  const listPath = value.path.slice(0, -1);
  const list = listPath.reduce((parent: Val, step) => parent.get(step), context.index.val(instance));
  const unknownElements = list.list().filter((element) => element.hasUnknown());
  return unknownElements.length === 1 ? context.index.resolveAt(instance, listPath) : own;
}

/**
 * An optional argument naming another resource: unset → null; wholly unknown while the configuration does
 * not set it → null (an Optional+Computed echo); else its identity (`defaultField` when a format-0.1
 * reference does not say which attribute it reads: `arn` for ARN arguments).
 */
export function optionalIdentity(
  context: PlanContext,
  instance: Instance,
  value: Val,
  defaultField = 'id',
): string | null {
  if (isProviderEcho(context, instance, value)) return null;
  if (value.value === null || value.value === undefined) return null;
  return referencedIdentity(context, instance, value, defaultField) || null;
}

/** A string field in a nested block (`x[0].y`), for messages. */
export function describe(instance: Instance, path: string): string {
  return `${instance.address}.${path}`;
}

export { KnownAfterApply, PlanShapeError };
