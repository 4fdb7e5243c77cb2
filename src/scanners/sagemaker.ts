import {
  DescribeDomainCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeNotebookInstanceCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  GetModelPackageGroupPolicyCommand,
  paginateListDomains,
  paginateListEndpointConfigs,
  paginateListEndpoints,
  paginateListModelPackageGroups,
  paginateListModelPackages,
  paginateListModels,
  paginateListMonitoringSchedules,
  paginateListNotebookInstances,
  paginateListProcessingJobs,
  paginateListTags,
  paginateListTrainingJobs,
  type ContainerDefinition,
  type SageMakerClient,
  type VpcConfig,
} from '@aws-sdk/client-sagemaker';
import { partitionOf } from '../aws/clients.js';
import { errorCode, toCollectionError } from '../aws/errors.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource, CollectionError } from '../model/resource.js';
import type {
  EndpointConfigData,
  EndpointData,
  JobData,
  ModelContainer,
  ModelData,
  SageMakerVpcConfig,
  SharedPackageStatus,
} from '../model/sagemaker.js';
import { readAttribute, tagRecord } from './attributes.js';
import { needs, type Scanner, type ScannerContext } from './scanner.js';
import { SCANNED_TYPES } from './resource-types.js';

export const NOTEBOOK = 'aws.sagemaker.notebook-instance';
export const DOMAIN = 'aws.sagemaker.domain';
export const JOB = 'aws.sagemaker.job';
export const MODEL = 'aws.sagemaker.model';
export const ENDPOINT = 'aws.sagemaker.endpoint';
export const ENDPOINT_CONFIG = 'aws.sagemaker.endpoint-config';
export const PACKAGE_GROUP = 'aws.sagemaker.model-package-group';
export const PACKAGE = 'aws.sagemaker.model-package';

export const DEFAULT_JOB_LOOKBACK_DAYS = 30;
/** The List APIs' maximum page size (their default is 10: ten times the calls). */
const PAGE_SIZE = 100;

/** Attributes only a Describe call answers (the List answers carry the rest): Describe only when needed. */
const DESCRIBED: Record<string, string[]> = {
  [NOTEBOOK]: ['directInternetAccess', 'subnetId', 'securityGroups', 'rootAccess', 'kmsKeyId', 'roleArn'],
  [DOMAIN]: ['appNetworkAccessType', 'vpcId', 'subnetIds', 'kmsKeyId', 'authMode'],
  [JOB]: [
    'instanceCount',
    'vpcConfig',
    'enableNetworkIsolation',
    'enableInterContainerTrafficEncryption',
    'volumeKmsKeyId',
    'outputKmsKeyId',
  ],
  [MODEL]: ['containers', 'enableNetworkIsolation', 'vpcConfig', 'executionRoleArn'],
  [ENDPOINT]: ['endpointConfigName', 'productionVariants'],
  [ENDPOINT_CONFIG]: ['productionVariants', 'kmsKeyId', 'dataCapture'],
};

type Sm = SageMakerClient;

/**
 * SageMaker, per region: one paginated List per resource family, then a Describe per resource only when
 * the plan needs an attribute the List answer lacks (tags: one ListTags per resource, only when needed).
 * Endpoint configs are listed on their own, used by an endpoint or not (configs are created ahead of
 * promotion, and AWS Config's managed rule judges them all): one Describe per config at most, whatever the
 * endpoints that share it; jobs only within the lookback window.
 */
