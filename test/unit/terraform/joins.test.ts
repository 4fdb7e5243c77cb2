/**
 * Joins by resolved reference across modules, count and for_each; undecidable joins; existing, deleted and
 * replaced resources; the `--inventory` overlay.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/inventory.js';
import { planToInventory } from '../../../src/terraform/inventory.js';
import type { PlanJson } from '../../../src/terraform/plan-json.js';
import { ACCOUNT, judgePlanJson, planOf, ref, statuses, U, type ChangeSpec } from './plan-builder.js';

const ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};
const OFF = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

const bucket = (address: string, name: unknown): ChangeSpec => ({
  address,
  after: { bucket: name },
  expressions: name === U ? {} : { bucket: { constant_value: name } },
});
const block = (address: string, flag: boolean, bucketExpression: unknown): ChangeSpec => ({
  address,
  after: {
    bucket: U,
    block_public_acls: flag,
    ignore_public_acls: flag,
    block_public_policy: flag,
    restrict_public_buckets: flag,
  },
  expressions: { bucket: bucketExpression },
});
const accountBlock: ChangeSpec = {
  address: 'aws_s3_account_public_access_block.a',
  after: {
    account_id: ACCOUNT,
    block_public_acls: false,
    ignore_public_acls: false,
    block_public_policy: false,
    restrict_public_buckets: false,
  },
};

function pabs(plan: PlanJson, overlay?: Inventory): Record<string, unknown> {
  const { inventory } = planToInventory(plan, {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    ...(overlay ? { overlay } : {}),
  });
  return Object.fromEntries(
    inventory.resources
      .filter((resource) => resource.type === 'aws.s3.bucket')
      .map((resource) => [
        resource.terraformAddress,
        resource.errors.publicAccessBlock ? 'unknown' : resource.data.publicAccessBlock,
      ]),
  );
}

/** Adds module calls (with input expressions and outputs) to a built plan's configuration. */
function withModule(
  plan: PlanJson,
  name: string,
  call: { expressions?: Record<string, unknown>; outputs?: Record<string, unknown> },
): PlanJson {
  const module = plan.configuration!.root_module!.module_calls![name]!;
  if (call.expressions) module.expressions = call.expressions as never;
  if (call.outputs) module.module!.outputs = call.outputs as never;
  return plan;
}

