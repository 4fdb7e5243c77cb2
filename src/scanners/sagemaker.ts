import type { ContainerDefinition, EndpointSummary, ProcessingJobSummary, TrainingJobSummary, VpcConfig } from '@aws-sdk/client-sagemaker';
import { partitionOf } from '../aws/clients.js';
import { errorCode, toCollectionError } from '../aws/errors.js';
import { parsePolicyDocument } from '../model/policy-document.js';
import type { AnyResource, CollectionError, ResourceType } from '../model/resource.js';
import type { ModelContainer, ModelData, SageMakerVpcConfig, SharedPackageStatus } from '../model/sagemaker.js';
import { iso, tagRecord } from './attributes.js';
import { declared, family, type DeclaredFamily } from './family.js';
import { list, type List } from './list.js';
import { call, fillFrom, paged, readShared, shared, sharedOperation, table, type ErrorMatch, type Outcome, type ReadTable } from './reads.js';
import { defineScanner, needs, type ScannerContext, type TypeCosts } from './scanner.js';
import { operationOf } from './sdk.js';
import { sdkPackage } from '../aws/sdk-packages.js';

const {
  DescribeDomainCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeNotebookInstanceCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  GetModelPackageGroupPolicyCommand,
  ListDomainsCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  ListMonitoringSchedulesCommand,
  ListNotebookInstancesCommand,
  ListProcessingJobsCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
} = sdkPackage('@aws-sdk/client-sagemaker');

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
const PAGES = { inputToken: 'NextToken', outputToken: 'NextToken' } as const;

// ── helpers ────────────────────────────────────────────────────────────────────────────────────────

/** A listed summary with the identity the scan gives it: per-resource reads (ListTags) name the same ARN. */
interface Listed<S> {
  readonly summary: S;
  readonly arn: string;
  readonly name: string;
}

/**
 * A SageMaker list whose items carry their identity. A summary without an ARN gets one built from its name,
 * which needs the scan's region and account: known when the list is drained, not when it is declared.
 */
function identified<S>(inner: List<S>, identify: (summary: S, context: ScannerContext) => { arn: string; name: string }): List<Listed<S>> {
  return {
    service: inner.service,
    command: inner.command,
    drain: async (client, context) => (await inner.drain(client, context)).map((summary) => ({ summary, ...identify(summary, context) })),
  };
}

function arnOf(context: ScannerContext, kind: string, name: string): string {
  // SageMaker lowercases names in ARNs.
  return `arn:${partitionOf(context.region)}:sagemaker:${context.region}:${context.target.accountId}:${kind}/${name.toLowerCase()}`;
}

const identity = (item: Listed<unknown>) => ({ arn: item.arn, name: item.name });

/** Tags: one ListTags per resource (paginated), only when the plan needs them. */
function tagsOf<T extends ResourceType>(type: T): ReadTable<T, Listed<unknown>> {
  return table<T, Listed<unknown>>({
    type,
    service: 'SageMaker',
    reads: {
      tags: paged(ListTagsCommand, {
        ...PAGES,
        input: (item: Listed<unknown>) => ({ ResourceArn: item.arn, MaxResults: PAGE_SIZE }),
        items: (page) => page.Tags,
        map: (tags) => tagRecord(tags),
      }),
    } as ReadTable<T, Listed<unknown>>['reads'],
  });
}

/**
 * A resource deleted between List and Describe is gone, not unreadable. SageMaker says so with
 * ResourceNotFound, or a ValidationException such as "RecordNotFound" / "Could not find model".
 */
const gone: ErrorMatch = (error) => {
  const code = errorCode(error);
  if (code === 'ResourceNotFound' || code === 'ResourceNotFoundException') return true;
  const message = error instanceof Error ? error.message : '';
  return code === 'ValidationException' && /RecordNotFound|could not find|does not exist|not found/i.test(message);
};

/** A field the answer should have carried but did not: its attribute is an error, not a guessed value. */
function incomplete(operation: string, attribute: string, field: string): never {
  throw Object.assign(new Error(`${operation} answered without ${field}, so ${attribute} is unknown`), { name: 'IncompleteResponse' });
}