export const sagemakerScanner: Scanner = {
  service: 'sagemaker',
  resourceTypes: [...SCANNED_TYPES.sagemaker],
  // Written out until this scanner's reads are tables: the audit role is generated from it.
  operations: ['SageMaker.DescribeDomain', 'SageMaker.DescribeEndpoint', 'SageMaker.DescribeEndpointConfig', 'SageMaker.DescribeModel', 'SageMaker.DescribeModelPackage', 'SageMaker.DescribeNotebookInstance', 'SageMaker.DescribeProcessingJob', 'SageMaker.DescribeTrainingJob', 'SageMaker.GetModelPackageGroupPolicy', 'SageMaker.ListDomains', 'SageMaker.ListEndpointConfigs', 'SageMaker.ListEndpoints', 'SageMaker.ListModelPackageGroups', 'SageMaker.ListModelPackages', 'SageMaker.ListModels', 'SageMaker.ListMonitoringSchedules', 'SageMaker.ListNotebookInstances', 'SageMaker.ListProcessingJobs', 'SageMaker.ListTags', 'SageMaker.ListTrainingJobs'],
  scope: 'regional',
  async scan(context) {
    const sm = context.clients.client('SageMaker', context.region);
    const plan = context.plan;
    const tasks: Array<Promise<void>> = [];
    if (plan.has(NOTEBOOK)) tasks.push(scanNotebooks(context, sm));
    if (plan.has(DOMAIN)) tasks.push(scanDomains(context, sm));
    if (plan.has(JOB)) tasks.push(scanJobs(context, sm));
    if (plan.has(MODEL)) tasks.push(scanModels(context, sm));
    if (plan.has(ENDPOINT)) tasks.push(scanEndpoints(context, sm));
    if (plan.has(ENDPOINT_CONFIG)) tasks.push(scanEndpointConfigs(context, sm));
    if (plan.has(PACKAGE_GROUP)) tasks.push(scanPackageGroups(context, sm));
    if (plan.has(PACKAGE)) tasks.push(scanPackages(context, sm));
    await Promise.all(tasks);
  },
};

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────

function newResource(context: ScannerContext, type: string, arn: string, name: string, data: Record<string, unknown>): AnyResource {
  return { type, arn, accountId: context.target.accountId, region: context.region, name, tags: {}, data, errors: {} };
}

/** Lists every page; a failed List is a scan error for the types it would have produced. */
async function listAll<T>(
  context: ScannerContext,
  operation: string,
  resourceTypes: string[],
  pages: () => AsyncIterable<T>,
): Promise<T[] | undefined> {
  const items: T[] = [];
  try {
    for await (const page of pages()) items.push(page);
    return items;
  } catch (error) {
    context.fail({ region: context.region, service: 'sagemaker', resourceTypes, ...toCollectionError(error, operation) });
    return undefined;
  }
}

function neededDescribed(context: ScannerContext, type: string): string[] {
  return (DESCRIBED[type] ?? []).filter((attribute) => needs(context.plan, type, attribute));
}

/**
 * One Describe filling several attributes: called only when one of them is needed; a failure becomes a
 * collection error on each needed attribute. `read` may mark a field the answer should have carried but did
 * not as `Incomplete`: an error on that attribute.
 */
async function describeInto(
  context: ScannerContext,
  resource: AnyResource,
  operation: string,
  read: () => Promise<Record<string, unknown>>,
): Promise<'read' | 'skipped' | 'gone'> {
  const wanted = neededDescribed(context, resource.type);
  if (wanted.length === 0) return 'skipped';
  try {
    const values = await context.limit(read);
    for (const [attribute, value] of Object.entries(values)) {
      if (value instanceof Incomplete) (resource.errors as Record<string, CollectionError>)[attribute] = value.error;
      else resource.data[attribute] = value;
    }
    return 'read';
  } catch (error) {
    if (isNotFound(error)) return 'gone';
    const failure = toCollectionError(error, operation);
    for (const attribute of wanted) (resource.errors as Record<string, CollectionError>)[attribute] = failure;
    return 'read';
  }
}

/**
 * A resource deleted between List and Describe is gone, not unreadable. SageMaker says so with
 * ResourceNotFound, or a ValidationException such as "RecordNotFound" / "Could not find model".
 */
function isNotFound(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'ResourceNotFound' || code === 'ResourceNotFoundException') return true;
  const message = error instanceof Error ? error.message : '';
  return code === 'ValidationException' && /RecordNotFound|could not find|does not exist|not found/i.test(message);
}

/** A field the answer should have carried but did not: a collection error, not a value. */
class Incomplete {
  constructor(readonly error: CollectionError) {}
}

/** Reads tags (ListTags, paginated) when the plan needs them. */
async function readTags(context: ScannerContext, sm: Sm, resource: AnyResource): Promise<void> {
  await readAttribute(resource, 'tags', context.plan, {
    operation: 'SageMaker.ListTags',
    read: () =>
      context.limit(async () => {
        const tags: Array<{ Key?: string; Value?: string }> = [];
        for await (const page of paginateListTags({ client: sm, pageSize: PAGE_SIZE }, { ResourceArn: resource.arn })) tags.push(...(page.Tags ?? []));
        return tagRecord(tags);
      }),
  });
}

