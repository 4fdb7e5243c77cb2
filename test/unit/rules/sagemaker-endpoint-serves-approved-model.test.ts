import rule from '../../../src/rules/sagemaker/endpoint-serves-approved-model.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { endpoint, endpointConfig, model, modelPackage, packageArn } from './sagemaker-fixtures.js';

const approvedChain = [endpointConfig(), model(), modelPackage()];
/** A model package in the tooling account's central registry, shared with this serving account. */
const REGISTRY_PACKAGE = 'arn:aws:sagemaker:us-east-1:999988887777:model-package/churn/3';
const REGISTRY_CONTAINER = { image: null, modelPackageName: REGISTRY_PACKAGE, modelDataUrl: null };

testRule(rule, {
  pass: [
    {
      name: 'endpoint → config → model → Approved package (serving-prod)',
      resource: endpoint(),
      related: approvedChain,
      message: /churn\/3/,
      evidence: { served: [{ variant: 'primary', model: 'churn-v3', package: packageArn('churn/3'), status: 'Approved', approved: true }] },
    },
    { name: 'serving-nonprod account', resource: endpoint(), related: approvedChain, target: { accountType: 'serving-nonprod' } },
    {
      name: 'Approved package in a central registry in another account, read through the shared ARN',
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [REGISTRY_CONTAINER], sharedPackages: { [REGISTRY_PACKAGE]: { modelApprovalStatus: 'Approved' } } })],
      message: /serves approved package\(s\) arn:aws:sagemaker:us-east-1:999988887777:model-package\/churn\/3/,
    },
    {
      name: 'package referenced by group/version name',
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [{ image: null, modelPackageName: 'churn/3', modelDataUrl: null }] }), modelPackage()],
    },
    {
      name: 'package ARN as written by the user (SageMaker lowercases names in ARNs)',
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [{ image: null, modelPackageName: packageArn('Churn/3'), modelDataUrl: null }] }), modelPackage()],
    },
  ],
  fail: [
    {
      name: 'package pending approval: evidence names package and status',
      resource: endpoint(),
      related: [endpointConfig(), model(), modelPackage({ modelApprovalStatus: 'PendingManualApproval' })],
      message: /model package arn:aws:sagemaker:us-east-1:111122223333:model-package\/churn\/3 has status PendingManualApproval, not Approved/,
      evidence: { served: [{ package: packageArn('churn/3'), status: 'PendingManualApproval', approved: false }] },
    },
    { name: 'package rejected', evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, package: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3', status: 'Rejected', approved: false }] }, resource: endpoint(), related: [endpointConfig(), model(), modelPackage({ modelApprovalStatus: 'Rejected' })], message: /Rejected/ },
    {
      name: 'model built from an image',
      evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, image: 'acct.dkr.ecr/img:1', approved: false }] },
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [{ image: 'acct.dkr.ecr/img:1', modelPackageName: null, modelDataUrl: 's3://b/m.tar.gz' }] })],
      message: /built from image acct.dkr.ecr\/img:1, not from a model package/,
    },
    {
      name: 'one of two variants unapproved (fail wins over approved)',
      evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, package: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3', status: 'Approved', approved: true }, { variant: 'shadow', model: 'churn-v4', container: 0, package: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/4', status: 'PendingManualApproval', approved: false }] },
      resource: endpoint(),
      related: [
        endpointConfig({
          productionVariants: [
            { variantName: 'primary', modelName: 'churn-v3', instanceType: 'ml.m5.large', initialInstanceCount: 2, serverless: false },
            { variantName: 'shadow', modelName: 'churn-v4', instanceType: 'ml.m5.large', initialInstanceCount: 1, serverless: false },
          ],
        }),
        model(),
        model({ containers: [{ image: null, modelPackageName: packageArn('churn/4'), modelDataUrl: null }] }, { name: 'churn-v4' }),
        modelPackage(),
        modelPackage({ version: 4, modelApprovalStatus: 'PendingManualApproval' }),
      ],
      message: /churn\/4 has status PendingManualApproval/,
    },
    {
      name: 'Rejected package in a central registry',
      evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, package: 'arn:aws:sagemaker:us-east-1:999988887777:model-package/churn/3', status: 'Rejected', approved: false }] },
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [REGISTRY_CONTAINER], sharedPackages: { [REGISTRY_PACKAGE]: { modelApprovalStatus: 'Rejected' } } })],
      message: /registry in account 999988887777\) has status Rejected/,
    },
  ],
  error: [
    { name: 'endpoint config not in the inventory', resource: endpoint(), related: [model(), modelPackage()], message: /churn-config is not in the inventory/ },
    { name: 'model not in the inventory', evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', approved: false, note: 'model churn-v3 is not in the inventory (deleted, or its listing failed)' }] }, resource: endpoint(), related: [endpointConfig(), modelPackage()], message: /model churn-v3 is not in the inventory/ },
    { name: 'package not in the inventory', evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, package: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3', approved: false, note: 'model package arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3 is not in the inventory (deleted, or its listing failed)' }] }, resource: endpoint(), related: [endpointConfig(), model()], message: /churn\/3 is not in the inventory/ },
    {
      name: 'package in a central registry whose status could not be read through the shared ARN',
      evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, package: 'arn:aws:sagemaker:us-east-1:999988887777:model-package/churn/3', approved: false, note: 'the status of arn:aws:sagemaker:us-east-1:999988887777:model-package/churn/3 (account 999988887777) could not be read (SageMaker.DescribeModelPackage: AccessDenied)' }] },
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [REGISTRY_CONTAINER], sharedPackages: { [REGISTRY_PACKAGE]: { error: accessDenied('SageMaker.DescribeModelPackage') } } })],
      message: /999988887777\) could not be read \(SageMaker.DescribeModelPackage: AccessDenied\)/,
    },
    {
      name: 'package in a central registry that was not read',
      evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', container: 0, package: 'arn:aws:sagemaker:us-east-1:999988887777:model-package/churn/3', approved: false, note: 'model package arn:aws:sagemaker:us-east-1:999988887777:model-package/churn/3 in account 999988887777 was not read' }] },
      resource: endpoint(),
      related: [endpointConfig(), model({ containers: [REGISTRY_CONTAINER] })],
      message: /in account 999988887777 was not read/,
    },
    {
      name: 'related model unreadable',
      evidence: { endpointConfig: 'churn-config', served: [{ variant: 'primary', model: 'churn-v3', approved: false, note: 'model churn-v3 could not be read (SageMaker.DescribeModel: AccessDenied)' }] },
      resource: endpoint(),
      related: [endpointConfig(), model({}, { errors: { containers: accessDenied('SageMaker.DescribeModel') } }), modelPackage()],
      message: /SageMaker.DescribeModel: AccessDenied/,
    },
    { name: 'endpoint describe denied', message: /endpointConfigName could not be read \(SageMaker\.DescribeEndpoint: AccessDenied\)/, resource: endpoint({}, { errors: { endpointConfigName: accessDenied('SageMaker.DescribeEndpoint') } }) },
  ],
  notApplicable: [
    // appliesTo.accountTypes defaults to serving-nonprod and serving-prod.
    { name: 'modeling account', resource: endpoint(), related: [endpointConfig(), model(), modelPackage({ modelApprovalStatus: 'Rejected' })], target: { accountType: 'modeling' } },
    { name: 'tooling account', resource: endpoint(), related: [endpointConfig(), model({ containers: [] })], target: { accountType: 'tooling' } },
  ],
});
