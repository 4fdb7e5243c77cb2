/**
 * The plan adapters: one per squadguard resource type, each declaring the attributes it produces (the
 * inventory's `collected`), and the Terraform types squadguard does not read from plans yet (a plan that
 * holds them is judged incomplete for their rules, never silently green).
 */
import { S3_BUCKET_ATTRIBUTES, s3Buckets } from './s3.js';
import { kmsKeys } from './kms.js';
import { iamGroups, iamPolicies, iamRoles, iamUsers } from './iam.js';
import { newResource, setAttribute, type PlanContext, type PlanResource } from './context.js';
import { KnownAfterApply } from '../values.js';

export interface Adapter {
  type: string;
  attributes: readonly string[];
  build(context: PlanContext): PlanResource[];
}

function s3Account(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_s3_account_public_access_block').map((instance) => {
    const value = context.index.val(instance);
    const arn = `arn:${context.partition}:s3::${context.accountId}:account`;
    const resource = newResource('aws.s3.account', instance, arn, `S3 settings of ${context.accountId}`, 'global', context.accountId);
    setAttribute(resource, 'publicAccessBlock', () => {
      const account = value.get('account_id');
      if (!account.hasUnknown() && account.str() && account.str() !== context.accountId) {
        throw new KnownAfterApply(instance.address, 'account_id', `names account ${account.str()}, not ${context.accountId}`);
      }
      return {
        BlockPublicAcls: value.get('block_public_acls').bool() ?? false,
        IgnorePublicAcls: value.get('ignore_public_acls').bool() ?? false,
        BlockPublicPolicy: value.get('block_public_policy').bool() ?? false,
        RestrictPublicBuckets: value.get('restrict_public_buckets').bool() ?? false,
      };
    });
    return resource;
  });
}

export const adapters: Adapter[] = [
  { type: 'aws.s3.bucket', attributes: S3_BUCKET_ATTRIBUTES, build: s3Buckets },
  { type: 'aws.s3.account', attributes: ['publicAccessBlock'], build: s3Account },
  {
    type: 'aws.kms.key',
    attributes: ['keyId', 'keyState', 'keySpec', 'keyUsage', 'origin', 'keyManager', 'multiRegion', 'description', 'creationDate', 'deletionDate', 'rotation', 'policy', 'aliases'],
    build: kmsKeys,
  },
  { type: 'aws.iam.policy', attributes: ['policyId', 'path', 'awsManaged', 'defaultVersionId', 'document'], build: iamPolicies },
  {
    type: 'aws.iam.group',
    attributes: ['path', 'groupId', 'createDate', 'inlinePolicies', 'attachedPolicies'],
    build: (context) => iamGroups(context).resources,
  },
  {
    type: 'aws.iam.role',
    attributes: ['path', 'roleId', 'createDate', 'trustPolicy', 'inlinePolicies', 'attachedPolicies', 'permissionsBoundary'],
    build: iamRoles,
  },
  {
    type: 'aws.iam.user',
    attributes: ['path', 'userId', 'createDate', 'inlinePolicies', 'attachedPolicies', 'permissionsBoundary', 'groups'],
    build: (context) => iamUsers(context, iamGroups(context).memberships),
  },
];

/** Terraform resource types that map to a squadguard type this version does not read from plans. */
export const UNSUPPORTED_TYPES: Record<string, string> = {
  aws_vpc: 'aws.ec2.vpc',
  aws_default_vpc: 'aws.ec2.vpc',
  aws_subnet: 'aws.ec2.subnet',
  aws_default_subnet: 'aws.ec2.subnet',
  aws_security_group: 'aws.ec2.security-group',
  aws_default_security_group: 'aws.ec2.security-group',
  aws_ebs_volume: 'aws.ec2.volume',
  aws_instance: 'aws.ec2.instance',
  aws_ebs_encryption_by_default: 'aws.ec2.region-settings',
  aws_ebs_default_kms_key: 'aws.ec2.region-settings',
  aws_iam_account_password_policy: 'aws.iam.account',
  aws_sagemaker_notebook_instance: 'aws.sagemaker.notebook-instance',
  aws_sagemaker_domain: 'aws.sagemaker.domain',
  aws_sagemaker_model: 'aws.sagemaker.model',
  aws_sagemaker_endpoint: 'aws.sagemaker.endpoint',
  aws_sagemaker_endpoint_configuration: 'aws.sagemaker.endpoint-config',
  aws_sagemaker_model_package_group: 'aws.sagemaker.model-package-group',
};