function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

function vpcOf(config: VpcConfig | undefined): SageMakerVpcConfig | null {
  if (!config?.Subnets || config.Subnets.length === 0) return null;
  return { subnets: config.Subnets, securityGroupIds: config.SecurityGroupIds ?? [] };
}

function arnOf(context: ScannerContext, kind: string, name: string): string {
  // SageMaker lowercases names in ARNs.
  return `arn:${partitionOf(context.region)}:sagemaker:${context.region}:${context.target.accountId}:${kind}/${name.toLowerCase()}`;
}

// ── notebook instances ─────────────────────────────────────────────────────────────────────────────

async function scanNotebooks(context: ScannerContext, sm: Sm): Promise<void> {
  const pages = await listAll(context, 'SageMaker.ListNotebookInstances', [NOTEBOOK], () =>
    paginateListNotebookInstances({ client: sm, pageSize: PAGE_SIZE }, {}),
  );
  if (!pages) return;
  const summaries = pages.flatMap((page) => page.NotebookInstances ?? []);
  await Promise.all(
    summaries.map(async (summary) => {
      const name = summary.NotebookInstanceName ?? '';
      const resource = newResource(context, NOTEBOOK, summary.NotebookInstanceArn ?? arnOf(context, 'notebook-instance', name), name, {
        status: summary.NotebookInstanceStatus ?? 'Unknown',
        instanceType: summary.InstanceType ?? null,
        creationTime: iso(summary.CreationTime),
      });
      const [described] = await Promise.all([
        describeInto(context, resource, 'SageMaker.DescribeNotebookInstance', async () => {
          const nb = await sm.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }));
          return {
            directInternetAccess: nb.DirectInternetAccess === 'Disabled' ? 'Disabled' : 'Enabled',
            subnetId: nb.SubnetId ?? null,
            securityGroups: nb.SecurityGroups ?? [],
            rootAccess: nb.RootAccess === 'Disabled' ? 'Disabled' : 'Enabled',
            kmsKeyId: nb.KmsKeyId ?? null,
            roleArn: nb.RoleArn ?? null,
          };
        }),
        readTags(context, sm, resource),
      ]);
      // Deleted between List and Describe: gone, not unreadable.
      if (described !== 'gone') context.emit(resource);
    }),
  );
}

// ── domains ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Studio domains. User profiles are not read: moto 5.2 does not implement ListUserProfiles, and the
 * guardrails (VPC-only access, KMS) are domain-wide settings a profile cannot loosen.
 */
async function scanDomains(context: ScannerContext, sm: Sm): Promise<void> {
  const pages = await listAll(context, 'SageMaker.ListDomains', [DOMAIN], () => paginateListDomains({ client: sm, pageSize: PAGE_SIZE }, {}));
  if (!pages) return;
  await Promise.all(
    pages
      .flatMap((page) => page.Domains ?? [])
      .map(async (summary) => {
        const domainId = summary.DomainId ?? '';
        const resource = newResource(context, DOMAIN, summary.DomainArn ?? arnOf(context, 'domain', domainId), summary.DomainName ?? domainId, {
          domainId,
          status: summary.Status ?? 'Unknown',
        });
        const [described] = await Promise.all([
          describeInto(context, resource, 'SageMaker.DescribeDomain', async () => {
            const domain = await sm.send(new DescribeDomainCommand({ DomainId: domainId }));
            return {
              appNetworkAccessType: domain.AppNetworkAccessType === 'VpcOnly' ? 'VpcOnly' : 'PublicInternetOnly',
              vpcId: domain.VpcId ?? null,
              subnetIds: domain.SubnetIds ?? [],
              kmsKeyId: domain.KmsKeyId ?? null,
              authMode: domain.AuthMode ?? null,
            };
          }),
          readTags(context, sm, resource),
        ]);
        // Deleted between List and Describe: gone, not unreadable.
        if (described !== 'gone') context.emit(resource);
      }),
  );
}

// ── training and processing jobs ───────────────────────────────────────────────────────────────────

