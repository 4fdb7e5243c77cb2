/**
 * SageMaker from a plan: notebook instances, domains, models, endpoint configurations, endpoints and model
 * package groups (with `aws_sagemaker_model_package_group_policy` joined by group name). Names are the
 * join keys SageMaker itself uses (endpoint → config → model), so the chain is followed by name. Package
 * approval status is not Terraform's: it comes from `--inventory` or stays unknown.
 */
import type { ModelContainer, SharedPackageStatus } from '../../model/sagemaker.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply, PlanShapeError, type Val } from '../values.js';
import {
  isCreated,
  collectionError,
  KNOWN_AFTER_APPLY,
  isProviderEcho,
  newResource,
  ownId,
  plannedName,
  optionalIdentity,
  referencedIdentity,
  resourceArn,
  setAttribute,
  setTags,
  type PlanContext,
  type PlanResource,
} from './context.js';
import { policyAt } from './policy.js';
import { joinAll, liveSub } from './subresources.js';

function base(
  context: PlanContext,
  instance: Instance,
  type: string,
): { resource: PlanResource; value: Val } {
  const value = context.index.val(instance);
  const name = plannedName(context, instance) ?? instance.address;
  const resource = newResource(
    type,
    instance,
    resourceArn(context, instance),
    name,
    context.region,
    context.accountId,
  );
  setTags(resource, value);
  setAttribute(resource, 'creationTime', () => null);
  return { resource, value };
}

function optionalId(
  context: PlanContext,
  instance: Instance,
  value: Val,
  defaultField = 'id',
): string | null {
  return optionalIdentity(context, instance, value, defaultField);
}

function ids(context: PlanContext, instance: Instance, value: Val): string[] {
  return value
    .list()
    .map((item) => referencedIdentity(context, instance, item) ?? '')
    .filter(Boolean);
}

function enabledFlag(value: Val, fallback: 'Enabled' | 'Disabled', field: string): 'Enabled' | 'Disabled' {
  const flag = value.str() ?? fallback;
  if (flag !== 'Enabled' && flag !== 'Disabled')
    throw new PlanShapeError(`${value.address}: ${field} is ${flag}`);
  return flag;
}

export function notebooks(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_sagemaker_notebook_instance').map((notebook) => {
    const { resource, value } = base(context, notebook, 'aws.sagemaker.notebook-instance');
    setAttribute(resource, 'status', () => 'InService');
    setAttribute(resource, 'instanceType', () => value.get('instance_type').str());
    setAttribute(resource, 'directInternetAccess', () =>
      enabledFlag(value.get('direct_internet_access'), 'Enabled', 'direct_internet_access'),
    );
    setAttribute(resource, 'rootAccess', () =>
      enabledFlag(value.get('root_access'), 'Enabled', 'root_access'),
    );
    setAttribute(resource, 'subnetId', () => optionalId(context, notebook, value.get('subnet_id')));
    setAttribute(resource, 'securityGroups', () =>
      isProviderEcho(context, notebook, value.get('security_groups'))
        ? []
        : ids(context, notebook, value.get('security_groups')),
    );
    setAttribute(resource, 'kmsKeyId', () => optionalId(context, notebook, value.get('kms_key_id')));
    setAttribute(resource, 'roleArn', () => optionalId(context, notebook, value.get('role_arn'), 'arn'));
    return resource;
  });
}

export function domains(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_sagemaker_domain').map((domain) => {
    const { resource, value } = base(context, domain, 'aws.sagemaker.domain');
    const name = value.get('domain_name');
    if (!name.hasUnknown() && name.str()) resource.name = name.str()!;
    setAttribute(resource, 'domainId', () => ownId(context, domain));
    setAttribute(resource, 'status', () => 'InService');
    setAttribute(resource, 'appNetworkAccessType', () => {
      const type = value.get('app_network_access_type').str() ?? 'PublicInternetOnly';
      if (type !== 'PublicInternetOnly' && type !== 'VpcOnly')
        throw new PlanShapeError(`${domain.address}: app_network_access_type is ${type}`);
      return type;
    });
    setAttribute(resource, 'vpcId', () => optionalId(context, domain, value.get('vpc_id')));
    setAttribute(resource, 'subnetIds', () => ids(context, domain, value.get('subnet_ids')));
    setAttribute(resource, 'kmsKeyId', () => optionalId(context, domain, value.get('kms_key_id')));
    setAttribute(resource, 'authMode', () => value.get('auth_mode').str());
    return resource;
  });
}

