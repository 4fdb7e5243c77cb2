/**
 * SageMaker resources. Attribute names follow the API's fields in camelCase; `null` means "not configured"
 * (no subnet, no KMS key, no policy), never "unknown" — unknown attributes are collection errors.
 */
import type { PolicyDocument } from './policy-document.js';
import type { CollectionError } from './resource.js';

export interface SageMakerVpcConfig {
  subnets: string[];
  securityGroupIds: string[];
}

export interface NotebookInstanceData {
  status: string;
  instanceType: string | null;
  creationTime: string | null;
  /** `Enabled` (the API's default) or `Disabled`. */
  directInternetAccess: 'Enabled' | 'Disabled';
  /** `null` = not attached to a VPC subnet. */
  subnetId: string | null;
  securityGroups: string[];
  /** `Enabled` (the API's default) or `Disabled`. */
  rootAccess: 'Enabled' | 'Disabled';
  /** `null` = the ML storage volume uses an AWS managed key. */
  kmsKeyId: string | null;
  roleArn: string | null;
}

export interface DomainData {
  domainId: string;
  status: string;
  /** `PublicInternetOnly` (the API's default) or `VpcOnly`. */
  appNetworkAccessType: 'PublicInternetOnly' | 'VpcOnly';
  vpcId: string | null;
  subnetIds: string[];
  /** `null` = the domain's EFS volume uses an AWS managed key. */
  kmsKeyId: string | null;
  authMode: string | null;
}

/**
 * Training and processing jobs share one resource type (`kind` tells them apart): the job guardrails
 * (VPC, network isolation, inter-container encryption, KMS) are the same for both, and one rule file per
 * guardrail then covers both kinds.
 */
export interface JobData {
  kind: 'training' | 'processing';
  status: string;
  creationTime: string | null;
  instanceCount: number | null;
  /** `null` = the job runs outside the squad's VPC. */
  vpcConfig: SageMakerVpcConfig | null;
  enableNetworkIsolation: boolean;
  enableInterContainerTrafficEncryption: boolean;
  /** KMS key of the ML storage volumes; `null` = AWS managed key. */
  volumeKmsKeyId: string | null;
  /** KMS key of the output written to S3; `null` = the bucket's default encryption. */
  outputKmsKeyId: string | null;
}

export interface ModelContainer {
  image: string | null;
  /** Name or ARN of the model package the container was built from; `null` = built from an image. */
  modelPackageName: string | null;
  modelDataUrl: string | null;
}

export interface ModelData {
  creationTime: string | null;
  /** The primary container first (when set), then `Containers` (inference pipelines). */
  containers: ModelContainer[];
  enableNetworkIsolation: boolean;
  vpcConfig: SageMakerVpcConfig | null;
  executionRoleArn: string | null;
  /**
   * Approval status of model packages in *other* accounts (a central registry shared with this account) that
   * the containers reference by ARN, read with DescribeModelPackage on the shared ARN: package ARN → status,
   * or the error that kept it unreadable. Same-account packages are `aws.sagemaker.model-package` resources.
   */
  sharedPackages: Record<string, SharedPackageStatus>;
}

export type SharedPackageStatus = { modelApprovalStatus: string | null } | { error: CollectionError };

export interface EndpointVariant {
  variantName: string;
  currentInstanceCount: number | null;
  desiredInstanceCount: number | null;
  /** Serverless variants have no instances. */
  serverless: boolean;
}

export interface EndpointData {
  status: string;
  creationTime: string | null;
  endpointConfigName: string | null;
  /** The variants as deployed (DescribeEndpoint), with their live instance counts. */
  productionVariants: EndpointVariant[];
  /** Names of the monitoring schedules attached to the endpoint. */
  monitoringSchedules: string[];
}

export interface EndpointConfigVariant {
  variantName: string;
  modelName: string | null;
  instanceType: string | null;
  initialInstanceCount: number | null;
  serverless: boolean;
}

export interface EndpointConfigData {
  creationTime: string | null;
  productionVariants: EndpointConfigVariant[];
  /** KMS key of the ML storage volumes of the endpoint's instances; `null` = AWS managed key. */
  kmsKeyId: string | null;
  /** `null` = no data capture configured. */
  dataCapture: { enabled: boolean; kmsKeyId: string | null } | null;
}

export interface ModelPackageGroupData {
  creationTime: string | null;
  status: string | null;
  /** `null` = the group has no resource policy. */
  policy: PolicyDocument | null;
}

export interface ModelPackageData {
  modelPackageGroupName: string | null;
  version: number | null;
  /** `Approved`, `Rejected` or `PendingManualApproval`; `null` for unversioned packages. */
  modelApprovalStatus: string | null;
  status: string | null;
  creationTime: string | null;
}

declare module './resource.js' {
  interface ResourceDataByType {
    'aws.sagemaker.notebook-instance': NotebookInstanceData;
    'aws.sagemaker.domain': DomainData;
    'aws.sagemaker.job': JobData;
    'aws.sagemaker.model': ModelData;
    'aws.sagemaker.endpoint': EndpointData;
    'aws.sagemaker.endpoint-config': EndpointConfigData;
    'aws.sagemaker.model-package-group': ModelPackageGroupData;
    'aws.sagemaker.model-package': ModelPackageData;
  }
}