interface JobSummary {
  kind: JobData['kind'];
  name: string;
  arn: string;
  status: string;
  creationTime: Date | undefined;
}

async function scanJobs(context: ScannerContext, sm: Sm): Promise<void> {
  const days = context.options.jobLookbackDays ?? DEFAULT_JOB_LOOKBACK_DAYS;
  const since = new Date(Date.now() - days * 86_400_000);
  context.note(
    `SageMaker training and processing jobs: only jobs created in the last ${days} days are scanned, newest first (--job-lookback-days).`,
  );
  const window = { CreationTimeAfter: since, SortBy: 'CreationTime' as const, SortOrder: 'Descending' as const };
  const [training, processing] = await Promise.all([
    listAll(context, 'SageMaker.ListTrainingJobs', [JOB], () => paginateListTrainingJobs({ client: sm, pageSize: PAGE_SIZE }, window)),
    listAll(context, 'SageMaker.ListProcessingJobs', [JOB], () => paginateListProcessingJobs({ client: sm, pageSize: PAGE_SIZE }, window)),
  ]);
  const jobs: JobSummary[] = [
    ...(training ?? []).flatMap((page) =>
      (page.TrainingJobSummaries ?? []).map((job) => ({
        kind: 'training' as const,
        name: job.TrainingJobName ?? '',
        arn: job.TrainingJobArn ?? arnOf(context, 'training-job', job.TrainingJobName ?? ''),
        status: job.TrainingJobStatus ?? 'Unknown',
        creationTime: job.CreationTime,
      })),
    ),
    ...(processing ?? []).flatMap((page) =>
      (page.ProcessingJobSummaries ?? []).map((job) => ({
        kind: 'processing' as const,
        name: job.ProcessingJobName ?? '',
        arn: job.ProcessingJobArn ?? arnOf(context, 'processing-job', job.ProcessingJobName ?? ''),
        status: job.ProcessingJobStatus ?? 'Unknown',
        creationTime: job.CreationTime,
      })),
    ),
  ]
    // An API endpoint (an emulator) may ignore the window or the order: apply both here too. Newest first
    // also orders the Describe queue under the concurrency bound.
    .filter((job) => !job.creationTime || job.creationTime >= since)
    .sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0));

  await Promise.all(
    jobs.map(async (job) => {
      const resource = newResource(context, JOB, job.arn, job.name, {
        kind: job.kind,
        status: job.status,
        creationTime: iso(job.creationTime),
      });
      const [described] = await Promise.all([
        job.kind === 'training'
          ? describeInto(context, resource, 'SageMaker.DescribeTrainingJob', () => describeTraining(sm, job.name))
          : describeInto(context, resource, 'SageMaker.DescribeProcessingJob', () => describeProcessing(sm, job.name)),
        readTags(context, sm, resource),
      ]);
      // Deleted between List and Describe: gone, not unreadable.
      if (described !== 'gone') context.emit(resource);
    }),
  );
}

async function describeTraining(sm: Sm, name: string): Promise<Record<string, unknown>> {
  const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
  const values: Partial<Record<keyof JobData, unknown>> = {
    instanceCount: job.ResourceConfig?.InstanceCount ?? sumInstanceGroups(job.ResourceConfig?.InstanceGroups),
    vpcConfig: vpcOf(job.VpcConfig),
    enableNetworkIsolation: job.EnableNetworkIsolation ?? false,
    enableInterContainerTrafficEncryption: job.EnableInterContainerTrafficEncryption ?? false,
    volumeKmsKeyId: job.ResourceConfig?.VolumeKmsKeyId ?? null,
    outputKmsKeyId: job.OutputDataConfig?.KmsKeyId ?? null,
  };
  return values;
}

function sumInstanceGroups(groups: Array<{ InstanceCount?: number }> | undefined): number | null {
  if (!groups || groups.length === 0) return null;
  return groups.reduce((total, group) => total + (group.InstanceCount ?? 0), 0);
}