function vpcOf(config: VpcConfig | undefined): SageMakerVpcConfig | null {
  if (!config?.Subnets || config.Subnets.length === 0) return null;
  return { subnets: config.Subnets, securityGroupIds: config.SecurityGroupIds ?? [] };
}

// ── notebook instances ─────────────────────────────────────────────────────────────────────────────

const notebooks = family({
  type: NOTEBOOK,
  list: identified(
    list('SageMaker', ListNotebookInstancesCommand, { ...PAGES, input: () => ({ MaxResults: PAGE_SIZE }), items: (page) => page.NotebookInstances }),
    (summary, context) => {
      const name = summary.NotebookInstanceName ?? '';
      return { name, arn: summary.NotebookInstanceArn ?? arnOf(context, 'notebook-instance', name) };
    },
  ),
  identity,
  summary: ({ summary }) => ({
    status: summary.NotebookInstanceStatus ?? 'Unknown',
    instanceType: summary.InstanceType ?? null,
    creationTime: iso(summary.CreationTime),
  }),
  describe: {
    command: DescribeNotebookInstanceCommand,
    input: (item) => ({ NotebookInstanceName: item.name }),
    fills: {
      directInternetAccess: (nb) => (nb.DirectInternetAccess === 'Disabled' ? 'Disabled' : 'Enabled'),
      subnetId: (nb) => nb.SubnetId ?? null,
      securityGroups: (nb) => nb.SecurityGroups ?? [],
      rootAccess: (nb) => (nb.RootAccess === 'Disabled' ? 'Disabled' : 'Enabled'),
      kmsKeyId: (nb) => nb.KmsKeyId ?? null,
      roleArn: (nb) => nb.RoleArn ?? null,
    },
  },
  reads: tagsOf(NOTEBOOK),
  gone,
});

// ── domains ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Studio domains. User profiles are not read: moto 5.2 does not implement ListUserProfiles, and the
 * guardrails (VPC-only access, KMS) are domain-wide settings a profile cannot loosen.
 */
const domains = family({
  type: DOMAIN,
  list: identified(
    list('SageMaker', ListDomainsCommand, { ...PAGES, input: () => ({ MaxResults: PAGE_SIZE }), items: (page) => page.Domains }),
    (summary, context) => {
      const domainId = summary.DomainId ?? '';
      return { name: summary.DomainName ?? domainId, arn: summary.DomainArn ?? arnOf(context, 'domain', domainId) };
    },
  ),
  identity,
  summary: ({ summary }) => ({ domainId: summary.DomainId ?? '', status: summary.Status ?? 'Unknown' }),
  describe: {
    command: DescribeDomainCommand,
    input: ({ summary }) => ({ DomainId: summary.DomainId ?? '' }),
    fills: {
      appNetworkAccessType: (domain) => (domain.AppNetworkAccessType === 'VpcOnly' ? 'VpcOnly' : 'PublicInternetOnly'),
      vpcId: (domain) => domain.VpcId ?? null,
      subnetIds: (domain) => domain.SubnetIds ?? [],
      kmsKeyId: (domain) => domain.KmsKeyId ?? null,
      authMode: (domain) => domain.AuthMode ?? null,
    },
  },
  reads: tagsOf(DOMAIN),
  gone,
});

// ── training and processing jobs ───────────────────────────────────────────────────────────────────

/** The lookback window, fixed once per regional scan (both job lists and their filter share it). */
const windows = new WeakMap<ScannerContext, Date>();

function windowOf(context: ScannerContext): Date {
  let since = windows.get(context);
  if (!since) {
    const days = context.options.jobLookbackDays ?? DEFAULT_JOB_LOOKBACK_DAYS;
    since = new Date(Date.now() - days * 86_400_000);
    windows.set(context, since);
    context.note(
      `SageMaker training and processing jobs: only jobs created in the last ${days} days are scanned, newest first (--job-lookback-days).`,
    );
  }
  return since;
}

const windowInput = (context: ScannerContext) =>
  ({ CreationTimeAfter: windowOf(context), SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: PAGE_SIZE }) as const;

/**
 * An API endpoint (an emulator) may ignore the window or the order: both are applied here too. Newest first
 * also orders the Describe queue under the concurrency bound.
 */
