import type { AnyResource } from '../../../src/model/resource.js';
import type {
  DomainData,
  EndpointConfigData,
  EndpointData,
  JobData,
  ModelData,
  ModelPackageData,
  ModelPackageGroupData,
  NotebookInstanceData,
} from '../../../src/model/sagemaker.js';
import { ACCOUNT, resource } from '../../support/fixtures.js';

export const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-0000-0000-0000-000000000000`;
export const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/9999ffff-0000-0000-0000-000000000000`;
const VPC = { subnets: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] };

const arn = (kind: string, name: string): string => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${kind}/${name}`;

function make<D>(type: string, kind: string, name: string, data: D, overrides: Partial<AnyResource>): AnyResource {
  return resource(type, data as unknown as Record<string, unknown>, { name, arn: arn(kind, name), ...overrides });
}

/** Compliant resources; override any attribute. */
export function notebook(data: Partial<NotebookInstanceData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: NotebookInstanceData = {
    status: 'InService',
    instanceType: 'ml.t3.medium',
    creationTime: '2026-11-01T00:00:00.000Z',
    directInternetAccess: 'Disabled',
    subnetId: 'subnet-a',
    securityGroups: ['sg-1'],
    rootAccess: 'Disabled',
    kmsKeyId: KEY,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/notebook`,
    ...data,
  };
  return make('aws.sagemaker.notebook-instance', 'notebook-instance', overrides.name ?? 'research', complete, overrides);
}

export function domain(data: Partial<DomainData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: DomainData = {
    domainId: 'd-abc123',
    status: 'InService',
    appNetworkAccessType: 'VpcOnly',
    vpcId: 'vpc-1',
    subnetIds: ['subnet-a'],
    kmsKeyId: KEY,
    authMode: 'IAM',
    ...data,
  };
  return make('aws.sagemaker.domain', 'domain', overrides.name ?? 'd-abc123', complete, overrides);
}

export function job(data: Partial<JobData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: JobData = {
    kind: 'training',
    status: 'Completed',
    creationTime: '2026-11-20T00:00:00.000Z',
    instanceCount: 2,
    vpcConfig: VPC,
    enableNetworkIsolation: true,
    enableInterContainerTrafficEncryption: true,
    volumeKmsKeyId: KEY,
    outputKmsKeyId: KEY,
    ...data,
  };
  return make('aws.sagemaker.job', `${complete.kind}-job`, overrides.name ?? 'train-1', complete, overrides);
}

export function model(data: Partial<ModelData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: ModelData = {
    creationTime: '2026-11-20T00:00:00.000Z',
    containers: [{ image: null, modelPackageName: arn('model-package', 'churn/3'), modelDataUrl: null }],
    enableNetworkIsolation: true,
    vpcConfig: VPC,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/inference`,
    sharedPackages: {},
    ...data,
  };
  return make('aws.sagemaker.model', 'model', overrides.name ?? 'churn-v3', complete, overrides);
}

export function endpoint(data: Partial<EndpointData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: EndpointData = {
    status: 'InService',
    creationTime: '2026-11-20T00:00:00.000Z',
    endpointConfigName: 'churn-config',
    productionVariants: [{ variantName: 'primary', currentInstanceCount: 2, desiredInstanceCount: 2, serverless: false }],
    monitoringSchedules: [],
    ...data,
  };
  return make('aws.sagemaker.endpoint', 'endpoint', overrides.name ?? 'churn', complete, overrides);
}

export function endpointConfig(data: Partial<EndpointConfigData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: EndpointConfigData = {
    creationTime: '2026-11-20T00:00:00.000Z',
    productionVariants: [
      { variantName: 'primary', modelName: 'churn-v3', instanceType: 'ml.m5.large', initialInstanceCount: 2, serverless: false },
    ],
    kmsKeyId: KEY,
    dataCapture: null,
    ...data,
  };
  return make('aws.sagemaker.endpoint-config', 'endpoint-config', overrides.name ?? 'churn-config', complete, overrides);
}

export function modelPackage(data: Partial<ModelPackageData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: ModelPackageData = {
    modelPackageGroupName: 'churn',
    version: 3,
    modelApprovalStatus: 'Approved',
    status: 'Completed',
    creationTime: '2026-11-19T00:00:00.000Z',
    ...data,
  };
  const name = overrides.name ?? `${complete.modelPackageGroupName}/${complete.version}`;
  return make('aws.sagemaker.model-package', 'model-package', name, complete, overrides);
}

export function packageGroup(data: Partial<ModelPackageGroupData> = {}, overrides: Partial<AnyResource> = {}): AnyResource {
  const complete: ModelPackageGroupData = { creationTime: '2026-11-01T00:00:00.000Z', status: 'Completed', policy: null, ...data };
  return make('aws.sagemaker.model-package-group', 'model-package-group', overrides.name ?? 'churn', complete, overrides);
}

export function groupPolicy(...statements: Record<string, unknown>[]): ModelPackageGroupData['policy'] {
  return { Version: '2012-10-17', Statement: statements } as unknown as ModelPackageGroupData['policy'];
}

export const packageArn = (name: string): string => arn('model-package', name);
