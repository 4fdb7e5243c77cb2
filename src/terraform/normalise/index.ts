/**
 * The plan adapters: one per squadguard resource type, each declaring the attributes it produces (the
 * inventory's `collected`), and the Terraform types squadguard does not read from plans yet (a plan that
 * holds them is judged incomplete for their rules, never silently green).
 */
import { S3_BUCKET_ATTRIBUTES, s3Buckets } from './s3.js';
import { kmsKeys } from './kms.js';
import { iamGroups, iamPolicies, iamRoles, iamUsers } from './iam.js';
import { regionSettings, securityGroups, subnets, vpcs } from './ec2.js';
import { instances, passwordPolicies, volumes } from './compute.js';
import { domains, endpointConfigs, endpoints, modelPackageGroups, models, notebooks } from './sagemaker.js';
import { newResource, setAttribute, type PlanContext, type PlanResource } from './context.js';
import { KnownAfterApply } from '../values.js';
import { KMS_KEY_METADATA } from '../../model/kms.js';

export interface Adapter {
  type: string;
  attributes: readonly string[];
  build(context: PlanContext): PlanResource[];
}

function s3Account(context: PlanContext): PlanResource[] {
  return context.index.planned('aws_s3_account_public_access_block').map((instance) => {
    const value = context.index.val(instance);
    const arn = `arn:${context.partition}:s3::${context.accountId}:account`;
    const resource = newResource(
      'aws.s3.account',
      instance,
      arn,
      `S3 settings of ${context.accountId}`,
      'global',
      context.accountId,
    );
    setAttribute(resource, 'publicAccessBlock', () => {
      const account = value.get('account_id');
      if (!account.hasUnknown() && account.str() && account.str() !== context.accountId) {
        throw new KnownAfterApply(
          instance.address,
          'account_id',
          `names account ${account.str()}, not ${context.accountId}`,
        );
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
    attributes: [...KMS_KEY_METADATA, 'rotation', 'policy', 'aliases'],
    build: kmsKeys,
  },
  {
    type: 'aws.iam.policy',
    attributes: ['policyId', 'path', 'awsManaged', 'defaultVersionId', 'document'],
    build: iamPolicies,
  },
  {
    type: 'aws.iam.group',
    attributes: ['path', 'groupId', 'createDate', 'inlinePolicies', 'attachedPolicies'],
    build: (context) => iamGroups(context).resources,
  },
  {
    type: 'aws.iam.role',
    attributes: [
      'path',
      'roleId',
      'createDate',
      'trustPolicy',
      'inlinePolicies',
      'attachedPolicies',
      'permissionsBoundary',
    ],
    build: iamRoles,
  },
  {
    type: 'aws.iam.user',
    attributes: [
      'path',
      'userId',
      'createDate',
      'inlinePolicies',
      'attachedPolicies',
      'permissionsBoundary',
      'groups',
      'credentials',
    ],
    build: (context) => iamUsers(context, iamGroups(context).memberships),
  },
  {
    type: 'aws.ec2.vpc',
    attributes: [
      'vpcId',
      'cidrBlock',
      'ipv6CidrBlocks',
      'isDefault',
      'state',
      'internetGateways',
      'egressOnlyInternetGateways',
      'routeTables',
      'flowLogs',
      'endpoints',
    ],
    build: vpcs,
  },
  {
    type: 'aws.ec2.subnet',
    attributes: [
      'subnetId',
      'vpcId',
      'cidrBlock',
      'availabilityZone',
      'mapPublicIpOnLaunch',
      'assignIpv6AddressOnCreation',
      'defaultForAz',
    ],
    build: subnets,
  },
  {
    type: 'aws.ec2.security-group',
    attributes: ['groupId', 'groupName', 'vpcId', 'description', 'isDefault', 'ingress', 'egress'],
    build: securityGroups,
  },
  {
    type: 'aws.ec2.region-settings',
    attributes: ['ebsEncryptionByDefault', 'ebsDefaultKmsKeyId'],
    build: regionSettings,
  },
  {
    type: 'aws.sagemaker.notebook-instance',
    attributes: [
      'status',
      'instanceType',
      'creationTime',
      'directInternetAccess',
      'subnetId',
      'securityGroups',
      'rootAccess',
      'kmsKeyId',
      'roleArn',
    ],
    build: notebooks,
  },
  {
    type: 'aws.sagemaker.domain',
    attributes: ['domainId', 'status', 'appNetworkAccessType', 'vpcId', 'subnetIds', 'kmsKeyId', 'authMode'],
    build: domains,
  },
  {
    type: 'aws.sagemaker.model',
    attributes: [
      'creationTime',
      'containers',
      'enableNetworkIsolation',
      'vpcConfig',
      'executionRoleArn',
      'sharedPackages',
    ],
    build: models,
  },
  {
    type: 'aws.sagemaker.endpoint-config',
    attributes: ['creationTime', 'productionVariants', 'kmsKeyId', 'dataCapture'],
    build: endpointConfigs,
  },
  {
    type: 'aws.sagemaker.endpoint',
    attributes: ['status', 'creationTime', 'endpointConfigName'],
    build: endpoints,
  },
  {
    type: 'aws.sagemaker.model-package-group',
    attributes: ['creationTime', 'status', 'policy'],
    build: modelPackageGroups,
  },
  {
    type: 'aws.ec2.volume',
    attributes: [
      'volumeId',
      'encrypted',
      'kmsKeyId',
      'state',
      'sizeGiB',
      'volumeType',
      'availabilityZone',
      'snapshotId',
      'attachments',
    ],
    build: volumes,
  },
  {
    type: 'aws.ec2.instance',
    attributes: [
      'instanceId',
      'state',
      'instanceType',
      'imageId',
      'subnetId',
      'publicIpAddress',
      'metadataOptions',
    ],
    build: instances,
  },
  { type: 'aws.iam.account', attributes: ['passwordPolicy'], build: passwordPolicies },
];

/**
 * Terraform resource types that map to a squadguard type this version does not read from plans (a plan
 * holding one gets an error for that type's rules). Every mapped type is read today.
 */
export const UNSUPPORTED_TYPES: Record<string, string> = {};