async function describeProcessing(sm: Sm, name: string): Promise<Record<string, unknown>> {
  const operation = 'SageMaker.DescribeProcessingJob';
  const job = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
  const cluster = job.ProcessingResources?.ClusterConfig;
  // ProcessingResources is a required field of the answer; without it the volume key is unknown, not absent.
  const missing = (attribute: string): Incomplete =>
    new Incomplete({
      code: 'IncompleteResponse',
      message: `${operation} answered without ProcessingResources.ClusterConfig, so ${attribute} is unknown`,
      operation,
    });
  const values: Partial<Record<keyof JobData, unknown>> = {
    instanceCount: cluster ? (cluster.InstanceCount ?? null) : missing('instanceCount'),
    vpcConfig: vpcOf(job.NetworkConfig?.VpcConfig),
    enableNetworkIsolation: job.NetworkConfig?.EnableNetworkIsolation ?? false,
    enableInterContainerTrafficEncryption: job.NetworkConfig?.EnableInterContainerTrafficEncryption ?? false,
    volumeKmsKeyId: cluster ? (cluster.VolumeKmsKeyId ?? null) : missing('volumeKmsKeyId'),
    outputKmsKeyId: job.ProcessingOutputConfig?.KmsKeyId ?? null,
  };
  return values;
}

// ── models ─────────────────────────────────────────────────────────────────────────────────────────

function containerOf(definition: ContainerDefinition): ModelContainer {
  return {
    image: definition.Image ?? null,
    modelPackageName: definition.ModelPackageName ?? null,
    modelDataUrl: definition.ModelDataUrl ?? null,
  };
}

async function scanModels(context: ScannerContext, sm: Sm): Promise<void> {
  const pages = await listAll(context, 'SageMaker.ListModels', [MODEL], () => paginateListModels({ client: sm, pageSize: PAGE_SIZE }, {}));
  if (!pages) return;
  const shared = new Map<string, Promise<SharedPackageStatus>>();
  await Promise.all(
    pages
      .flatMap((page) => page.Models ?? [])
      .map(async (summary) => {
        const name = summary.ModelName ?? '';
        const resource = newResource(context, MODEL, summary.ModelArn ?? arnOf(context, 'model', name), name, {
          creationTime: iso(summary.CreationTime),
        });
        const [described] = await Promise.all([
          describeInto(context, resource, 'SageMaker.DescribeModel', async () => {
            const model = await sm.send(new DescribeModelCommand({ ModelName: name }));
            const primary = model.PrimaryContainer;
            const containers = [
              ...(primary && (primary.Image || primary.ModelPackageName) ? [primary] : []),
              ...(model.Containers ?? []),
            ].map(containerOf);
            const values: Partial<Record<keyof ModelData, unknown>> = {
              containers,
              enableNetworkIsolation: model.EnableNetworkIsolation ?? false,
              vpcConfig: vpcOf(model.VpcConfig),
              executionRoleArn: model.ExecutionRoleArn ?? null,
            };
            return values;
          }),
          readTags(context, sm, resource),
        ]);
        // Deleted between List and Describe: gone, not unreadable.
        if (described === 'gone') return;
        if (needs(context.plan, MODEL, 'sharedPackages')) await readSharedPackages(context, resource, shared);
        context.emit(resource);
      }),
  );
}

/**
 * Models deployed from a central registry reference packages in another account by ARN. Their approval
 * status is read with DescribeModelPackage on the shared ARN (the registry's resource policy grants it to
 * the accounts that deploy from it), once per package per account scan.
 */
async function readSharedPackages(context: ScannerContext, model: AnyResource, cache: Map<string, Promise<SharedPackageStatus>>): Promise<void> {
  const containers = (model.data as Partial<ModelData>).containers;
  if (!containers) {
    const failure = (model.errors as Record<string, CollectionError | undefined>).containers;
    if (failure) (model.errors as Record<string, CollectionError>).sharedPackages = failure;
    return;
  }
  const foreign = containers
    .map((container) => container.modelPackageName)
    .filter((name): name is string => !!name && name.startsWith('arn:') && name.split(':')[4] !== context.target.accountId);
  const statuses: Record<string, SharedPackageStatus> = {};
  for (const packageArn of [...new Set(foreign)]) {
    let pending = cache.get(packageArn);
    if (!pending) {
      const region = packageArn.split(':')[3] || context.region;
      pending = context
        .limit(() => context.clients.client('SageMaker', region).send(new DescribeModelPackageCommand({ ModelPackageName: packageArn })))
        .then(
          (answer) => ({ modelApprovalStatus: answer.ModelApprovalStatus ?? null }),
          (error: unknown) => ({ error: toCollectionError(error, 'SageMaker.DescribeModelPackage') }),
        );
      cache.set(packageArn, pending);
    }
    statuses[packageArn] = await pending;
  }
  model.data.sharedPackages = statuses;
}

