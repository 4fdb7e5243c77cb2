/**
 * The SageMaker scanner's endpoint configs, with SageMaker's answers given at the client boundary (no
 * network: every call is answered before it leaves the client). Every config is judged, used by an endpoint
 * or not: one paginated ListEndpointConfigs per region, every page followed, one DescribeEndpointConfig per
 * config at most, whatever the endpoints that share it.
 */
import { describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { ApiMeter } from '../../../src/aws/meter.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { planFor } from '../../../src/engine/plan.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Inventory } from '../../../src/model/inventory.js';
import { defineRule, pass, type Rule } from '../../../src/rules/rule.js';
import { sagemakerRules } from '../../../src/rules/sagemaker/index.js';
import { collect } from '../../../src/scanners/collect.js';
import { sagemakerScanner } from '../../../src/scanners/sagemaker.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT } from '../../support/aws.js';

const REGION = 'eu-central-1';
const KEY = `arn:aws:kms:${REGION}:${MOTO_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const configArn = (name: string) => `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:endpoint-config/${name}`;
const ruleById = (id: string): Rule => sagemakerRules.find((rule) => rule.id === id)!;
const KMS_RULE = ruleById('sagemaker-endpoint-config-kms-encrypted');

type Answer = Record<string, unknown>;
type Handler = (input: Record<string, unknown>) => Answer;

const sdkError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** Configs in three pages of ListEndpointConfigs: `staged-*` are used by no endpoint. */
const PAGES: Array<{ names: string[]; next?: string }> = [
  { names: ['in-use', 'staged-no-key'], next: 'page-2' },
  { names: ['staged-with-key', 'gone'], next: 'page-3' },
  { names: ['denied'] },
];

const DESCRIBE: Record<string, Handler> = {
  'in-use': () => variantsAnswer('in-use', KEY),
  'staged-no-key': () => variantsAnswer('staged-no-key'),
  'staged-with-key': () => variantsAnswer('staged-with-key', KEY),
  // Deleted between List and Describe.
  gone: () => {
    throw sdkError('ValidationException', `Could not find endpoint configuration '${configArn('gone')}'.`, 400);
  },
  denied: () => {
    throw sdkError('AccessDeniedException', 'not authorized to perform sagemaker:DescribeEndpointConfig', 400);
  },
};

function variantsAnswer(name: string, kmsKeyId?: string): Answer {
  return {
    EndpointConfigName: name,
    EndpointConfigArn: configArn(name),
    ProductionVariants: [{ VariantName: 'primary', ModelName: 'churn', InitialInstanceCount: 2, InstanceType: 'ml.m5.large' }],
    ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
    CreationTime: new Date('2026-11-01T00:00:00Z'),
  };
}

const HANDLERS: Record<string, Handler> = {
  ListEndpointConfigsCommand: (input) => {
    const index = input.NextToken === undefined ? 0 : PAGES.findIndex((_, i) => PAGES[i - 1]?.next === input.NextToken);
    const page = PAGES[index];
    if (!page) throw sdkError('ValidationException', `bad token ${String(input.NextToken)}`, 400);
    return {
      EndpointConfigs: page.names.map((name) => ({ EndpointConfigName: name, EndpointConfigArn: configArn(name), CreationTime: new Date('2026-11-01T00:00:00Z') })),
      ...(page.next ? { NextToken: page.next } : {}),
    };
  },
  DescribeEndpointConfigCommand: (input) => {
    const handler = DESCRIBE[String(input.EndpointConfigName)];
    if (!handler) throw sdkError('ValidationException', 'Could not find endpoint configuration', 400);
    return handler(input);
  },
  // Three endpoints, two of them sharing one config.
  ListEndpointsCommand: () => ({
    Endpoints: ['ep-a', 'ep-b', 'ep-c'].map((name) => ({ EndpointName: name, EndpointArn: `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:endpoint/${name}`, EndpointStatus: 'InService', CreationTime: new Date() })),
  }),
  DescribeEndpointCommand: (input) => ({
    EndpointName: input.EndpointName,
    EndpointConfigName: input.EndpointName === 'ep-c' ? 'staged-with-key' : 'in-use',
    ProductionVariants: [{ VariantName: 'primary', CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
  }),
  ListModelsCommand: () => ({ Models: [] }),
  ListModelPackagesCommand: () => ({ ModelPackageSummaryList: [] }),
};

async function scan(rules: Rule[], overrides: Record<string, Handler> = {}): Promise<{ inventory: Inventory; findings: Finding[]; calls: Record<string, number>; inputs: Array<Record<string, unknown>> }> {
  const meter = new ApiMeter();
  // Loopback, never contacted: every call is answered in the initialize step.
  const clients = new ClientFactory({ endpoint: 'http://127.0.0.1:9', credentials: DUMMY_CREDENTIALS, maxAttempts: 1, meter });
  const inputs: Array<Record<string, unknown>> = [];
  clients.client('SageMaker', REGION).middlewareStack.add(
    (_next, context) => async (args) => {
      const input = { ...(args.input as Record<string, unknown>), command: context.commandName };
      inputs.push(input);
      const handler = overrides[context.commandName ?? ''] ?? HANDLERS[context.commandName ?? ''];
      if (!handler) throw new Error(`unexpected call ${String(context.commandName)}`);
      return { output: { ...handler(args.input as Record<string, unknown>), $metadata: {} }, response: {} } as never;
    },
    { step: 'initialize' },
  );
  const inventory = await collect({
    accounts: [{ target: { accountId: MOTO_ACCOUNT, regions: [REGION], accountType: 'serving-prod' }, clients }],
    scanners: [sagemakerScanner],
    plan: planFor(rules),
    meter,
  });
  const policy = { name: 't', source: 't', digest: 't', rules: new Map(rules.map((rule) => [rule.id, { enabled: true, params: {} }])), customRules: [], exceptions: [] };
  const { findings } = evaluate(inventory, { policies: [policy], rules });
  return { inventory, findings, calls: meter.calls, inputs };
}

const statusByName = (findings: Finding[], ruleId: string) =>
  Object.fromEntries(findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource.name, f.status]));

describe('SageMaker endpoint configs: every config judged, listed once, described once', () => {
  it('judges configs no endpoint uses: without a key fails, with a key passes; every page followed at the maximum page size', async () => {
    const { inventory, findings, calls, inputs } = await scan([KMS_RULE]);
    expect(statusByName(findings, KMS_RULE.id)).toEqual({ 'in-use': 'pass', 'staged-no-key': 'fail', 'staged-with-key': 'pass', denied: 'error' });
    // Three pages, one Describe per listed config, no endpoint read for this rule.
    expect(calls).toEqual({ 'SageMaker.ListEndpointConfigs': 3, 'SageMaker.DescribeEndpointConfig': 5 });
    const lists = inputs.filter((input) => input.command === 'ListEndpointConfigsCommand');
    expect(lists.map((input) => [input.NextToken, input.MaxResults])).toEqual([[undefined, 100], ['page-2', 100], ['page-3', 100]]);
    // Deleted between List and Describe: gone, not unreadable; the list answer's creation time is kept.
    expect(inventory.resources.map((r) => r.name).sort()).toEqual(['denied', 'in-use', 'staged-no-key', 'staged-with-key']);
    expect(inventory.resources.find((r) => r.name === 'staged-no-key')?.data).toMatchObject({ creationTime: '2026-11-01T00:00:00.000Z', kmsKeyId: null });
    expect(inventory.resources.find((r) => r.name === 'denied')?.errors).toMatchObject({ kmsKeyId: { code: 'AccessDeniedException', operation: 'SageMaker.DescribeEndpointConfig' } });
    expect(inventory.notes ?? []).toEqual([]);
  });

  it('a failed ListEndpointConfigs is a scan error: the rule reports error for the region, never a pass', async () => {
    const { inventory, findings } = await scan([KMS_RULE], {
      ListEndpointConfigsCommand: () => {
        throw sdkError('AccessDeniedException', 'not authorized to perform sagemaker:ListEndpointConfigs', 400);
      },
    });
    expect(inventory.errors).toEqual([expect.objectContaining({ operation: 'SageMaker.ListEndpointConfigs', resourceTypes: ['aws.sagemaker.endpoint-config'] })]);
    expect(findings.map((f) => f.status)).toEqual(['error']);
  });

  it('a failure on a later page is a scan error too, not a partial list read as complete', async () => {
    const { inventory, findings } = await scan([KMS_RULE], {
      ListEndpointConfigsCommand: (input) => {
        if (input.NextToken) throw sdkError('ThrottlingException', 'Rate exceeded', 400);
        return HANDLERS.ListEndpointConfigsCommand!(input);
      },
    });
    expect(inventory.errors).toEqual([expect.objectContaining({ operation: 'SageMaker.ListEndpointConfigs', code: 'ThrottlingException' })]);
    expect(findings.map((f) => f.status)).toEqual(['error']);
  });

  it('a rule that needs only what the list carries: no Describe at all', async () => {
    const created = defineRule({
      id: 'test-config-created',
      title: 't',
      severity: 'low',
      resourceType: 'aws.sagemaker.endpoint-config',
      needs: ['creationTime'],
      description: '',
      rationale: '',
      remediation: '',
      references: {},
      check: (config) => pass(String(config.data.creationTime)),
    });
    const { findings, calls } = await scan([created]);
    expect(calls).toEqual({ 'SageMaker.ListEndpointConfigs': 3 });
    expect(findings).toHaveLength(5);
  });

  it('with the endpoint rules too: each config described once in total, shared or unused alike', async () => {
    const rules = [KMS_RULE, ruleById('sagemaker-endpoint-serves-approved-model'), ruleById('sagemaker-endpoint-multi-instance')];
    const { calls, findings } = await scan(rules);
    expect(calls['SageMaker.DescribeEndpointConfig']).toBe(5);
    expect(calls['SageMaker.DescribeEndpoint']).toBe(3);
    expect(calls['SageMaker.ListEndpointConfigs']).toBe(3);
    expect(statusByName(findings, KMS_RULE.id)).toMatchObject({ 'staged-no-key': 'fail' });
    // The endpoints find their configs in the inventory (the model `churn` is not there: undecided, not a pass).
    expect(statusByName(findings, 'sagemaker-endpoint-serves-approved-model')).toEqual({ 'ep-a': 'error', 'ep-b': 'error', 'ep-c': 'error' });
    expect(findings.find((f) => f.ruleId === 'sagemaker-endpoint-serves-approved-model')?.message).toMatch(/model churn is not in the inventory/);
  });
});