function inWindow<S extends { CreationTime?: Date }>(items: Array<Listed<S>>, context: ScannerContext): Array<Listed<S>> {
  const since = windowOf(context);
  return items
    .filter(({ summary }) => !summary.CreationTime || summary.CreationTime >= since)
    .sort((a, b) => (b.summary.CreationTime?.getTime() ?? 0) - (a.summary.CreationTime?.getTime() ?? 0));
}

const jobSummary = (kind: 'training' | 'processing') => (status: string | undefined, creationTime: Date | undefined) => ({
  kind,
  status: status ?? 'Unknown',
  creationTime: iso(creationTime),
});

function sumInstanceGroups(groups: Array<{ InstanceCount?: number }> | undefined): number | null {
  if (!groups || groups.length === 0) return null;
  return groups.reduce((total, group) => total + (group.InstanceCount ?? 0), 0);
}

const trainingJobs = family({
  type: JOB,
  list: identified(
    list('SageMaker', ListTrainingJobsCommand, { ...PAGES, input: windowInput, items: (page) => page.TrainingJobSummaries }),
    (job: TrainingJobSummary, context) => {
      const name = job.TrainingJobName ?? '';
      return { name, arn: job.TrainingJobArn ?? arnOf(context, 'training-job', name) };
    },
  ),
  select: inWindow,
  identity,
  summary: ({ summary }) => jobSummary('training')(summary.TrainingJobStatus, summary.CreationTime),
  describe: {
    command: DescribeTrainingJobCommand,
    input: (item) => ({ TrainingJobName: item.name }),
    fills: {
      instanceCount: (job) => job.ResourceConfig?.InstanceCount ?? sumInstanceGroups(job.ResourceConfig?.InstanceGroups),
      vpcConfig: (job) => vpcOf(job.VpcConfig),
      enableNetworkIsolation: (job) => job.EnableNetworkIsolation ?? false,
      enableInterContainerTrafficEncryption: (job) => job.EnableInterContainerTrafficEncryption ?? false,
      volumeKmsKeyId: (job) => job.ResourceConfig?.VolumeKmsKeyId ?? null,
      outputKmsKeyId: (job) => job.OutputDataConfig?.KmsKeyId ?? null,
    },
  },
  reads: tagsOf(JOB),
  gone,
});

/** ProcessingResources is a required field of the answer; without it the cluster's values are unknown, not absent. */
const CLUSTER = 'ProcessingResources.ClusterConfig';
const DESCRIBE_PROCESSING = operationOf('SageMaker', DescribeProcessingJobCommand);

const processingJobs = family({
  type: JOB,
  list: identified(
    list('SageMaker', ListProcessingJobsCommand, { ...PAGES, input: windowInput, items: (page) => page.ProcessingJobSummaries }),
    (job: ProcessingJobSummary, context) => {
      const name = job.ProcessingJobName ?? '';
      return { name, arn: job.ProcessingJobArn ?? arnOf(context, 'processing-job', name) };
    },
  ),
  select: inWindow,
  identity,
  summary: ({ summary }) => jobSummary('processing')(summary.ProcessingJobStatus, summary.CreationTime),
  describe: {
    command: DescribeProcessingJobCommand,
    input: (item) => ({ ProcessingJobName: item.name }),
    fills: {
      instanceCount: (job) => {
        const cluster = job.ProcessingResources?.ClusterConfig;
        return cluster ? (cluster.InstanceCount ?? null) : incomplete(DESCRIBE_PROCESSING, 'instanceCount', CLUSTER);
      },
      vpcConfig: (job) => vpcOf(job.NetworkConfig?.VpcConfig),
      enableNetworkIsolation: (job) => job.NetworkConfig?.EnableNetworkIsolation ?? false,
      enableInterContainerTrafficEncryption: (job) => job.NetworkConfig?.EnableInterContainerTrafficEncryption ?? false,
      volumeKmsKeyId: (job) => {
        const cluster = job.ProcessingResources?.ClusterConfig;
        return cluster ? (cluster.VolumeKmsKeyId ?? null) : incomplete(DESCRIBE_PROCESSING, 'volumeKmsKeyId', CLUSTER);
      },
      outputKmsKeyId: (job) => job.ProcessingOutputConfig?.KmsKeyId ?? null,
    },
  },
  reads: tagsOf(JOB),
  gone,
});