// ── endpoints ──────────────────────────────────────────────────────────────────────────────────────

async function scanEndpoints(context: ScannerContext, sm: Sm): Promise<void> {
  const plan = context.plan;
  const pages = await listAll(context, 'SageMaker.ListEndpoints', [ENDPOINT], () => paginateListEndpoints({ client: sm, pageSize: PAGE_SIZE }, {}));
  if (!pages) return;
  const summaries = pages.flatMap((page) => page.Endpoints ?? []);
  const schedules = needs(plan, ENDPOINT, 'monitoringSchedules') ? await listSchedules(context, sm) : undefined;
  await Promise.all(
    summaries.map(async (summary) => {
      const name = summary.EndpointName ?? '';
      const resource = newResource(context, ENDPOINT, summary.EndpointArn ?? arnOf(context, 'endpoint', name), name, {
        status: summary.EndpointStatus ?? 'Unknown',
        creationTime: iso(summary.CreationTime),
      });
      if (schedules) {
        if ('error' in schedules) resource.errors.monitoringSchedules = schedules.error;
        else resource.data.monitoringSchedules = schedules.byEndpoint.get(name) ?? [];
      }
      const [described] = await Promise.all([
        describeInto(context, resource, 'SageMaker.DescribeEndpoint', async () => {
          const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
          const values: Partial<EndpointData> = {
            endpointConfigName: endpoint.EndpointConfigName ?? null,
            productionVariants: (endpoint.ProductionVariants ?? []).map((variant) => ({
              variantName: variant.VariantName ?? '',
              currentInstanceCount: variant.CurrentInstanceCount ?? null,
              desiredInstanceCount: variant.DesiredInstanceCount ?? null,
              serverless: variant.CurrentServerlessConfig !== undefined || variant.DesiredServerlessConfig !== undefined,
            })),
          };
          return values;
        }),
        readTags(context, sm, resource),
      ]);
      // Deleted between List and Describe: gone, not unreadable.
      if (described !== 'gone') context.emit(resource);
    }),
  );
}

// ── endpoint configs ───────────────────────────────────────────────────────────────────────────────

/**
 * Every endpoint config of the region, from its own paginated list (the summaries carry name, ARN and
 * creation time); DescribeEndpointConfig only when a rule needs its variants, storage key or data capture.
 */
async function scanEndpointConfigs(context: ScannerContext, sm: Sm): Promise<void> {
  const pages = await listAll(context, 'SageMaker.ListEndpointConfigs', [ENDPOINT_CONFIG], () =>
    paginateListEndpointConfigs({ client: sm, pageSize: PAGE_SIZE }, {}),
  );
  if (!pages) return;
  await Promise.all(
    pages
      .flatMap((page) => page.EndpointConfigs ?? [])
      .map(async (summary) => {
        const name = summary.EndpointConfigName ?? '';
        const resource = newResource(context, ENDPOINT_CONFIG, summary.EndpointConfigArn ?? arnOf(context, 'endpoint-config', name), name, {
          creationTime: iso(summary.CreationTime),
        });
        const [described] = await Promise.all([
          describeInto(context, resource, 'SageMaker.DescribeEndpointConfig', async () => {
            const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
            const capture = config.DataCaptureConfig;
            const values: Partial<EndpointConfigData> = {
              productionVariants: (config.ProductionVariants ?? []).map((variant) => ({
                variantName: variant.VariantName ?? '',
                modelName: variant.ModelName ?? null,
                instanceType: variant.InstanceType ?? null,
                initialInstanceCount: variant.InitialInstanceCount ?? null,
                serverless: variant.ServerlessConfig !== undefined,
              })),
              kmsKeyId: config.KmsKeyId ?? null,
              dataCapture: capture && capture.EnableCapture !== undefined ? { enabled: capture.EnableCapture, kmsKeyId: capture.KmsKeyId ?? null } : null,
            };
            return values;
          }),
          readTags(context, sm, resource),
        ]);
        // Deleted between List and Describe: gone, not unreadable.
        if (described !== 'gone') context.emit(resource);
      }),
  );
}

