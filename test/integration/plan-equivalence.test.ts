/**
 * One small squad blueprint, expressed twice: as a Terraform plan (hand-written, encoded as Terraform
 * encodes it) and as an account deployed into moto with the AWS SDK. Judged by the same plan-capable rules,
 * both give the same verdict for every (rule, resource).
 */
import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { PutBucketOwnershipControlsCommand } from '@aws-sdk/client-s3';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  S3ControlClient,
  PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand,
} from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import type { ResolvedPolicy } from '../../src/policy/types.js';
import { builtinRules } from '../../src/rules/index.js';
import { iamScanner } from '../../src/scanners/iam.js';
import { kmsScanner } from '../../src/scanners/kms.js';
import { s3Scanner } from '../../src/scanners/s3.js';
import { planToInventory } from '../../src/terraform/inventory.js';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT, seedClients } from '../support/aws.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { scanMoto } from '../support/scan.js';
import { noneBlocked, seedBucket, OUTSIDER } from '../support/s3-seed.js';
import { planOf, ref, U, type ChangeSpec } from '../unit/terraform/plan-builder.js';

const TYPES = new Set(['aws.s3.bucket', 'aws.s3.account', 'aws.kms.key', 'aws.iam.role']);
/** Plan-capable rules over the blueprint's types (the isolation rules need a directory: left out). */
const rules = builtinRules.filter(
  (rule) =>
    rule.notOnPlans === undefined &&
    !rule.id.startsWith('isolation-') &&
    Object.keys(rule.judges ?? { [rule.resourceType]: [] }).some((type) => TYPES.has(type)),
);

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const WIDE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});
const tlsOnly = (bucket: string, extra: object[] = []): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      ...extra,
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
const crossAccount = {
  Sid: 'Outsider',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::eq-shared/*',
};

/** The blueprint as a plan: every bucket setting made explicit with the split resources of provider ≥ 4. */
function bucketChanges(
  name: string,
  setup: { pab: boolean; policy: string | null; kms: boolean; versioning: boolean; ownership: string },
): ChangeSpec[] {
  const id = ref(`aws_s3_bucket.${name}.id`);
  const changes: ChangeSpec[] = [
    {
      address: `aws_s3_bucket.${name}`,
      after: { bucket: name, force_destroy: false, tags: {} },
      expressions: { bucket: { constant_value: name } },
    },
    {
      address: `aws_s3_bucket_public_access_block.${name}`,
      after: {
        bucket: U,
        block_public_acls: setup.pab,
        ignore_public_acls: setup.pab,
        block_public_policy: setup.pab,
        restrict_public_buckets: setup.pab,
      },
      expressions: { bucket: id },
    },
    {
      address: `aws_s3_bucket_ownership_controls.${name}`,
      after: { bucket: U, rule: [{ object_ownership: setup.ownership }] },
      expressions: { bucket: id },
    },
    {
      address: `aws_s3_bucket_server_side_encryption_configuration.${name}`,
      after: {
        bucket: U,
        rule: [
          {
            bucket_key_enabled: setup.kms,
            apply_server_side_encryption_by_default: [
              { sse_algorithm: setup.kms ? 'aws:kms' : 'AES256', kms_master_key_id: setup.kms ? U : null },
            ],
          },
        ],
      },
      expressions: {
        bucket: id,
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { kms_master_key_id: setup.kms ? ref('aws_kms_key.squad.arn') : { constant_value: null } },
            ],
          },
        ],
      },
    },
  ];
  if (setup.policy)
    changes.push({
      address: `aws_s3_bucket_policy.${name}`,
      after: { bucket: U, policy: setup.policy },
      expressions: { bucket: id, policy: { constant_value: setup.policy } },
    });
  if (setup.versioning) {
    changes.push({
      address: `aws_s3_bucket_versioning.${name}`,
      after: { bucket: U, versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] },
      expressions: { bucket: id },
    });
  }
  return changes;
}

const blueprint = planOf([
  {
    address: 'aws_kms_key.squad',
    after: {
      description: 'squad key',
      enable_key_rotation: true,
      is_enabled: true,
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      multi_region: false,
      tags: {},
    },
    expressions: {},
  },
  {
    address: 'aws_s3_account_public_access_block.this',
    after: {
      account_id: MOTO_ACCOUNT,
      block_public_acls: false,
      ignore_public_acls: false,
      block_public_policy: false,
      restrict_public_buckets: false,
    },
  },
  ...bucketChanges('eq-compliant', {
    pab: true,
    policy: tlsOnly('eq-compliant'),
    kms: true,
    versioning: true,
    ownership: 'BucketOwnerEnforced',
  }),
  ...bucketChanges('eq-loose', {
    pab: false,
    policy: null,
    kms: false,
    versioning: false,
    ownership: 'ObjectWriter',
  }),
  ...bucketChanges('eq-shared', {
    pab: true,
    policy: tlsOnly('eq-shared', [crossAccount]),
    kms: true,
    versioning: true,
    ownership: 'BucketOwnerEnforced',
  }),
  {
    address: 'aws_iam_role.app',
    after: { name: 'eq-app', path: '/', assume_role_policy: TRUST, permissions_boundary: null, tags: {} },
    expressions: { name: { constant_value: 'eq-app' } },
  },
  {
    address: 'aws_iam_role_policy.app',
    after: { role: U, name: 'wide', policy: WIDE },
    expressions: { role: ref('aws_iam_role.app.id') },
  },
]);