describe('joins by resolved reference', () => {
  it('count: a block referencing aws_s3_bucket.c[count.index] joins the bucket with its own index', () => {
    const plan = planOf([
      bucket('aws_s3_bucket.c[0]', 'zero'),
      bucket('aws_s3_bucket.c[1]', 'one'),
      block('aws_s3_bucket_public_access_block.p[0]', true, {
        references: ['aws_s3_bucket.c', 'count.index'],
      }),
      block('aws_s3_bucket_public_access_block.p[1]', false, {
        references: ['aws_s3_bucket.c', 'count.index'],
      }),
    ]);
    expect(pabs(plan)).toEqual({ 'aws_s3_bucket.c[0]': ON, 'aws_s3_bucket.c[1]': OFF });
  });

  it('for_each modules: the same addresses under two module keys stay apart', () => {
    const plan = planOf([
      bucket('module.data["eu"].aws_s3_bucket.b', 'same-name'),
      bucket('module.data["us"].aws_s3_bucket.b', 'same-name'),
      block('module.data["eu"].aws_s3_bucket_public_access_block.b', true, ref('aws_s3_bucket.b.id')),
      block('module.data["us"].aws_s3_bucket_public_access_block.b', false, ref('aws_s3_bucket.b.id')),
    ]);
    expect(pabs(plan)).toEqual({
      'module.data["eu"].aws_s3_bucket.b': ON,
      'module.data["us"].aws_s3_bucket.b': OFF,
    });
  });

  it('through a module output and through a module variable', () => {
    const plan = withModule(
      withModule(
        planOf([
          bucket('module.store.aws_s3_bucket.b', U),
          block('aws_s3_bucket_public_access_block.root', true, {
            references: ['module.store.bucket_id', 'module.store'],
          }),
          bucket('aws_s3_bucket.outer', U),
          block('module.guard.aws_s3_bucket_public_access_block.g', false, { references: ['var.bucket_id'] }),
        ]),
        'store',
        { outputs: { bucket_id: { expression: ref('aws_s3_bucket.b.id') } } },
      ),
      'guard',
      { expressions: { bucket_id: ref('aws_s3_bucket.outer.id') } },
    );
    expect(pabs(plan)).toEqual({ 'module.store.aws_s3_bucket.b': ON, 'aws_s3_bucket.outer': OFF });
  });

  it('a conditional naming the bucket policy or the bucket leads to the same bucket', () => {
    const plan = planOf([
      bucket('aws_s3_bucket.this[0]', 'b'),
      {
        address: 'aws_s3_bucket_policy.this[0]',
        after: { bucket: U, policy: '{"Version":"2012-10-17","Statement":[]}' },
        expressions: { bucket: ref('aws_s3_bucket.this[0].id') },
      },
      block('aws_s3_bucket_public_access_block.this[0]', true, {
        references: [
          'local.attach_policy',
          ...ref('aws_s3_bucket_policy.this[0].id').references,
          ...ref('aws_s3_bucket.this[0].id').references,
        ],
      }),
    ]);
    expect(pabs(plan)).toEqual({ 'aws_s3_bucket.this[0]': ON });
  });

  it('a block that cannot be placed makes every bucket it might belong to unknown, never unblocked', () => {
    const plan = planOf([
      bucket('aws_s3_bucket.a', 'a'),
      bucket('aws_s3_bucket.b', 'b'),
      block('aws_s3_bucket_public_access_block.x', false, { references: ['local.target'] }),
    ]);
    expect(pabs(plan)).toEqual({ 'aws_s3_bucket.a': 'unknown', 'aws_s3_bucket.b': 'unknown' });
  });

  it('a literal bucket name joins only when exactly one planned bucket has it', () => {
    const unique = planOf([
      bucket('aws_s3_bucket.a', 'a'),
      bucket('aws_s3_bucket.b', 'b'),
      {
        ...block('aws_s3_bucket_public_access_block.x', false, { constant_value: 'a' }),
        after: {
          bucket: 'a',
          block_public_acls: false,
          ignore_public_acls: false,
          block_public_policy: false,
          restrict_public_buckets: false,
        },
      },
    ]);
    expect(pabs(unique)).toEqual({ 'aws_s3_bucket.a': OFF, 'aws_s3_bucket.b': ON });
    const outside = planOf([
      bucket('aws_s3_bucket.a', 'a'),
      {
        ...block('aws_s3_bucket_public_access_block.x', false, { constant_value: 'elsewhere' }),
        after: {
          bucket: 'elsewhere',
          block_public_acls: false,
          ignore_public_acls: false,
          block_public_policy: false,
          restrict_public_buckets: false,
        },
      },
    ]);
    expect(pabs(outside)).toEqual({ 'aws_s3_bucket.a': ON });
  });
});

