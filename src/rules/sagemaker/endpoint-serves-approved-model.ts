import type { CollectionError, ResourceOf } from '../../model/resource.js';
import type { ModelData } from '../../model/sagemaker.js';
import type { AccountView } from '../rule.js';
import { defineRule, error, fail, pass, type Needed, type Verdict } from '../rule.js';

const CONFIG = 'aws.sagemaker.endpoint-config' as const;
const MODEL = 'aws.sagemaker.model' as const;
const PACKAGE = 'aws.sagemaker.model-package' as const;

/** One served container traced back to its origin. */
interface Chain {
  variant: string;
  model: string | null;
  container?: number;
  image?: string | null;
  package?: string;
  status?: string | null;
  outcome: 'approved' | 'fail' | 'unknown';
  reason: string;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

type Endpoint = Needed<'aws.sagemaker.endpoint', 'endpointConfigName'>;
type Package = ResourceOf<'aws.sagemaker.model-package'>;
type Model = ResourceOf<'aws.sagemaker.model'>;

function unreadable(resource: { errors: object }, attribute: string): CollectionError | undefined {
  return (resource.errors as Record<string, CollectionError | undefined>)[attribute];
}

/**
 * Finds a model package by the reference a model container holds: an ARN (matched case-insensitively,
 * since SageMaker lowercases names in ARNs) or a `group/version` or unversioned name.
 */
function findPackage(account: AccountView, reference: string, region: string): Package | undefined {
  const packages = account.ofType(PACKAGE);
  if (reference.startsWith('arn:')) return packages.find((candidate) => sameName(candidate.arn, reference));
  return packages.find((candidate) => candidate.region === region && sameName(candidate.name, reference));
}

/** A package in another account (a central registry): its status as read through the shared ARN. */
function traceShared(model: Model, chain: Omit<Chain, 'outcome' | 'reason'>, reference: string, owner: string): Chain {
  // Inventories written before shared packages were collected have no such attribute: unknown, not a crash.
  const shared = (model.data.sharedPackages as ModelData['sharedPackages'] | undefined)?.[reference];
  if (!shared) return { ...chain, outcome: 'unknown', reason: `model package ${reference} in account ${owner} was not read` };
  if ('error' in shared) {
    return { ...chain, outcome: 'unknown', reason: `the status of ${reference} (account ${owner}) could not be read (${shared.error.operation}: ${shared.error.code})` };
  }
  const status = shared.modelApprovalStatus;
  const named = { ...chain, status };
  return status === 'Approved'
    ? { ...named, outcome: 'approved', reason: `${reference} (registry in account ${owner}) is Approved` }
    : { ...named, outcome: 'fail', reason: `model package ${reference} (registry in account ${owner}) has status ${status ?? 'none (unversioned package)'}, not Approved` };
}

function traceContainer(account: AccountView, endpoint: Endpoint, model: Model, base: Omit<Chain, 'outcome' | 'reason'>, reference: string): Chain {
  const chain = { ...base, package: reference };
  const owner = reference.startsWith('arn:') ? reference.split(':')[4] : endpoint.accountId;
  if (owner && owner !== endpoint.accountId) return traceShared(model, chain, reference, owner);
  const found = findPackage(account, reference, endpoint.region);
  if (!found) {
    return { ...chain, outcome: 'unknown', reason: `model package ${reference} is not in the inventory (deleted, or its listing failed)` };
  }
  const failure = unreadable(found, 'modelApprovalStatus');
  if (failure) return { ...chain, outcome: 'unknown', reason: `the status of ${found.arn} could not be read (${failure.operation}: ${failure.code})` };
  const status = found.data.modelApprovalStatus;
  const named = { ...chain, package: found.arn, status };
  return status === 'Approved'
    ? { ...named, outcome: 'approved', reason: `${found.arn} is Approved` }
    : { ...named, outcome: 'fail', reason: `model package ${found.arn} has status ${status ?? 'none (unversioned package)'}, not Approved` };
}

function trace(endpoint: Endpoint, configName: string, account: AccountView): Chain[] | Verdict {
  const config = account.ofType(CONFIG).find(
    (candidate) => candidate.region === endpoint.region && sameName(candidate.name, configName),
  );
  if (!config) {
    // SageMaker lets a config be deleted while an endpoint still runs on it; or the config listing failed.
    return error(`endpoint config ${configName} is not in the inventory (deleted while the endpoint still runs on it, or its listing failed): the served model cannot be traced`);
  }
  const configFailure = unreadable(config, 'productionVariants');
  if (configFailure) return error(`endpoint config ${configName} could not be read (${configFailure.operation}: ${configFailure.code})`);

  const chains: Chain[] = [];
  for (const variant of config.data.productionVariants) {
    const base = { variant: variant.variantName, model: variant.modelName };
    if (!variant.modelName) {
      chains.push({ ...base, outcome: 'unknown', reason: `variant ${variant.variantName} names no model` });
      continue;
    }
    const model = account.ofType(MODEL).find(
      (candidate) => candidate.region === endpoint.region && sameName(candidate.name, variant.modelName ?? ''),
    );
    if (!model) {
      chains.push({ ...base, outcome: 'unknown', reason: `model ${variant.modelName} is not in the inventory (deleted, or its listing failed)` });
      continue;
    }
    const modelFailure = unreadable(model, 'containers');
    if (modelFailure) {
      chains.push({ ...base, outcome: 'unknown', reason: `model ${variant.modelName} could not be read (${modelFailure.operation}: ${modelFailure.code})` });
      continue;
    }
    const containers = model.data.containers;
    if (containers.length === 0) chains.push({ ...base, outcome: 'fail', reason: `model ${variant.modelName} has no container from a model package` });
    containers.forEach((container, index) => {
      const at = { ...base, container: index };
      if (container.modelPackageName) chains.push(traceContainer(account, endpoint, model, at, container.modelPackageName));
      else {
        chains.push({
          ...at,
          image: container.image,
          outcome: 'fail',
          reason: `model ${variant.modelName} container ${index} is built from image ${container.image ?? '(none)'}, not from a model package`,
        });
      }
    });
  }
  return chains;
}

export default defineRule({
  id: 'sagemaker-endpoint-serves-approved-model',
  title: 'SageMaker endpoints in serving accounts serve only approved model packages',
  severity: 'high',
  resourceType: 'aws.sagemaker.endpoint',
  needs: ['endpointConfigName'],
  related: {
    [CONFIG]: ['productionVariants'],
    [MODEL]: ['containers', 'sharedPackages'],
    [PACKAGE]: ['modelApprovalStatus'],
  },
  description:
    'Every container of every model the endpoint serves (endpoint → endpoint config → production variant → model → container) was built from a model package (`ModelPackageName`) whose approval status is `Approved`. The evidence names each package and its status. Applies to serving-nonprod and serving-prod accounts by default.',
  rationale:
    'Approval in the model registry is the platform\'s promotion gate: it records that the model passed evaluation and review. An endpoint serving an image directly, or a package still pending or rejected, bypasses the gate. A package in another account (a central registry) is judged by its approval status, read from that account with DescribeModelPackage on the shared ARN; when that status cannot be read, the result is `error`, never a guess.',
  remediation:
    'Deploy from the registry: `aws_sagemaker_model` with `primary_container { model_package_name = <approved package ARN> }`, and approve the version first (`UpdateModelPackage` with `ModelApprovalStatus=Approved`, normally by the promotion pipeline).',
  references: {
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-approve.html', 'https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-deploy.html'],
  },
  appliesTo: { accountTypes: ['serving-nonprod', 'serving-prod'] },
  check(endpoint, { account }) {
    const configName = endpoint.data.endpointConfigName;
    if (!configName) return error('the endpoint reports no endpoint config');
    const traced = trace(endpoint, configName, account);
    if (!Array.isArray(traced)) return traced;
    const evidence = {
      endpointConfig: configName,
      served: traced.map(({ outcome, reason, ...chain }) => ({ ...chain, approved: outcome === 'approved', note: reason })),
    };
    const failing = traced.filter((chain) => chain.outcome === 'fail');
    if (failing.length > 0) return fail(failing.map((chain) => chain.reason).join('; '), { path: 'data.endpointConfigName', evidence });
    const unknown = traced.filter((chain) => chain.outcome === 'unknown');
    if (unknown.length > 0) return error(`could not decide: ${unknown.map((chain) => chain.reason).join('; ')}`, { evidence });
    if (traced.length === 0) return error(`endpoint config ${configName} has no production variants`, { evidence });
    return pass(`serves approved package(s) ${[...new Set(traced.map((chain) => chain.package))].join(', ')}`, { evidence });
  },
});