// ── models ─────────────────────────────────────────────────────────────────────────────────────────

function containerOf(definition: ContainerDefinition): ModelContainer {
  return {
    image: definition.Image ?? null,
    modelPackageName: definition.ModelPackageName ?? null,
    modelDataUrl: definition.ModelDataUrl ?? null,
  };
}

const DESCRIBE_MODEL_PACKAGE = operationOf('SageMaker', DescribeModelPackageCommand);
/** Shared package statuses, once per package ARN per regional scan. */
const packageStatuses = new WeakMap<ScannerContext, Map<string, Promise<SharedPackageStatus>>>();

/**
 * Models deployed from a central registry reference packages in another account by ARN. Their approval
 * status is read with DescribeModelPackage on the shared ARN (the registry's resource policy grants it to
 * the accounts that deploy from it), once per package per account scan.
 */
async function readSharedPackages(model: AnyResource, context: ScannerContext): Promise<void> {
  if (!needs(context.plan, MODEL, 'sharedPackages')) return;
  const containers = (model.data as Partial<ModelData>).containers;
  if (!containers) {
    const failure = (model.errors as Record<string, CollectionError | undefined>).containers;
    if (failure) (model.errors as Record<string, CollectionError>).sharedPackages = failure;
    return;
  }
  let cache = packageStatuses.get(context);
  if (!cache) packageStatuses.set(context, (cache = new Map()));
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
          (error: unknown) => ({ error: toCollectionError(error, DESCRIBE_MODEL_PACKAGE) }),
        );
      cache.set(packageArn, pending);
    }
    statuses[packageArn] = await pending;
  }
  model.data.sharedPackages = statuses;
}

const models = family({
  type: MODEL,
  list: identified(
    list('SageMaker', ListModelsCommand, { ...PAGES, input: () => ({ MaxResults: PAGE_SIZE }), items: (page) => page.Models }),
    (summary, context) => {
      const name = summary.ModelName ?? '';
      return { name, arn: summary.ModelArn ?? arnOf(context, 'model', name) };
    },
  ),
  identity,
  summary: ({ summary }) => ({ creationTime: iso(summary.CreationTime) }),
  describe: {
    command: DescribeModelCommand,
    input: (item) => ({ ModelName: item.name }),
    fills: {
      containers: (model) => {
        const primary = model.PrimaryContainer;
        return [...(primary && (primary.Image || primary.ModelPackageName) ? [primary] : []), ...(model.Containers ?? [])].map(containerOf);
      },
      enableNetworkIsolation: (model) => model.EnableNetworkIsolation ?? false,
      vpcConfig: (model) => vpcOf(model.VpcConfig),
      executionRoleArn: (model) => model.ExecutionRoleArn ?? null,
    },
  },
  reads: tagsOf(MODEL),
  gone,
  then: readSharedPackages,
});

// ── endpoints ──────────────────────────────────────────────────────────────────────────────────────

/** One paginated list per region, grouped by endpoint; a failure is an error on every endpoint's attribute. */
const monitoringSchedules = shared(
  'SageMaker',
  paged(ListMonitoringSchedulesCommand, {
    ...PAGES,
    input: () => ({ MaxResults: PAGE_SIZE }),
    items: (page) => page.MonitoringScheduleSummaries,
    map: (schedules) => {
      const byEndpoint = new Map<string, string[]>();
      for (const schedule of schedules) {
        if (!schedule.EndpointName || !schedule.MonitoringScheduleName) continue;
        byEndpoint.set(schedule.EndpointName, [...(byEndpoint.get(schedule.EndpointName) ?? []), schedule.MonitoringScheduleName]);
      }
      return byEndpoint;
    },
  }),
);

type ListedEndpoint = Listed<EndpointSummary> & { readonly schedules?: Outcome<Map<string, string[]>> };

