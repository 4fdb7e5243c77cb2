/**
 * The list-family runner against stubbed answers, over a family declared here (a list, a Describe that
 * fills some attributes, a per-item tag read): the Describe only when the plan needs one of its
 * attributes, a resource deleted since the list dropped, a mapper that cannot fill its attribute an error on
 * that attribute only, and a failed list a scan error for the type.
 */
import { DescribeNotebookInstanceCommand, ListNotebookInstancesCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { tagRecord } from '../../../src/scanners/attributes.js';
import { family, familyCosts, scanFamily } from '../../../src/scanners/family.js';
import { list } from '../../../src/scanners/list.js';
import { paged, table } from '../../../src/scanners/reads.js';
import type { Scanner } from '../../../src/scanners/scanner.js';
import { awsError, planOf, stubScan, type Answer } from './stub-sdk.js';

const NOTEBOOK = 'aws.sagemaker.notebook-instance';

const notebooks = family({
  type: NOTEBOOK,
  list: list('SageMaker', ListNotebookInstancesCommand, {
    input: () => ({ MaxResults: 100 }),
    inputToken: 'NextToken',
    outputToken: 'NextToken',
    items: (page) => page.NotebookInstances,
  }),
  identity: (item) => (item.NotebookInstanceArn ? { arn: item.NotebookInstanceArn, name: item.NotebookInstanceName ?? '' } : undefined),
  summary: (item) => ({ status: item.NotebookInstanceStatus ?? 'Unknown', instanceType: item.InstanceType ?? null }),
  describe: {
    command: DescribeNotebookInstanceCommand,
    input: (item) => ({ NotebookInstanceName: item.NotebookInstanceName }),
    fills: {
      directInternetAccess: (answer) => (answer.DirectInternetAccess === 'Disabled' ? 'Disabled' : 'Enabled'),
      kmsKeyId: (answer) => answer.KmsKeyId ?? null,
      roleArn: (answer) => {
        if (!answer.RoleArn) throw Object.assign(new Error('DescribeNotebookInstance answered no RoleArn'), { name: 'IncompleteResponse' });
        return answer.RoleArn;
      },
    },
  },
  reads: table<typeof NOTEBOOK, { NotebookInstanceArn?: string }>({
    type: NOTEBOOK,
    service: 'SageMaker',
    reads: {
      tags: paged(ListTagsCommand, {
        input: (item) => ({ ResourceArn: item.NotebookInstanceArn, MaxResults: 100 }),
        inputToken: 'NextToken',
        outputToken: 'NextToken',
        items: (page) => page.Tags,
        map: tagRecord,
      }),
    },
  }),
  gone: ['ResourceNotFound'],
});

const scanner: Scanner = {
  service: 'sagemaker',
  resourceTypes: [NOTEBOOK],
  scope: 'regional',
  operations: [],
  costs: {},
  scan: (context) => scanFamily(context, notebooks),
};

const arn = (name: string) => `arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/${name}`;

function answers(overrides: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {}): Answer {
  return (operation, input) => {
    const override = overrides[operation];
    if (override) return override(input);
    if (operation === 'SageMaker.ListNotebookInstances') {
      return { NotebookInstances: ['a', 'b'].map((name) => ({ NotebookInstanceName: name, NotebookInstanceArn: arn(name), NotebookInstanceStatus: 'InService' })) };
    }
    if (operation === 'SageMaker.DescribeNotebookInstance') return { DirectInternetAccess: 'Disabled', RoleArn: 'arn:aws:iam::123456789012:role/nb' };
    if (operation === 'SageMaker.ListTags') return { Tags: [{ Key: 'squad', Value: String(input.ResourceArn).slice(-1) }] };
    throw new Error(`unexpected call ${operation}`);
  };
}

describe('list families', () => {
  it('summary attributes cost the list alone: no Describe, no tag read', async () => {
    const { inventory } = await stubScan({ scanner, plan: planOf({ [NOTEBOOK]: ['status'] }), answer: answers() });
    expect(inventory.apiCalls).toEqual({ 'SageMaker.ListNotebookInstances': 1 });
    expect(inventory.resources.map((resource) => resource.data)).toEqual([
      { status: 'InService', instanceType: null },
      { status: 'InService', instanceType: null },
    ]);
  });

  it('one Describe per item fills all its attributes when one is needed; tags are their own read', async () => {
    const { inventory } = await stubScan({ scanner, plan: planOf({ [NOTEBOOK]: ['directInternetAccess', 'tags'] }), answer: answers() });
    expect(inventory.apiCalls).toEqual({ 'SageMaker.ListNotebookInstances': 1, 'SageMaker.DescribeNotebookInstance': 2, 'SageMaker.ListTags': 2 });
    const [first] = inventory.resources;
    expect(first?.data).toMatchObject({ directInternetAccess: 'Disabled', kmsKeyId: null, roleArn: 'arn:aws:iam::123456789012:role/nb' });
    expect(first?.tags).toEqual({ squad: first?.name });
  });

  it('a field the answer lacks is an error on that attribute only', async () => {
    const { inventory } = await stubScan({
      scanner,
      plan: planOf({ [NOTEBOOK]: ['roleArn', 'kmsKeyId'] }),
      answer: answers({ 'SageMaker.DescribeNotebookInstance': () => ({ KmsKeyId: 'key' }) }),
    });
    for (const resource of inventory.resources) {
      expect(resource.data.kmsKeyId).toBe('key');
      expect(resource.errors).toEqual({
        roleArn: { code: 'IncompleteResponse', message: 'DescribeNotebookInstance answered no RoleArn', operation: 'SageMaker.DescribeNotebookInstance' },
      });
    }
  });

  it('an item deleted between list and Describe is dropped; another failure is each needed attribute\'s error', async () => {
    const { inventory } = await stubScan({
      scanner,
      plan: planOf({ [NOTEBOOK]: ['roleArn', 'directInternetAccess'] }),
      answer: answers({
        'SageMaker.DescribeNotebookInstance': (input) => {
          throw input.NotebookInstanceName === 'a' ? awsError('ResourceNotFound') : awsError('AccessDeniedException', 400, 'denied');
        },
      }),
    });
    expect(inventory.resources.map((resource) => resource.name)).toEqual(['b']);
    const denied = { code: 'AccessDeniedException', message: 'denied', operation: 'SageMaker.DescribeNotebookInstance', httpStatus: 400 };
    expect(inventory.resources[0]?.errors).toEqual({ roleArn: denied, directInternetAccess: denied });
  });

  it('a failed list is a scan error for the type', async () => {
    const { inventory } = await stubScan({
      scanner,
      plan: planOf({ [NOTEBOOK]: ['status'] }),
      answer: answers({
        'SageMaker.ListNotebookInstances': () => {
          throw awsError('AccessDeniedException', 400, 'no list');
        },
      }),
    });
    expect(inventory.resources).toEqual([]);
    expect(inventory.errors).toEqual([
      expect.objectContaining({ region: 'us-east-1', service: 'sagemaker', resourceTypes: [NOTEBOOK], operation: 'SageMaker.ListNotebookInstances' }),
    ]);
  });

  it('states its costs: the list, and per attribute the Describe or the read that fills it', () => {
    expect(familyCosts(notebooks)).toEqual({
      list: ['SageMaker.ListNotebookInstances'],
      attributes: {
        directInternetAccess: ['SageMaker.DescribeNotebookInstance'],
        kmsKeyId: ['SageMaker.DescribeNotebookInstance'],
        roleArn: ['SageMaker.DescribeNotebookInstance'],
        tags: ['SageMaker.ListTags'],
      },
    });
  });
});
