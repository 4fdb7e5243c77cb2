/**
 * The SageMaker scanner and rules against moto 5.2: every rule sees a violating and a compliant resource
 * seeded through the SDK, except where moto cannot hold the compliant setting (documented below, with the
 * behaviour asserted): models always answer EnableNetworkIsolation=false, DescribeProcessingJob drops
 * ProcessingResources, GetModelPackageGroupPolicy and ListMonitoringSchedules answer HTTP 500. The group
 * policy rule's pass and fail cases get SageMaker's real answers injected at the client boundary instead.
 */
import {
  CreateDomainCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  CreateNotebookInstanceCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../src/aws/clients.js';
import { ApiMeter } from '../../src/aws/meter.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { planFor } from '../../src/engine/plan.js';
import type { Finding } from '../../src/model/finding.js';
import type { Inventory } from '../../src/model/inventory.js';
import { defineRule, pass } from '../../src/rules/rule.js';
import { sagemakerRules } from '../../src/rules/sagemaker/index.js';
import { collect } from '../../src/scanners/collect.js';
import { sagemakerScanner } from '../../src/scanners/sagemaker.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT, seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { projectRoot } from '../support/paths.js';
import { scanMoto } from '../support/scan.js';

const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/sagemaker-execution`;
const IMAGE = `${MOTO_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/churn:1`;
const KEY = `arn:aws:kms:${REGION}:${MOTO_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const VPC = { Subnets: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0a1b2c3d'] };
const arn = (kind: string, name: string) => `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:${kind}/${name}`;

/** Seeds, serially (moto is not safe under concurrent writes), one violating and one compliant resource per rule. */
async function seed(sm: SageMakerClient): Promise<void> {
  // Notebook instances
  await sm.send(
    new CreateNotebookInstanceCommand({
      NotebookInstanceName: 'nb-compliant',
      InstanceType: 'ml.t3.medium',
      RoleArn: ROLE,
      SubnetId: VPC.Subnets[0],
      SecurityGroupIds: VPC.SecurityGroupIds,
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Disabled',
      KmsKeyId: KEY,
    }),
  );
  await sm.send(new CreateNotebookInstanceCommand({ NotebookInstanceName: 'nb-open', InstanceType: 'ml.t3.medium', RoleArn: ROLE }));

  // Studio domains
  const domain = { AuthMode: 'IAM' as const, DefaultUserSettings: { ExecutionRole: ROLE }, SubnetIds: VPC.Subnets, VpcId: 'vpc-0a1b2c3d' };
  await sm.send(new CreateDomainCommand({ ...domain, DomainName: 'dom-vpc', AppNetworkAccessType: 'VpcOnly', KmsKeyId: KEY }));
  await sm.send(new CreateDomainCommand({ ...domain, DomainName: 'dom-public', AppNetworkAccessType: 'PublicInternetOnly' }));

  // Training jobs
  const training = {
    AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' as const },
    RoleArn: ROLE,
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
  await sm.send(
    new CreateTrainingJobCommand({
      ...training,
      TrainingJobName: 'train-compliant',
      OutputDataConfig: { S3OutputPath: 's3://squad-models/out', KmsKeyId: KEY },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 50, VolumeKmsKeyId: KEY },
      VpcConfig: VPC,
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
    }),
  );
  await sm.send(
    new CreateTrainingJobCommand({
      ...training,
      TrainingJobName: 'train-open',
      OutputDataConfig: { S3OutputPath: 's3://squad-models/out' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 50 },
    }),
  );

  // Processing jobs
  const processing = {
    AppSpecification: { ImageUri: IMAGE },
    RoleArn: ROLE,
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' as const, VolumeSizeInGB: 30, VolumeKmsKeyId: KEY } },
  };
  const output = { OutputName: 'features', S3Output: { S3Uri: 's3://squad-data/features', LocalPath: '/opt/ml/processing/out', S3UploadMode: 'EndOfJob' as const } };
  await sm.send(
    new CreateProcessingJobCommand({
      ...processing,
      ProcessingJobName: 'prep-compliant',
      NetworkConfig: { VpcConfig: VPC, EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true },
      ProcessingOutputConfig: { Outputs: [output], KmsKeyId: KEY },
    }),
  );
  await sm.send(new CreateProcessingJobCommand({ ...processing, ProcessingJobName: 'prep-open', ProcessingOutputConfig: { Outputs: [output] } }));

  // Model registry: one group, an approved and a pending version
  await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'churn' }));
  const inference = { Containers: [{ Image: IMAGE }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] };
  for (const status of ['Approved', 'PendingManualApproval'] as const) {
    await sm.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'churn', ModelApprovalStatus: status, InferenceSpecification: inference }));
  }

  // Models: from the approved package (in VPC), from the pending one (no VPC), from a bare image
  await sm.send(
    new CreateModelCommand({
      ModelName: 'churn-approved',
      ExecutionRoleArn: ROLE,
      Containers: [{ ModelPackageName: arn('model-package', 'churn/1') }],
      VpcConfig: VPC,
      EnableNetworkIsolation: true,
    }),
  );
  await sm.send(new CreateModelCommand({ ModelName: 'churn-pending', ExecutionRoleArn: ROLE, Containers: [{ ModelPackageName: arn('model-package', 'churn/2') }] }));
  await sm.send(new CreateModelCommand({ ModelName: 'churn-image', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));

  // Endpoint configs (one shared by two endpoints, one unused) and endpoints
  const variant = (model: string, count: number) => [{ VariantName: 'primary', ModelName: model, InitialInstanceCount: count, InstanceType: 'ml.m5.large' as const }];
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'ec-approved', ProductionVariants: variant('churn-approved', 2), KmsKeyId: KEY }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'ec-pending', ProductionVariants: variant('churn-pending', 1) }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'ec-image', ProductionVariants: variant('churn-image', 2), KmsKeyId: KEY }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'ec-unused', ProductionVariants: variant('churn-image', 1) }));
  await sm.send(new CreateEndpointCommand({ EndpointName: 'ep-approved', EndpointConfigName: 'ec-approved' }));
  await sm.send(new CreateEndpointCommand({ EndpointName: 'ep-approved-b', EndpointConfigName: 'ec-approved' }));
  await sm.send(new CreateEndpointCommand({ EndpointName: 'ep-pending', EndpointConfigName: 'ec-pending' }));
  await sm.send(new CreateEndpointCommand({ EndpointName: 'ep-image', EndpointConfigName: 'ec-image' }));
}