function verdicts(evaluation: Evaluation, kmsArn: (arn: string) => string): Map<string, string> {
  const map = new Map<string, string>();
  for (const finding of evaluation.findings) {
    if (!TYPES.has(finding.resource.type)) continue;
    const key = `${finding.ruleId} ${kmsArn(finding.resource.arn)}`;
    map.set(key, [...(map.get(key)?.split(',') ?? []), finding.status].sort().join(','));
  }
  return map;
}

describe('plan ≡ deployed: one blueprint, the same verdicts', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('gives the same verdict for every plan-capable rule on every blueprint resource', async () => {
    const clients = seedClients(moto.endpoint);
    const key = await clients.kms.send(new CreateKeyCommand({ Description: 'squad key' }));
    const keyArn = key.KeyMetadata!.Arn!;
    await clients.kms.send(new EnableKeyRotationCommand({ KeyId: keyArn }));
    const control = new S3ControlClient({
      region: 'us-east-1',
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 1,
      endpointProvider: () => ({ url: new URL(moto.endpoint) }),
    });
    await control.send(
      new PutAccountPublicAccessBlockCommand({
        AccountId: MOTO_ACCOUNT,
        PublicAccessBlockConfiguration: noneBlocked,
      }),
    );
    await seedBucket(clients.s3, 'eq-compliant', keyArn, { logging: false });
    await seedBucket(clients.s3, 'eq-loose', keyArn, {
      publicAccessBlock: noneBlocked,
      tls: false,
      aclsEnabled: true,
      encryption: 'sse-s3',
      versioning: false,
      logging: false,
    });
    await seedBucket(clients.s3, 'eq-shared', keyArn, { statements: [crossAccount], logging: false });
    await clients.s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: 'eq-loose',
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    );
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'eq-app', AssumeRolePolicyDocument: TRUST }));
    await clients.iam.send(
      new PutRolePolicyCommand({ RoleName: 'eq-app', PolicyName: 'wide', PolicyDocument: WIDE }),
    );

    const deployed = await scanMoto({
      endpoint: moto.endpoint,
      scanners: [s3Scanner, kmsScanner, iamScanner],
      rules,
      target: { accountType: 'modeling' },
    });

    const { inventory } = planToInventory(blueprint, {
      accountId: MOTO_ACCOUNT,
      region: 'us-east-1',
      accountType: 'modeling',
    });
    const policy: ResolvedPolicy = {
      name: 'test',
      source: 'test',
      digest: 'test',
      rules: new Map(rules.map((rule) => [rule.id, { enabled: true, params: {} }])),
      customRules: [],
      exceptions: [],
    };
    const planned = evaluate(inventory, { policies: [policy], rules });

    // The key's ARN is random in AWS and fresh in the plan: compare it as "the squad key".
    const plannedKey = (arn: string): string => (arn === 'terraform:aws_kms_key.squad' ? 'squad-key' : arn);
    const deployedKey = (arn: string): string => (arn === keyArn ? 'squad-key' : arn);
    const fromPlan = verdicts(planned, plannedKey);
    const fromAccount = verdicts(deployed.evaluation, deployedKey);
    // Only the blueprint's resources (moto may hold service roles of its own).
    const blueprintKeys = [...fromPlan.keys()];
    expect(blueprintKeys.length).toBeGreaterThan(20);
    expect(Object.fromEntries(blueprintKeys.map((key) => [key, fromAccount.get(key)]))).toEqual(
      Object.fromEntries(fromPlan),
    );
    // And both see the blueprint's violations.
    expect(fromPlan.get('s3-bucket-public-access-blocked arn:aws:s3:::eq-loose')).toBe('fail');
    expect(fromPlan.get('s3-bucket-no-cross-account-access arn:aws:s3:::eq-shared')).toBe('fail');
    expect(fromPlan.get(`iam-no-unscoped-write arn:aws:iam::${MOTO_ACCOUNT}:role/eq-app`)).toBe('fail');
  }, 120_000);
});