/** The endpoints, then (when needed, and only once they are listed) the region's monitoring schedules. */
function withSchedules(inner: List<Listed<EndpointSummary>>): List<ListedEndpoint> {
  return {
    service: inner.service,
    command: inner.command,
    drain: async (client, context) => {
      const endpoints = await inner.drain(client, context);
      if (!needs(context.plan, ENDPOINT, 'monitoringSchedules')) return endpoints;
      const schedules = await readShared(context, monitoringSchedules, context.region);
      return endpoints.map((endpoint) => ({ ...endpoint, schedules }));
    },
  };
}

const endpoints = family({
  type: ENDPOINT,
  list: withSchedules(
    identified(list('SageMaker', ListEndpointsCommand, { ...PAGES, input: () => ({ MaxResults: PAGE_SIZE }), items: (page) => page.Endpoints }), (summary, context) => {
      const name = summary.EndpointName ?? '';
      return { name, arn: summary.EndpointArn ?? arnOf(context, 'endpoint', name) };
    }),
  ),
  identity,
  summary: ({ summary }) => ({ status: summary.EndpointStatus ?? 'Unknown', creationTime: iso(summary.CreationTime) }),
  describe: {
    command: DescribeEndpointCommand,
    input: (item) => ({ EndpointName: item.name }),
    fills: {
      endpointConfigName: (endpoint) => endpoint.EndpointConfigName ?? null,
      productionVariants: (endpoint) =>
        (endpoint.ProductionVariants ?? []).map((variant) => ({
          variantName: variant.VariantName ?? '',
          currentInstanceCount: variant.CurrentInstanceCount ?? null,
          desiredInstanceCount: variant.DesiredInstanceCount ?? null,
          serverless: variant.CurrentServerlessConfig !== undefined || variant.DesiredServerlessConfig !== undefined,
        })),
    },
  },
  reads: tagsOf(ENDPOINT),
  gone,
  then: (resource, _context, item) => {
    if (item.schedules) fillFrom(resource, 'monitoringSchedules', item.schedules, (byEndpoint) => byEndpoint.get(item.name) ?? []);
  },
});

// ── endpoint configs ───────────────────────────────────────────────────────────────────────────────

/**
 * Every endpoint config of the region, from its own paginated list (the summaries carry name, ARN and
 * creation time); DescribeEndpointConfig only when a rule needs its variants, storage key or data capture.
 */
const endpointConfigs = family({
  type: ENDPOINT_CONFIG,
  list: identified(
    list('SageMaker', ListEndpointConfigsCommand, { ...PAGES, input: () => ({ MaxResults: PAGE_SIZE }), items: (page) => page.EndpointConfigs }),
    (summary, context) => {
      const name = summary.EndpointConfigName ?? '';
      return { name, arn: summary.EndpointConfigArn ?? arnOf(context, 'endpoint-config', name) };
    },
  ),
  identity,
  summary: ({ summary }) => ({ creationTime: iso(summary.CreationTime) }),
  describe: {
    command: DescribeEndpointConfigCommand,
    input: (item) => ({ EndpointConfigName: item.name }),
    fills: {
      productionVariants: (config) =>
        (config.ProductionVariants ?? []).map((variant) => ({
          variantName: variant.VariantName ?? '',
          modelName: variant.ModelName ?? null,
          instanceType: variant.InstanceType ?? null,
          initialInstanceCount: variant.InitialInstanceCount ?? null,
          serverless: variant.ServerlessConfig !== undefined,
        })),
      kmsKeyId: (config) => config.KmsKeyId ?? null,
      dataCapture: ({ DataCaptureConfig: capture }) =>
        capture && capture.EnableCapture !== undefined ? { enabled: capture.EnableCapture, kmsKeyId: capture.KmsKeyId ?? null } : null,
    },
  },
  reads: tagsOf(ENDPOINT_CONFIG),
  gone,
});

// ── model registry ─────────────────────────────────────────────────────────────────────────────────

/** GetModelPackageGroupPolicy answers a ValidationException naming the policy when a group has none. */
const isNoPolicy: ErrorMatch = (error) => errorCode(error) === 'ValidationException' && /polic/i.test(error instanceof Error ? error.message : '');