/** One paginated list per region, grouped by endpoint; a failure is an error on every endpoint's attribute. */
async function listSchedules(
  context: ScannerContext,
  sm: Sm,
): Promise<{ byEndpoint: Map<string, string[]> } | { error: CollectionError }> {
  try {
    const byEndpoint = new Map<string, string[]>();
    for await (const page of paginateListMonitoringSchedules({ client: sm, pageSize: PAGE_SIZE }, {})) {
      for (const schedule of page.MonitoringScheduleSummaries ?? []) {
        if (!schedule.EndpointName || !schedule.MonitoringScheduleName) continue;
        byEndpoint.set(schedule.EndpointName, [...(byEndpoint.get(schedule.EndpointName) ?? []), schedule.MonitoringScheduleName]);
      }
    }
    return { byEndpoint };
  } catch (error) {
    return { error: toCollectionError(error, 'SageMaker.ListMonitoringSchedules') };
  }
}

// ── model registry ─────────────────────────────────────────────────────────────────────────────────

/** GetModelPackageGroupPolicy answers a ValidationException naming the policy when a group has none. */
function isNoPolicy(error: unknown): boolean {
  if (errorCode(error) !== 'ValidationException') return false;
  const message = error instanceof Error ? error.message : '';
  return /polic/i.test(message);
}

async function scanPackageGroups(context: ScannerContext, sm: Sm): Promise<void> {
  const pages = await listAll(context, 'SageMaker.ListModelPackageGroups', [PACKAGE_GROUP], () =>
    paginateListModelPackageGroups({ client: sm, pageSize: PAGE_SIZE }, {}),
  );
  if (!pages) return;
  await Promise.all(
    pages
      .flatMap((page) => page.ModelPackageGroupSummaryList ?? [])
      .map(async (summary) => {
        const name = summary.ModelPackageGroupName ?? '';
        const resource = newResource(context, PACKAGE_GROUP, summary.ModelPackageGroupArn ?? arnOf(context, 'model-package-group', name), name, {
          creationTime: iso(summary.CreationTime),
          status: summary.ModelPackageGroupStatus ?? null,
        });
        await Promise.all([
          needs(context.plan, PACKAGE_GROUP, 'policy')
            ? context
                .limit(() => sm.send(new GetModelPackageGroupPolicyCommand({ ModelPackageGroupName: name })))
                .then(
                  (answer) => {
                    resource.data.policy = answer.ResourcePolicy ? parsePolicyDocument(answer.ResourcePolicy) : null;
                  },
                )
                .catch((error: unknown) => {
                  if (isNoPolicy(error)) resource.data.policy = null;
                  else resource.errors.policy = toCollectionError(error, 'SageMaker.GetModelPackageGroupPolicy');
                })
            : Promise.resolve(),
          readTags(context, sm, resource),
        ]);
        context.emit(resource);
      }),
  );
}

/** Versioned and unversioned packages in one paginated list: the summaries carry the approval status. */
async function scanPackages(context: ScannerContext, sm: Sm): Promise<void> {
  const pages = await listAll(context, 'SageMaker.ListModelPackages', [PACKAGE], () =>
    paginateListModelPackages({ client: sm, pageSize: PAGE_SIZE }, { ModelPackageType: 'Both' }),
  );
  if (!pages) return;
  await Promise.all(
    pages
      .flatMap((page) => page.ModelPackageSummaryList ?? [])
      .map(async (summary) => {
        const group = summary.ModelPackageGroupName ?? null;
        const version = summary.ModelPackageVersion ?? null;
        const name = group && version !== null ? `${group}/${version}` : (summary.ModelPackageName ?? summary.ModelPackageArn ?? '');
        const resource = newResource(context, PACKAGE, summary.ModelPackageArn ?? arnOf(context, 'model-package', name), name, {
          modelPackageGroupName: group,
          version,
          modelApprovalStatus: summary.ModelApprovalStatus ?? null,
          status: summary.ModelPackageStatus ?? null,
          creationTime: iso(summary.CreationTime),
        });
        await readTags(context, sm, resource);
        context.emit(resource);
      }),
  );
}