describe('a list literal of references (`subnets = [aws_subnet.a.id]`): one expression for the whole list', () => {
  const subnet = (name: string): ChangeSpec => ({
    address: `aws_subnet.${name}`,
    after: { vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', tags: {} },
  });
  const model = (subnets: unknown[], expression: unknown): ChangeSpec => ({
    address: 'aws_sagemaker_model.m',
    after: {
      name: 'm',
      execution_role_arn: `arn:aws:iam::${ACCOUNT}:role/sm`,
      enable_network_isolation: true,
      primary_container: [{ image: 'img', model_package_name: null, model_data_url: null }],
      container: [],
      vpc_config: [{ subnets, security_group_ids: ['sg-1'] }],
      tags: {},
    },
    expressions: { name: { constant_value: 'm' }, vpc_config: [{ subnets: expression }] },
  });
  const vpcConfig = (plan: PlanJson): { value: unknown; error?: string } => {
    const { inventory } = planToInventory(plan, { accountId: ACCOUNT, region: 'eu-west-1' });
    const resource = inventory.resources.find((r) => r.type === 'aws.sagemaker.model')!;
    return {
      value: resource.data.vpcConfig,
      ...(resource.errors.vpcConfig ? { error: resource.errors.vpcConfig.code } : {}),
    };
  };

  it("names the list's one unknown element: the planned subnet's fresh id", () => {
    const plan = planOf([subnet('a'), model(['subnet-known', U], ref('aws_subnet.a.id'))]);
    expect(vpcConfig(plan).value).toEqual({
      subnets: ['subnet-known', 'subnet-(aws_subnet.a)'],
      securityGroupIds: ['sg-1'],
    });
  });

  it('leaves several unknown elements unknown: the references cannot be paired with them', () => {
    const plan = planOf([subnet('a'), subnet('b'), model([U, U], ref('aws_subnet.a.id', 'aws_subnet.b.id'))]);
    expect(vpcConfig(plan).error).toBe('KnownAfterApply');
  });

  it('leaves the element unknown when the list also reads a value the plan does not hold', () => {
    const plan = planOf([
      subnet('a'),
      model([U], { references: [...ref('aws_subnet.a.id').references, 'local.extra'] }),
    ]);
    expect(vpcConfig(plan).error).toBe('KnownAfterApply');
  });
});

describe('the account-level block', () => {
  it("counts only for the account it names: another account's block leaves this one undecided", async () => {
    const other: ChangeSpec = {
      address: 'aws_s3_account_public_access_block.other',
      after: {
        account_id: '999999999999',
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
      },
    };
    const plan = planOf([
      bucket('aws_s3_bucket.a', 'a'),
      block('aws_s3_bucket_public_access_block.a', false, ref('aws_s3_bucket.a.id')),
      other,
    ]);
    expect(statuses(await judgePlanJson(plan), 's3-bucket-public-access-blocked', 'aws_s3_bucket.a')).toEqual(
      ['error'],
    );
    const own = planOf([
      bucket('aws_s3_bucket.a', 'a'),
      block('aws_s3_bucket_public_access_block.a', false, ref('aws_s3_bucket.a.id')),
      { ...other, after: { ...other.after, account_id: ACCOUNT } },
    ]);
    expect(statuses(await judgePlanJson(own), 's3-bucket-public-access-blocked', 'aws_s3_bucket.a')).toEqual([
      'pass',
    ]);
  });
});

describe('existing, deleted and replaced resources', () => {
  const snapshot = (data: Record<string, unknown>): Inventory => ({
    schemaVersion: 1,
    collectedAt: '2026-11-30T00:00:00Z',
    targets: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
    resources: [
      {
        type: 'aws.s3.bucket',
        arn: 'arn:aws:s3:::kept',
        accountId: ACCOUNT,
        region: 'eu-west-1',
        name: 'kept',
        tags: {},
        data,
        errors: {},
      },
    ],
    errors: [],
    apiCalls: {},
  });

  it('an existing bucket the plan keeps: its block comes from the snapshot, else it is unknown', async () => {
    const plan = planOf([{ ...bucket('aws_s3_bucket.k', 'kept'), actions: ['no-op'] }, accountBlock]);
    expect(statuses(await judgePlanJson(plan), 's3-bucket-public-access-blocked', 'aws_s3_bucket.k')).toEqual(
      ['error'],
    );
    expect(
      statuses(
        await judgePlanJson(plan, { overlay: snapshot({ publicAccessBlock: ON }) }),
        's3-bucket-public-access-blocked',
        'aws_s3_bucket.k',
      ),
    ).toEqual(['pass']);
    expect(
      statuses(
        await judgePlanJson(plan, { overlay: snapshot({ publicAccessBlock: null }) }),
        's3-bucket-public-access-blocked',
        'aws_s3_bucket.k',
      ),
    ).toEqual(['fail']);
  });

  it('deleting the block of an existing bucket leaves it without one', async () => {
    const plan = planOf([
      { ...bucket('aws_s3_bucket.k', 'kept'), actions: ['no-op'] },
      accountBlock,
      {
        address: 'aws_s3_bucket_public_access_block.k',
        actions: ['delete'],
        before: {
          bucket: 'kept',
          block_public_acls: true,
          ignore_public_acls: true,
          block_public_policy: true,
          restrict_public_buckets: true,
        },
        expressions: {},
      },
    ]);
    expect(statuses(await judgePlanJson(plan), 's3-bucket-public-access-blocked', 'aws_s3_bucket.k')).toEqual(
      ['fail'],
    );
  });

  it('a deleted bucket is not judged; a replaced one is judged as new (AWS creation defaults)', async () => {
    const deleted = await judgePlanJson(
      planOf([{ address: 'aws_s3_bucket.gone', actions: ['delete'], before: { bucket: 'gone' } }]),
    );
    expect(deleted.findings.filter((finding) => finding.resource.terraformAddress)).toEqual([]);
    const replaced = await judgePlanJson(
      planOf([{ ...bucket('aws_s3_bucket.r', 'renewed'), actions: ['delete', 'create'] }]),
    );
    expect(statuses(replaced, 's3-bucket-public-access-blocked', 'aws_s3_bucket.r')).toEqual(['pass']);
    expect(statuses(replaced, 's3-bucket-acls-disabled', 'aws_s3_bucket.r')).toEqual(['pass']);
    expect(
      replaced.findings.find((finding) => finding.resource.terraformAddress === 'aws_s3_bucket.r')?.resource
        .arn,
    ).toBe('arn:aws:s3:::renewed');
  });
});
