/**
 * The SageMaker list families against stubbed answers: the Describe only when the plan needs an attribute
 * it fills, a resource deleted between List and Describe left out, and a denied Describe an error on exactly
 * the described attributes the plan needs.
 */
import { describe, expect, it } from 'vitest';
import { sagemakerScanner } from '../../../src/scanners/sagemaker.js';
import { MOTO_ACCOUNT } from '../../support/aws.js';
import { awsError, planOf, stubScan, type Answer } from './stub-sdk.js';

const NOTEBOOK = 'aws.sagemaker.notebook-instance';
const arn = (name: string) => `arn:aws:sagemaker:us-east-1:${MOTO_ACCOUNT}:notebook-instance/${name}`;
const listing = {
  NotebookInstances: ['lab', 'scratch'].map((name) => ({
    NotebookInstanceName: name,
    NotebookInstanceArn: arn(name),
    NotebookInstanceStatus: 'InService',
    InstanceType: 'ml.t3.medium',
    CreationTime: new Date('2026-11-01T00:00:00Z'),
  })),
};

function answers(describe: (name: string) => Record<string, unknown>, extra: Record<string, () => Record<string, unknown>> = {}): Answer {
  return (operation, input) => {
    if (operation === 'SageMaker.ListNotebookInstances') return listing;
    if (operation === 'SageMaker.DescribeNotebookInstance') return describe(String(input.NotebookInstanceName));
    const answer = extra[operation];
    if (answer) return answer();
    throw new Error(`unexpected call ${operation}`);
  };
}

const described = (name: string) => ({ NotebookInstanceName: name, DirectInternetAccess: 'Disabled', RootAccess: 'Disabled', SubnetId: 'subnet-1', KmsKeyId: 'key-1' });

describe('SageMaker list families', () => {
  it('a plan of list-summary attributes makes the List call only, no Describe', async () => {
    const { inventory, calls } = await stubScan({ scanner: sagemakerScanner, plan: planOf({ [NOTEBOOK]: ['status', 'instanceType'] }), answer: answers(described) });
    expect(calls).toEqual([{ operation: 'SageMaker.ListNotebookInstances', input: { MaxResults: 100 } }]);
    expect(inventory.resources.map((resource) => resource.data)).toEqual([
      { status: 'InService', instanceType: 'ml.t3.medium', creationTime: '2026-11-01T00:00:00.000Z' },
      { status: 'InService', instanceType: 'ml.t3.medium', creationTime: '2026-11-01T00:00:00.000Z' },
    ]);
  });

  it('a described attribute makes one Describe per resource, which fills every attribute it answers', async () => {
    const { inventory, calls } = await stubScan({ scanner: sagemakerScanner, plan: planOf({ [NOTEBOOK]: ['rootAccess'] }), answer: answers(described) });
    expect(inventory.apiCalls).toEqual({ 'SageMaker.ListNotebookInstances': 1, 'SageMaker.DescribeNotebookInstance': 2 });
    expect(calls.filter((call) => call.operation === 'SageMaker.DescribeNotebookInstance').map((call) => call.input)).toEqual([
      { NotebookInstanceName: 'lab' },
      { NotebookInstanceName: 'scratch' },
    ]);
    expect(inventory.resources[0]?.data).toMatchObject({ rootAccess: 'Disabled', directInternetAccess: 'Disabled', subnetId: 'subnet-1', kmsKeyId: 'key-1', roleArn: null });
  });

  it('a notebook deleted between List and Describe is left out, not an error', async () => {
    const { inventory } = await stubScan({
      scanner: sagemakerScanner,
      plan: planOf({ [NOTEBOOK]: ['rootAccess'] }),
      answer: answers((name) => {
        if (name === 'scratch') throw awsError('ValidationException', 400, 'RecordNotFound');
        return described(name);
      }),
    });
    expect(inventory.resources.map((resource) => resource.name)).toEqual(['lab']);
    expect(inventory.resources[0]?.errors).toEqual({});
    expect(inventory.errors).toEqual([]);
  });

  it('AccessDenied on the Describe is an error on exactly the described attributes the plan needs', async () => {
    const { inventory } = await stubScan({
      scanner: sagemakerScanner,
      plan: planOf({ [NOTEBOOK]: ['status', 'rootAccess', 'subnetId'] }),
      answer: answers(() => {
        throw awsError('AccessDeniedException', 400, 'not authorized to perform sagemaker:DescribeNotebookInstance');
      }),
    });
    const denied = { code: 'AccessDeniedException', message: 'not authorized to perform sagemaker:DescribeNotebookInstance', operation: 'SageMaker.DescribeNotebookInstance', httpStatus: 400 };
    for (const notebook of inventory.resources) {
      expect(notebook.errors).toEqual({ rootAccess: denied, subnetId: denied });
      expect(notebook.data).toEqual({ status: 'InService', instanceType: 'ml.t3.medium', creationTime: '2026-11-01T00:00:00.000Z' });
    }
    expect(inventory.resources).toHaveLength(2);
    expect(inventory.errors).toEqual([]);
  });

  it('a package group without a policy has policy null; another ValidationException is an error', async () => {
    const group = (name: string) => ({ ModelPackageGroupName: name, ModelPackageGroupArn: `arn:aws:sagemaker:us-east-1:${MOTO_ACCOUNT}:model-package-group/${name}` });
    const { inventory } = await stubScan({
      scanner: sagemakerScanner,
      plan: planOf({ 'aws.sagemaker.model-package-group': ['policy'] }),
      answer: (operation, input) => {
        if (operation === 'SageMaker.ListModelPackageGroups') return { ModelPackageGroupSummaryList: [group('open'), group('odd')] };
        if (operation === 'SageMaker.GetModelPackageGroupPolicy') {
          if (input.ModelPackageGroupName === 'open') throw awsError('ValidationException', 400, 'Cannot find resource policy for open');
          throw awsError('ValidationException', 400, 'Throttled by an odd endpoint');
        }
        throw new Error(`unexpected call ${operation}`);
      },
    });
    const [open, odd] = inventory.resources;
    expect(open?.data.policy).toBeNull();
    expect(open?.errors).toEqual({});
    expect(odd?.data).not.toHaveProperty('policy');
    expect(odd?.errors.policy).toMatchObject({ code: 'ValidationException', operation: 'SageMaker.GetModelPackageGroupPolicy' });
  });

  it('the scanning role covers the tables: every List, Describe and read the families declare', () => {
    expect(sagemakerScanner.operations).toEqual([
      'SageMaker.DescribeDomain',
      'SageMaker.DescribeEndpoint',
      'SageMaker.DescribeEndpointConfig',
      'SageMaker.DescribeModel',
      'SageMaker.DescribeModelPackage',
      'SageMaker.DescribeNotebookInstance',
      'SageMaker.DescribeProcessingJob',
      'SageMaker.DescribeTrainingJob',
      'SageMaker.GetModelPackageGroupPolicy',
      'SageMaker.ListDomains',
      'SageMaker.ListEndpointConfigs',
      'SageMaker.ListEndpoints',
      'SageMaker.ListModelPackageGroups',
      'SageMaker.ListModelPackages',
      'SageMaker.ListModels',
      'SageMaker.ListMonitoringSchedules',
      'SageMaker.ListNotebookInstances',
      'SageMaker.ListProcessingJobs',
      'SageMaker.ListTags',
      'SageMaker.ListTrainingJobs',
    ]);
    expect(sagemakerScanner.costs?.['aws.sagemaker.job']?.list).toEqual(['SageMaker.ListTrainingJobs', 'SageMaker.ListProcessingJobs']);
  });
});
