import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
} from '@aws-sdk/client-sagemaker';
import { CreateAccountCommand, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelData } from '../../src/model/sagemaker.js';
import rule from '../../src/rules/sagemaker/endpoint-serves-approved-model.js';
import { sagemakerScanner } from '../../src/scanners/sagemaker.js';
import { seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { memberCredentials } from '../support/org.js';
import { scanMoto } from '../support/scan.js';

/**
 * The platform's promotion path: the model registry lives in the tooling account, serving accounts deploy
 * from packages shared with them. The serving account's scan reads each shared package's status through its
 * ARN, once per package. moto does not emulate cross-account resource policies (DescribeModelPackage on
 * another account's ARN answers "not found"), so here the read fails — and must give `error`, never a pass.
 */
let moto: MotoServer;
let packageArn = '';
let prodAccount = '';
let prodCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

beforeAll(async () => {
  moto = await startMoto();
  const { organizations } = seedClients(moto.endpoint);
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const create = async (name: string) => (await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus?.AccountId ?? '';
  const toolingAccount = await create('tooling');
  prodAccount = await create('serving-prod');
  const tooling = seedClients(moto.endpoint, 'us-east-1', await memberCredentials(moto.endpoint, toolingAccount)).sagemaker;
  prodCredentials = await memberCredentials(moto.endpoint, prodAccount);
  const prod = seedClients(moto.endpoint, 'us-east-1', prodCredentials).sagemaker;
  await tooling.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'churn' }));
  const inference = { Containers: [{ Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1' }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] };
  packageArn = (await tooling.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'churn', ModelApprovalStatus: 'Approved', InferenceSpecification: inference }))).ModelPackageArn ?? '';
  // Two models from the same shared package, both served.
  for (const name of ['churn-a', 'churn-b']) {
    await prod.send(new CreateModelCommand({ ModelName: name, ExecutionRoleArn: `arn:aws:iam::${prodAccount}:role/inference`, Containers: [{ ModelPackageName: packageArn }] }));
    await prod.send(new CreateEndpointConfigCommand({ EndpointConfigName: `${name}-config`, ProductionVariants: [{ VariantName: 'primary', ModelName: name, InitialInstanceCount: 2, InstanceType: 'ml.m5.large' }] }));
    await prod.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
  }
}, 120_000);

afterAll(async () => {
  await moto?.stop();
});

describe('approved-model gate with a central registry in another account', () => {
  it('reads each shared package once through its ARN; an unreadable status is an error, never a pass', async () => {
    const { inventory, evaluation } = await scanMoto({
      endpoint: moto.endpoint,
      scanners: [sagemakerScanner],
      rules: [rule],
      credentials: prodCredentials,
      target: { accountId: prodAccount, accountType: 'serving-prod' },
    });
    expect(inventory.apiCalls['SageMaker.DescribeModelPackage']).toBe(1);
    const models = inventory.resources.filter((resource) => resource.type === 'aws.sagemaker.model');
    expect(models).toHaveLength(2);
    for (const model of models) {
      const shared = (model.data as unknown as ModelData).sharedPackages[packageArn];
      expect(shared && 'error' in shared ? shared.error.operation : undefined).toBe('SageMaker.DescribeModelPackage');
    }
    expect(evaluation.findings.map((finding) => finding.status)).toEqual(['error', 'error']);
    expect(evaluation.findings[0]?.message).toContain(packageArn);
  });
});