/** Resource name → rule → expected status, for every resource the rules judge. */
const EXPECTED: Record<string, Record<string, Finding['status']>> = {
  'nb-compliant': {
    'sagemaker-notebook-no-direct-internet': 'pass',
    'sagemaker-notebook-in-vpc': 'pass',
    'sagemaker-notebook-root-access-disabled': 'pass',
    'sagemaker-notebook-kms-encrypted': 'pass',
  },
  'nb-open': {
    'sagemaker-notebook-no-direct-internet': 'fail',
    'sagemaker-notebook-in-vpc': 'fail',
    'sagemaker-notebook-root-access-disabled': 'fail',
    'sagemaker-notebook-kms-encrypted': 'fail',
  },
  'dom-vpc': { 'sagemaker-domain-vpc-only': 'pass', 'sagemaker-domain-kms-encrypted': 'pass' },
  'dom-public': { 'sagemaker-domain-vpc-only': 'fail', 'sagemaker-domain-kms-encrypted': 'fail' },
  'train-compliant': {
    'sagemaker-job-in-vpc': 'pass',
    'sagemaker-job-network-isolation': 'pass',
    'sagemaker-job-inter-container-encryption': 'pass',
    'sagemaker-job-kms-encrypted': 'pass',
  },
  'train-open': {
    'sagemaker-job-in-vpc': 'fail',
    'sagemaker-job-network-isolation': 'fail',
    'sagemaker-job-inter-container-encryption': 'fail',
    'sagemaker-job-kms-encrypted': 'fail',
  },
  // moto drops ProcessingResources from DescribeProcessingJob: the volume key is unknown → error, not a guess.
  'prep-compliant': {
    'sagemaker-job-in-vpc': 'pass',
    'sagemaker-job-network-isolation': 'pass',
    'sagemaker-job-inter-container-encryption': 'pass',
    'sagemaker-job-kms-encrypted': 'error',
  },
  'prep-open': {
    'sagemaker-job-in-vpc': 'fail',
    'sagemaker-job-network-isolation': 'fail',
    'sagemaker-job-inter-container-encryption': 'fail',
    'sagemaker-job-kms-encrypted': 'error',
  },
  // moto answers EnableNetworkIsolation=false for every model: no compliant model can be seeded.
  'churn-approved': { 'sagemaker-model-in-vpc': 'pass', 'sagemaker-model-network-isolation': 'fail' },
  'churn-pending': { 'sagemaker-model-in-vpc': 'fail', 'sagemaker-model-network-isolation': 'fail' },
  'churn-image': { 'sagemaker-model-in-vpc': 'fail', 'sagemaker-model-network-isolation': 'fail' },
  'ec-approved': { 'sagemaker-endpoint-config-kms-encrypted': 'pass' },
  'ec-pending': { 'sagemaker-endpoint-config-kms-encrypted': 'fail' },
  'ec-image': { 'sagemaker-endpoint-config-kms-encrypted': 'pass' },
  // No endpoint uses it, yet it is judged: configs are created ahead of promotion.
  'ec-unused': { 'sagemaker-endpoint-config-kms-encrypted': 'fail' },
  'ep-approved': { 'sagemaker-endpoint-multi-instance': 'pass', 'sagemaker-endpoint-serves-approved-model': 'pass' },
  'ep-approved-b': { 'sagemaker-endpoint-multi-instance': 'pass', 'sagemaker-endpoint-serves-approved-model': 'pass' },
  'ep-pending': { 'sagemaker-endpoint-multi-instance': 'fail', 'sagemaker-endpoint-serves-approved-model': 'fail' },
  'ep-image': { 'sagemaker-endpoint-multi-instance': 'pass', 'sagemaker-endpoint-serves-approved-model': 'fail' },
  // GetModelPackageGroupPolicy answers HTTP 500 in moto: a collection error, so the rule reports error.
  churn: { 'sagemaker-model-package-group-not-public': 'error' },
};