const packageGroups = family({
  type: PACKAGE_GROUP,
  list: identified(
    list('SageMaker', ListModelPackageGroupsCommand, {
      ...PAGES,
      input: () => ({ MaxResults: PAGE_SIZE }),
      items: (page) => page.ModelPackageGroupSummaryList,
    }),
    (summary, context) => {
      const name = summary.ModelPackageGroupName ?? '';
      return { name, arn: summary.ModelPackageGroupArn ?? arnOf(context, 'model-package-group', name) };
    },
  ),
  identity,
  summary: ({ summary }) => ({ creationTime: iso(summary.CreationTime), status: summary.ModelPackageGroupStatus ?? null }),
  reads: table<typeof PACKAGE_GROUP, Listed<unknown>>({
    type: PACKAGE_GROUP,
    service: 'SageMaker',
    reads: {
      ...tagsOf(PACKAGE_GROUP).reads,
      policy: call(GetModelPackageGroupPolicyCommand, {
        input: (item: Listed<unknown>) => ({ ModelPackageGroupName: item.name }),
        map: (answer) => (answer.ResourcePolicy ? parsePolicyDocument(answer.ResourcePolicy) : null),
        notConfigured: isNoPolicy,
      }),
    },
  }),
});

/** Versioned and unversioned packages in one paginated list: the summaries carry the approval status. */
const packages = family({
  type: PACKAGE,
  list: identified(
    list('SageMaker', ListModelPackagesCommand, {
      ...PAGES,
      input: () => ({ ModelPackageType: 'Both' as const, MaxResults: PAGE_SIZE }),
      items: (page) => page.ModelPackageSummaryList,
    }),
    (summary, context) => {
      const group = summary.ModelPackageGroupName;
      const version = summary.ModelPackageVersion;
      const name = group && version !== undefined ? `${group}/${version}` : (summary.ModelPackageName ?? summary.ModelPackageArn ?? '');
      return { name, arn: summary.ModelPackageArn ?? arnOf(context, 'model-package', name) };
    },
  ),
  identity,
  summary: ({ summary }) => ({
    modelPackageGroupName: summary.ModelPackageGroupName ?? null,
    version: summary.ModelPackageVersion ?? null,
    modelApprovalStatus: summary.ModelApprovalStatus ?? null,
    status: summary.ModelPackageStatus ?? null,
    creationTime: iso(summary.CreationTime),
  }),
  reads: tagsOf(PACKAGE),
});

// ── the scanner ────────────────────────────────────────────────────────────────────────────────────

const families: DeclaredFamily[] = [
  declared(notebooks),
  declared(domains),
  declared(trainingJobs),
  declared(processingJobs),
  declared(models),
  declared(endpoints),
  declared(endpointConfigs),
  declared(packageGroups),
  declared(packages),
];

/** Per type, what it costs: jobs come from two lists; two attributes from reads outside their family. */
function scannerCosts(): Record<string, TypeCosts> {
  const costs: Record<string, TypeCosts> = {};
  const add = (type: string, cost: TypeCosts) => {
    const before = costs[type] ?? { list: [], attributes: {} };
    const attributes: Record<string, readonly string[]> = { ...before.attributes };
    for (const [attribute, calls] of Object.entries(cost.attributes)) attributes[attribute] = [...new Set([...(attributes[attribute] ?? []), ...calls])];
    costs[type] = { list: [...before.list, ...cost.list], attributes };
  };
  for (const spec of families) add(spec.type, spec.costs);
  add(MODEL, { list: [], attributes: { sharedPackages: [DESCRIBE_MODEL_PACKAGE] } });
  add(ENDPOINT, { list: [], attributes: { monitoringSchedules: [sharedOperation(monitoringSchedules)] } });
  return costs;
}

const costs = scannerCosts();

/**
 * SageMaker, per region: one paginated List per resource family, then a Describe per resource only when
 * the plan needs an attribute the List answer lacks (tags: one ListTags per resource, only when needed).
 * Endpoint configs are listed on their own, used by an endpoint or not (configs are created ahead of
 * promotion, and AWS Config's managed rule judges them all): one Describe per config at most, whatever the
 * endpoints that share it; jobs only within the lookback window.
 */
export const sagemakerScanner = defineScanner({
  service: 'sagemaker',
  scope: 'regional',
  costs,
  async scan(context) {
    await Promise.all(families.map((spec) => spec.scan(context)));
  },
});