function container(context: PlanContext, model: Instance, block: Val): ModelContainer {
  return {
    image: optionalId(context, model, block.get('image')),
    modelPackageName: optionalId(context, model, block.get('model_package_name')),
    modelDataUrl: block.get('model_data_url').isNull() ? null : block.get('model_data_url').str(),
  };
}

export function models(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_sagemaker_model').map((model) => {
    const { resource, value } = base(context, model, 'aws.sagemaker.model');
    setAttribute(resource, 'containers', () => [
      ...value
        .get('primary_container')
        .list()
        .map((block) => container(context, model, block)),
      ...value
        .get('container')
        .list()
        .map((block) => container(context, model, block)),
    ]);
    setAttribute(
      resource,
      'enableNetworkIsolation',
      () => value.get('enable_network_isolation').bool() ?? false,
    );
    setAttribute(resource, 'vpcConfig', () => {
      const config = value.get('vpc_config').list()[0];
      if (!config) return null;
      return {
        subnets: ids(context, model, config.get('subnets')),
        securityGroupIds: ids(context, model, config.get('security_group_ids')),
      };
    });
    setAttribute(resource, 'executionRoleArn', () =>
      optionalId(context, model, value.get('execution_role_arn'), 'arn'),
    );
    setAttribute(resource, 'sharedPackages', () => {
      const shared: Record<string, SharedPackageStatus> = {};
      for (const item of (resource.data.containers as ModelContainer[] | undefined) ?? []) {
        const name = item.modelPackageName;
        if (!name?.startsWith('arn:') || name.split(':')[4] === context.accountId) continue;
        const deployed = context.overlay?.resources.find(
          (candidate) =>
            candidate.type === 'aws.sagemaker.model' &&
            (candidate.data.sharedPackages as Record<string, SharedPackageStatus> | undefined)?.[name],
        );
        shared[name] = (deployed?.data.sharedPackages as Record<string, SharedPackageStatus> | undefined)?.[
          name
        ] ?? {
          error: collectionError(
            KNOWN_AFTER_APPLY,
            `the approval status of ${name} is not in the plan: pass --inventory with a collect snapshot`,
          ),
        };
      }
      return shared;
    });
    return resource;
  });
}

export function endpointConfigs(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_sagemaker_endpoint_configuration').map((config) => {
    const { resource, value } = base(context, config, 'aws.sagemaker.endpoint-config');
    setAttribute(resource, 'productionVariants', () =>
      value
        .get('production_variants')
        .list()
        .map((variant) => ({
          variantName: variant.get('variant_name').str() ?? '',
          modelName: optionalId(context, config, variant.get('model_name')),
          instanceType: variant.get('instance_type').str(),
          initialInstanceCount: variant.get('initial_instance_count').num(),
          serverless: variant.get('serverless_config').list().length > 0,
        })),
    );
    setAttribute(resource, 'kmsKeyId', () => optionalId(context, config, value.get('kms_key_arn'), 'arn'));
    setAttribute(resource, 'dataCapture', () => {
      const capture = value.get('data_capture_config').list()[0];
      if (!capture) return null;
      return {
        enabled: capture.get('enable_capture').bool() ?? false,
        kmsKeyId: optionalId(context, config, capture.get('kms_key_id')),
      };
    });
    return resource;
  });
}

export function endpoints(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_sagemaker_endpoint').map((endpoint) => {
    const { resource, value } = base(context, endpoint, 'aws.sagemaker.endpoint');
    setAttribute(resource, 'status', () => 'InService');
    setAttribute(resource, 'endpointConfigName', () =>
      optionalId(context, endpoint, value.get('endpoint_config_name')),
    );
    return resource;
  });
}

export function modelPackageGroups(context: PlanContext): PlanResource[] {
  const groups = context.index.planned('aws_sagemaker_model_package_group');
  const policies = joinAll(
    context,
    ['aws_sagemaker_model_package_group_policy'],
    { parentTypes: ['aws_sagemaker_model_package_group'], path: ['model_package_group_name'] },
    groups,
  );
  return groups.map((group) => {
    const { resource } = base(context, group, 'aws.sagemaker.model-package-group');
    setAttribute(resource, 'status', () => 'Completed');
    setAttribute(resource, 'policy', () => {
      const sub = liveSub(policies, group, 'aws_sagemaker_model_package_group_policy', 'policy');
      if (sub && sub !== 'deleted')
        return policyAt(context, sub, context.index.val(sub).get('resource_policy'));
      if (isCreated(group) || sub === 'deleted') return null;
      throw new KnownAfterApply(
        group.address,
        'policy',
        'is not managed by this plan (the group exists already): pass --inventory with a collect snapshot',
      );
    });
    return resource;
  });
}