describe('SageMaker scanner against moto', () => {
  let moto: MotoServer;
  let inventory: Inventory;
  let findings: Finding[];
  let calls: Record<string, number>;

  beforeAll(async () => {
    moto = await startMoto();
    await seed(seedClients(moto.endpoint, REGION).sagemaker);
    const scan = await scanMoto({
      endpoint: moto.endpoint,
      scanners: [sagemakerScanner],
      rules: sagemakerRules,
      target: { accountType: 'serving-prod' },
    });
    inventory = scan.inventory;
    findings = scan.evaluation.findings;
    calls = scan.meter.calls;
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('judges every seeded resource as expected: a violating and a compliant resource per rule', () => {
    const actual: Record<string, Record<string, string>> = {};
    for (const finding of findings) {
      expect(finding.resource.accountId).toBe(MOTO_ACCOUNT);
      (actual[finding.resource.name] ??= {})[finding.ruleId] = finding.status;
    }
    expect(actual).toEqual(EXPECTED);
    const covered = (status: string) => new Set(Object.values(EXPECTED).flatMap((byRule) => Object.entries(byRule).filter(([, s]) => s === status).map(([id]) => id)));
    const failing = covered('fail');
    // Every rule fails somewhere, except the group-policy rule (moto cannot answer it: see the error case).
    expect(sagemakerRules.map((rule) => rule.id).filter((id) => !failing.has(id))).toEqual(['sagemaker-model-package-group-not-public']);
    expect(sagemakerRules.map((rule) => rule.id).filter((id) => !covered('pass').has(id)).sort()).toEqual([
      'sagemaker-model-network-isolation',
      'sagemaker-model-package-group-not-public',
    ]);
  });

  it('names the package and its status in the approved-model evidence', () => {
    const pending = findings.find((f) => f.ruleId === 'sagemaker-endpoint-serves-approved-model' && f.resource.name === 'ep-pending');
    expect(pending?.message).toContain(`${arn('model-package', 'churn/2')} has status PendingManualApproval, not Approved`);
    expect(pending?.evidence?.served).toEqual([
      expect.objectContaining({ variant: 'primary', model: 'churn-pending', package: arn('model-package', 'churn/2'), status: 'PendingManualApproval', approved: false }),
    ]);
    const image = findings.find((f) => f.ruleId === 'sagemaker-endpoint-serves-approved-model' && f.resource.name === 'ep-image');
    expect(image?.message).toMatch(/built from image .*churn:1, not from a model package/);
  });

  it('records moto gaps as collection errors on the attribute, never a crash or a pass', () => {
    const group = inventory.resources.find((r) => r.type === 'aws.sagemaker.model-package-group');
    expect(group?.errors).toMatchObject({ policy: { code: 'ServiceError', httpStatus: 500, operation: 'SageMaker.GetModelPackageGroupPolicy' } });
    expect(group?.data).not.toHaveProperty('policy');
    const prep = inventory.resources.find((r) => r.name === 'prep-compliant');
    expect(prep?.errors).toMatchObject({ volumeKmsKeyId: { code: 'IncompleteResponse' }, instanceCount: { code: 'IncompleteResponse' } });
    expect(prep?.data).toMatchObject({ kind: 'processing', outputKmsKeyId: KEY, enableNetworkIsolation: true });
    expect(inventory.errors).toEqual([]);
  });

  it('lists jobs within the lookback window and says so in the inventory', () => {
    expect(inventory.notes?.some((note) => /jobs created in the last 30 days are scanned, newest first/.test(note))).toBe(true);
    const jobs = inventory.resources.filter((r) => r.type === 'aws.sagemaker.job');
    expect(jobs.map((job) => `${String(job.data.kind)}:${job.name}`).sort()).toEqual([
      'processing:prep-compliant',
      'processing:prep-open',
      'training:train-compliant',
      'training:train-open',
    ]);
  });

  it('makes one List per family and one Describe per resource whose needed attributes the List lacks', () => {
    expect(calls).toEqual({
      'SageMaker.ListNotebookInstances': 1,
      'SageMaker.DescribeNotebookInstance': 2,
      'SageMaker.ListDomains': 1,
      'SageMaker.DescribeDomain': 2,
      'SageMaker.ListTrainingJobs': 1,
      'SageMaker.DescribeTrainingJob': 2,
      'SageMaker.ListProcessingJobs': 1,
      'SageMaker.DescribeProcessingJob': 2,
      'SageMaker.ListModels': 1,
      'SageMaker.DescribeModel': 3,
      'SageMaker.ListEndpoints': 1,
      'SageMaker.DescribeEndpoint': 4,
      // Four configs (one shared by two endpoints, one unused): listed once, each described once.
      'SageMaker.ListEndpointConfigs': 1,
      'SageMaker.DescribeEndpointConfig': 4,
      'SageMaker.ListModelPackageGroups': 1,
      'SageMaker.GetModelPackageGroupPolicy': 1,
      // The package summaries carry the approval status: no DescribeModelPackage.
      'SageMaker.ListModelPackages': 1,
    });
  });

  it('judges an endpoint config no endpoint uses: without a KMS key it fails, with the variant named', () => {
    const unused = findings.find((f) => f.ruleId === 'sagemaker-endpoint-config-kms-encrypted' && f.resource.name === 'ec-unused');
    expect(unused).toMatchObject({ status: 'fail', resource: { arn: arn('endpoint-config', 'ec-unused') } });
    expect(unused?.message).toMatch(/no customer KMS key for the storage volumes of variant\(s\) primary \(ml.m5.large\)/);
    expect(inventory.resources.filter((r) => r.type === 'aws.sagemaker.endpoint-config').map((r) => r.name).sort()).toEqual(['ec-approved', 'ec-image', 'ec-pending', 'ec-unused']);
  });

  it('the config rule alone: one list per region, one Describe per config, endpoints not read', async () => {
    const rules = sagemakerRules.filter((rule) => rule.id === 'sagemaker-endpoint-config-kms-encrypted');
    const alone = await scanMoto({ endpoint: moto.endpoint, scanners: [sagemakerScanner], rules });
    expect(alone.meter.calls).toEqual({ 'SageMaker.ListEndpointConfigs': 1, 'SageMaker.DescribeEndpointConfig': 4 });
    expect(alone.evaluation.findings.map((f) => `${f.resource.name}:${f.status}`).sort()).toEqual(['ec-approved:pass', 'ec-image:pass', 'ec-pending:fail', 'ec-unused:fail']);
  });

  it('an endpoint whose config was deleted while it runs: not traceable, error — never a pass', async () => {
    const region = 'us-west-2';
    const { sagemaker } = seedClients(moto.endpoint, region);
    await sagemaker.send(new CreateModelCommand({ ModelName: 'orphan-model', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
    await sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'orphan-config', ProductionVariants: [{ VariantName: 'primary', ModelName: 'orphan-model', InitialInstanceCount: 2, InstanceType: 'ml.m5.large' }] }));
    await sagemaker.send(new CreateEndpointCommand({ EndpointName: 'orphan-endpoint', EndpointConfigName: 'orphan-config' }));
    // SageMaker allows deleting a config an endpoint still runs on.
    await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'orphan-config' }));
    const rules = sagemakerRules.filter((rule) => rule.id === 'sagemaker-endpoint-serves-approved-model');
    const scan = await scanMoto({ endpoint: moto.endpoint, scanners: [sagemakerScanner], rules, regions: [region], target: { accountType: 'serving-prod' } });
    expect(scan.evaluation.findings.map((f) => [f.resource.name, f.status])).toEqual([['orphan-endpoint', 'error']]);
    expect(scan.evaluation.findings[0]?.message).toMatch(/orphan-config is not in the inventory \(deleted while the endpoint still runs on it/);
  });

  it('follows every page of ListEndpointConfigs: 105 configs, none used by an endpoint, two pages', async () => {
    const region = 'eu-west-1';
    const { sagemaker } = seedClients(moto.endpoint, region);
    await sagemaker.send(new CreateModelCommand({ ModelName: 'staged-model', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
    const variant = [{ VariantName: 'primary', ModelName: 'staged-model', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' as const }];
    for (let i = 0; i < 105; i++) {
      await sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: `staged-${String(i).padStart(3, '0')}`, ProductionVariants: variant, ...(i % 2 === 0 ? { KmsKeyId: KEY } : {}) }));
    }
    const rules = sagemakerRules.filter((rule) => rule.id === 'sagemaker-endpoint-config-kms-encrypted');
    const scan = await scanMoto({ endpoint: moto.endpoint, scanners: [sagemakerScanner], rules, regions: [region] });
    expect(scan.meter.calls).toEqual({ 'SageMaker.ListEndpointConfigs': 2, 'SageMaker.DescribeEndpointConfig': 105 });
    const statuses = scan.evaluation.findings.map((f) => f.status);
    expect(statuses).toHaveLength(105);
    expect(statuses.filter((status) => status === 'fail')).toHaveLength(52);
    expect(statuses.filter((status) => status === 'pass')).toHaveLength(53);
    const artifacts = join(projectRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    const total = Object.values(scan.meter.calls).reduce((sum, count) => sum + count, 0);
    writeFileSync(join(artifacts, 'sagemaker-endpoint-config-calls.json'), `${JSON.stringify({ configs: 105, calls: scan.meter.calls, callsPerConfig: total / 105 }, null, 2)}\n`);
  });

  it('asks only for what the enabled rules need', async () => {
    const statusOnly = defineRule({
      id: 'test-notebook-status',
      title: 't',
      severity: 'low',
      resourceType: 'aws.sagemaker.notebook-instance',
      needs: ['status'],
      description: '',
      rationale: '',
      remediation: '',
      references: {},
      check: (notebook) => pass(notebook.data.status),
    });
    const narrow = await scanMoto({ endpoint: moto.endpoint, scanners: [sagemakerScanner], rules: [statusOnly] });
    // The List answer carries the status: no Describe, and no other family is listed.
    expect(narrow.meter.calls).toEqual({ 'SageMaker.ListNotebookInstances': 1 });
    expect(narrow.evaluation.findings.map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  it('a monitoring-schedule list that answers 500 is an error on each endpoint, read once per region', async () => {
    const monitored = defineRule({
      id: 'test-endpoint-monitored',
      title: 't',
      severity: 'low',
      resourceType: 'aws.sagemaker.endpoint',
      needs: ['monitoringSchedules'],
      description: '',
      rationale: '',
      remediation: '',
      references: {},
      check: (endpoint) => pass(`${endpoint.data.monitoringSchedules.length} schedules`),
    });
    const scan = await scanMoto({ endpoint: moto.endpoint, scanners: [sagemakerScanner], rules: [monitored], scanOptions: { jobLookbackDays: 7 } });
    expect(scan.meter.calls).toEqual({ 'SageMaker.ListEndpoints': 1, 'SageMaker.ListMonitoringSchedules': 1 });
    expect(scan.evaluation.findings).toHaveLength(4);
    for (const finding of scan.evaluation.findings) {
      expect(finding.status).toBe('error');
      expect(finding.message).toMatch(/monitoringSchedules could not be read \(SageMaker.ListMonitoringSchedules: ServiceError\)/);
    }
    // No job rule enabled: no job listing, and no lookback note.
    expect(scan.inventory.notes).toEqual([]);
  });

  it('honours --job-lookback-days in the note', async () => {
    const scan = await scanMoto({
      endpoint: moto.endpoint,
      scanners: [sagemakerScanner],
      rules: sagemakerRules.filter((rule) => rule.id === 'sagemaker-job-in-vpc'),
      scanOptions: { jobLookbackDays: 7 },
    });
    expect(scan.inventory.notes).toEqual([expect.stringMatching(/last 7 days/)]);
    expect(scan.evaluation.findings).toHaveLength(4);
  });

  it('drops a model deleted between List and Describe: gone, not unreadable', async () => {
    const { sagemaker } = seedClients(moto.endpoint, REGION);
    await sagemaker.send(new CreateModelCommand({ ModelName: 'churn-vanishing', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
    const meter = new ApiMeter();
    const clients = new ClientFactory({ endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter });
    // Delete the model right after the scanner listed it.
    clients.client('SageMaker', REGION).middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'ListModelsCommand') await sagemaker.send(new DeleteModelCommand({ ModelName: 'churn-vanishing' }));
        return result;
      },
      { step: 'initialize' },
    );
    const rules = sagemakerRules.filter((rule) => rule.id === 'sagemaker-model-in-vpc');
    const inventory = await collect({
      accounts: [{ target: { accountId: MOTO_ACCOUNT, regions: [REGION] }, clients }],
      scanners: [sagemakerScanner],
      plan: planFor(rules),
      meter,
    });
    expect(meter.calls['SageMaker.DescribeModel']).toBe(4);
    expect(inventory.resources.map((r) => r.name).sort()).toEqual(['churn-approved', 'churn-image', 'churn-pending']);
    expect(inventory.errors).toEqual([]);
  });

  it('judges group policies as real SageMaker answers them (moto cannot): public, private, and none', async () => {
    const { sagemaker } = seedClients(moto.endpoint, REGION);
    for (const name of ['grp-public', 'grp-org', 'grp-none']) await sagemaker.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: name }));
    const statement = (principal: unknown, condition?: unknown) => ({
      Effect: 'Allow',
      Principal: principal,
      Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'],
      Resource: arn('model-package', 'grp/*'),
      ...(condition ? { Condition: condition } : {}),
    });
    const answers: Record<string, string> = {
      'grp-public': JSON.stringify({ Version: '2012-10-17', Statement: [statement('*')] }),
      'grp-org': JSON.stringify({ Version: '2012-10-17', Statement: [statement('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })] }),
    };
    const meter = new ApiMeter();
    const clients = new ClientFactory({ endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter });
    // Answer GetModelPackageGroupPolicy at the client boundary, as SageMaker does: a policy, or a
    // ValidationException for a group without one (moto answers HTTP 500 for every group).
    clients.client('SageMaker', REGION).middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'GetModelPackageGroupPolicyCommand') return next(args);
        const group = (args.input as { ModelPackageGroupName?: string }).ModelPackageGroupName ?? '';
        const policy = answers[group];
        if (policy === undefined) {
          throw Object.assign(new Error(`Cannot find resource policy for ${arn('model-package-group', group)}`), { name: 'ValidationException' });
        }
        return { output: { ResourcePolicy: policy, $metadata: {} }, response: {} } as unknown as Awaited<ReturnType<typeof next>>;
      },
      { step: 'initialize' },
    );
    const rules = sagemakerRules.filter((rule) => rule.id === 'sagemaker-model-package-group-not-public');
    const inventory = await collect({
      accounts: [{ target: { accountId: MOTO_ACCOUNT, regions: [REGION] }, clients }],
      scanners: [sagemakerScanner],
      plan: planFor(rules),
      meter,
    });
    const group = (name: string) => inventory.resources.find((r) => r.name === name);
    expect(group('grp-none')?.data.policy).toBeNull();
    expect(group('grp-none')?.errors).toEqual({});
    expect(group('grp-public')?.data.policy).toMatchObject({ Statement: [{ Principal: '*' }] });
    const { findings } = evaluate(inventory, {
      policies: [{ name: 't', source: 't', digest: 't', rules: new Map([[rules[0]?.id ?? '', { enabled: true, params: {} }]]), customRules: [], exceptions: [] }],
      rules,
    });
    const statusOf = Object.fromEntries(findings.map((f) => [f.resource.name, f.status]));
    expect(statusOf).toEqual({ 'grp-public': 'fail', 'grp-org': 'pass', 'grp-none': 'pass', churn: 'pass' });
  });

  // Last: IAM enforcement stays on for the rest of this server's life.
  it('a denied List is a scan error and a denied Describe an attribute error: rules report error, never pass', async () => {
    const { iam } = seedClients(moto.endpoint, REGION);
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    const policy = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'auditor-partial-sagemaker',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['sagemaker:List*', 'sagemaker:Describe*', 'sagemaker:Get*'], Resource: '*' },
            { Effect: 'Deny', Action: ['sagemaker:ListModels', 'sagemaker:DescribeEndpointConfig'], Resource: '*' },
          ],
        }),
      }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: 'auditor', PolicyArn: policy.Policy?.Arn }));
    const keys = await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
    const credentials = { accessKeyId: keys.AccessKey?.AccessKeyId ?? '', secretAccessKey: keys.AccessKey?.SecretAccessKey ?? '' };
    await moto.enforceIam(0);

    const scan = await scanMoto({ endpoint: moto.endpoint, scanners: [sagemakerScanner], rules: sagemakerRules, credentials, target: { accountType: 'serving-prod' } });
    // moto answers a denied JSON-protocol call with a body the SDK cannot parse: the status (403) survives.
    expect(scan.inventory.errors).toEqual([
      expect.objectContaining({ operation: 'SageMaker.ListModels', httpStatus: 403, resourceTypes: ['aws.sagemaker.model'], region: REGION }),
    ]);
    const config = scan.inventory.resources.find((r) => r.name === 'ec-approved');
    expect(config?.errors).toMatchObject({ kmsKeyId: { operation: 'SageMaker.DescribeEndpointConfig', httpStatus: 403 } });
    const statusOf = (ruleId: string) => [...new Set(scan.evaluation.findings.filter((f) => f.ruleId === ruleId).map((f) => f.status))];
    for (const ruleId of [
      'sagemaker-model-in-vpc',
      'sagemaker-model-network-isolation',
      'sagemaker-endpoint-config-kms-encrypted',
      'sagemaker-endpoint-serves-approved-model',
    ]) {
      expect(statusOf(ruleId), ruleId).toEqual(['error']);
    }
    // Unaffected families are still judged.
    expect(statusOf('sagemaker-notebook-in-vpc').sort()).toEqual(['fail', 'pass']);
  });
});
