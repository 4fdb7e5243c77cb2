import type { Rule } from '../rule.js';
import domainKmsEncrypted from './domain-kms-encrypted.js';
import domainVpcOnly from './domain-vpc-only.js';
import endpointConfigKmsEncrypted from './endpoint-config-kms-encrypted.js';
import endpointMultiInstance from './endpoint-multi-instance.js';
import endpointServesApprovedModel from './endpoint-serves-approved-model.js';
import jobInterContainerEncryption from './job-inter-container-encryption.js';
import jobInVpc from './job-in-vpc.js';
import jobKmsEncrypted from './job-kms-encrypted.js';
import jobNetworkIsolation from './job-network-isolation.js';
import modelInVpc from './model-in-vpc.js';
import modelNetworkIsolation from './model-network-isolation.js';
import modelPackageGroupNotPublic from './model-package-group-not-public.js';
import notebookInVpc from './notebook-in-vpc.js';
import notebookKmsEncrypted from './notebook-kms-encrypted.js';
import notebookNoDirectInternet from './notebook-no-direct-internet.js';
import notebookRootAccessDisabled from './notebook-root-access-disabled.js';

/** sagemaker rules; each rule lives in its own file beside this one. */
export const sagemakerRules: Rule[] = [
  notebookNoDirectInternet,
  notebookInVpc,
  notebookRootAccessDisabled,
  notebookKmsEncrypted,
  domainVpcOnly,
  domainKmsEncrypted,
  jobInVpc,
  jobNetworkIsolation,
  jobInterContainerEncryption,
  jobKmsEncrypted,
  modelNetworkIsolation,
  modelInVpc,
  endpointConfigKmsEncrypted,
  endpointMultiInstance,
  endpointServesApprovedModel,
  modelPackageGroupNotPublic,
];
