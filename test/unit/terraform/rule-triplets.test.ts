/**
 * Every plan-capable rule on hand-written minimal plans: a pass, a fail, and the fail's unknown twin (the
 * deciding value known only after apply), which must be `error`, never `fail` or `pass`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/inventory.js';
import { builtinRules } from '../../../src/rules/index.js';
import { ACCOUNT, judgePlanJson, planOf, ref, statuses, U, type ChangeSpec } from './plan-builder.js';

interface Triplet {
  rule: string;
  /** Address of the judged resource. */
  address: string;
  /** The plan, given the deciding value. */
  plan: (value: unknown) => ChangeSpec[];
  pass: unknown;
  fail: unknown;
  accountType?: string;
  /** The directory lists the whole organization (`--directory`): other accounts are outside it. */
  organization?: boolean;
  /** A `collect` snapshot (`--inventory`). */
  overlay?: Inventory;
  /** Judged with `--directory` listing the squads' accounts (`DIRECTORY`). */
  directory?: boolean;
}

/** The organization's accounts (`--directory`): the plan's account is squad-a's modeling account. */
const SQUAD_A_TOOLING = '111122224444';
const SQUAD_B_MODELING = '222233331111';
const directoryDir = mkdtempSync(join(tmpdir(), 'sg-plan-directory-'));
const DIRECTORY = join(directoryDir, 'organization-accounts.yaml');
writeFileSync(
  DIRECTORY,
  [
    'accounts:',
    `  - { id: "${ACCOUNT}", name: squad-a-modeling, squad: squad-a, accountType: modeling }`,
    `  - { id: "${SQUAD_A_TOOLING}", name: squad-a-tooling, squad: squad-a, accountType: tooling }`,
    `  - { id: "${SQUAD_B_MODELING}", name: squad-b-modeling, squad: squad-b, accountType: modeling }`,
    '',
  ].join('\n'),
);
afterAll(() => rmSync(directoryDir, { recursive: true, force: true }));

const bucket = (name = 'squad-data', extra: Record<string, unknown> = {}): ChangeSpec => ({
  address: 'aws_s3_bucket.b',
  after: { bucket: name, force_destroy: false, tags: { squad: 'a' }, ...extra },
  expressions: { bucket: { constant_value: name } },
});
const bucketRef = { bucket: ref('aws_s3_bucket.b.id') };
const pab = (flags: unknown): ChangeSpec => ({
  address: 'aws_s3_bucket_public_access_block.b',
  after: {
    bucket: U,
    block_public_acls: flags,
    ignore_public_acls: flags,
    block_public_policy: flags,
    restrict_public_buckets: flags,
  },
  expressions: bucketRef,
});
const policyDoc = (statements: unknown[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const bucketPolicy = (policy: unknown): ChangeSpec => ({
  address: 'aws_s3_bucket_policy.b',
  after: { bucket: U, policy },
  expressions: { ...bucketRef, policy: { constant_value: 'x' } },
});
const tlsDeny = {
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::squad-data', 'arn:aws:s3:::squad-data/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const trust = (principal: unknown, condition?: unknown): unknown =>
  principal === U
    ? U
    : policyDoc([
        {
          Effect: 'Allow',
          Principal: principal,
          Action: 'sts:AssumeRole',
          ...(condition ? { Condition: condition } : {}),
        },
      ]);
const role = (extra: Record<string, unknown> = {}, name = 'squad-role'): ChangeSpec => ({
  address: 'aws_iam_role.r',
  after: {
    name,
    path: '/',
    assume_role_policy: trust({ Service: 'ec2.amazonaws.com' }),
    permissions_boundary: null,
    tags: {},
    ...extra,
  },
  expressions: {
    name: { constant_value: name },
    assume_role_policy: { constant_value: 'x' },
    ...Object.fromEntries(Object.keys(extra).map((key) => [key, { constant_value: 'x' }])),
  },
});
const rolePolicy = (document: unknown): ChangeSpec => ({
  address: 'aws_iam_role_policy.p',
  after: { role: U, name: 'inline', policy: document },
  expressions: { role: ref('aws_iam_role.r.id'), policy: { constant_value: 'x' } },
});
/** An identity policy; the unknown twin's whole document is unknown (a `jsonencode` over an unknown). */
const allow = (action: unknown, resource: unknown = '*'): unknown =>
  action === U || resource === U ? U : policyDoc([{ Effect: 'Allow', Action: action, Resource: resource }]);
const key = (extra: Record<string, unknown> = {}): ChangeSpec => ({
  address: 'aws_kms_key.k',
  after: {
    description: 'squad key',
    enable_key_rotation: true,
    is_enabled: true,
    key_usage: 'ENCRYPT_DECRYPT',
    customer_master_key_spec: 'SYMMETRIC_DEFAULT',
    multi_region: false,
    tags: {},
    ...extra,
  },
  expressions: Object.fromEntries(Object.keys(extra).map((k) => [k, { constant_value: 'x' }])),
});
const vpc: ChangeSpec = {
  address: 'aws_vpc.v',
  after: { cidr_block: '10.0.0.0/16', tags: {} },
  expressions: { cidr_block: { constant_value: '10.0.0.0/16' } },
};
const REQUIRED_ENDPOINTS: Array<[string, string]> = [
  ['s3', 'Gateway'],
  ['sagemaker.api', 'Interface'],
  ['sagemaker.runtime', 'Interface'],
  ['sts', 'Interface'],
  ['kms', 'Interface'],
  ['ecr.api', 'Interface'],
  ['ecr.dkr', 'Interface'],
];
const endpoints = (last: unknown): ChangeSpec[] =>
  REQUIRED_ENDPOINTS.map(([service, type], index) => ({
    address: `aws_vpc_endpoint.e[${index}]`,
    after: {
      vpc_id: U,
      service_name: index === REQUIRED_ENDPOINTS.length - 1 ? last : `com.amazonaws.eu-west-1.${service}`,
      vpc_endpoint_type: type,
      private_dns_enabled: type === 'Interface',
    },
    expressions: { vpc_id: ref('aws_vpc.v.id'), service_name: { constant_value: 'x' } },
  }));
const sg = (cidr: unknown, name = 'web'): ChangeSpec[] => [
  vpc,
  {
    address: 'aws_security_group.s',
    after: {
      name,
      description: 'web',
      vpc_id: U,
      ingress: [
        {
          from_port: 443,
          to_port: 443,
          protocol: 'tcp',
          cidr_blocks: [cidr],
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          security_groups: [],
          self: false,
          description: 'https',
        },
      ],
      tags: {},
    },
    expressions: {
      vpc_id: ref('aws_vpc.v.id'),
      ingress: { constant_value: 'x' },
      name: { constant_value: name },
    },
  },
];
const notebook = (extra: Record<string, unknown>): ChangeSpec => ({
  address: 'aws_sagemaker_notebook_instance.n',
  after: {
    name: 'nb',
    instance_type: 'ml.t3.medium',
    role_arn: 'arn:aws:iam::123456789012:role/sm',
    direct_internet_access: 'Disabled',
    root_access: 'Disabled',
    subnet_id: 'subnet-1',
    security_groups: ['sg-1'],
    kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/1',
    tags: {},
    ...extra,
  },
  expressions: Object.fromEntries(Object.keys(extra).map((k) => [k, { constant_value: 'x' }])),
});
const domain = (extra: Record<string, unknown>): ChangeSpec => ({
  address: 'aws_sagemaker_domain.d',
  after: {
    domain_name: 'squad',
    auth_mode: 'IAM',
    vpc_id: 'vpc-1',
    subnet_ids: ['subnet-1'],
    app_network_access_type: 'VpcOnly',
    kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/1',
    tags: {},
    ...extra,
  },
  expressions: Object.fromEntries(Object.keys(extra).map((k) => [k, { constant_value: 'x' }])),
});
const model = (extra: Record<string, unknown>): ChangeSpec => ({
  address: 'aws_sagemaker_model.m',
  after: {
    name: 'm',
    execution_role_arn: 'arn:aws:iam::123456789012:role/sm',
    enable_network_isolation: true,
    primary_container: [{ image: 'img', model_package_name: null, model_data_url: null }],
    container: [],
    vpc_config: [{ subnets: ['subnet-1'], security_group_ids: ['sg-1'] }],
    tags: {},
    ...extra,
  },
  expressions: Object.fromEntries(Object.keys(extra).map((k) => [k, { constant_value: 'x' }])),
});

const triplets: Triplet[] = [
  {
    rule: 's3-bucket-public-access-blocked',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      pab(v),
      {
        address: 'aws_s3_account_public_access_block.a',
        after: {
          account_id: ACCOUNT,
          block_public_acls: false,
          ignore_public_acls: false,
          block_public_policy: false,
          restrict_public_buckets: false,
        },
      },
    ],
    pass: true,
    fail: false,
  },
  {
    rule: 's3-account-public-access-blocked',
    address: 'aws_s3_account_public_access_block.a',
    plan: (v) => [
      {
        address: 'aws_s3_account_public_access_block.a',
        after: {
          account_id: ACCOUNT,
          block_public_acls: true,
          ignore_public_acls: true,
          block_public_policy: v,
          restrict_public_buckets: true,
        },
      },
    ],
    pass: true,
    fail: false,
  },
  {
    rule: 's3-bucket-policy-not-public',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      pab(false),
      {
        address: 'aws_s3_account_public_access_block.a',
        after: {
          account_id: ACCOUNT,
          block_public_acls: false,
          ignore_public_acls: false,
          block_public_policy: false,
          restrict_public_buckets: false,
        },
      },
      bucketPolicy(v),
    ],
    pass: policyDoc([tlsDeny]),
    fail: policyDoc([
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::squad-data/*' },
    ]),
  },
  {
    rule: 's3-bucket-acl-not-public',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      pab(false),
      {
        address: 'aws_s3_account_public_access_block.a',
        after: {
          account_id: ACCOUNT,
          block_public_acls: false,
          ignore_public_acls: false,
          block_public_policy: false,
          restrict_public_buckets: false,
        },
      },
      {
        address: 'aws_s3_bucket_acl.b',
        after: { bucket: U, acl: v },
        expressions: { ...bucketRef, acl: { constant_value: 'x' } },
      },
    ],
    pass: 'private',
    fail: 'public-read',
  },
  {
    rule: 's3-bucket-acls-disabled',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      {
        address: 'aws_s3_bucket_ownership_controls.b',
        after: { bucket: U, rule: [{ object_ownership: v }] },
        expressions: { ...bucketRef, rule: [{ object_ownership: { constant_value: 'x' } }] },
      },
    ],
    pass: 'BucketOwnerEnforced',
    fail: 'ObjectWriter',
  },
  {
    rule: 's3-bucket-kms-encryption',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      key(),
      {
        address: 'aws_s3_bucket_server_side_encryption_configuration.b',
        after: {
          bucket: U,
          rule: [
            {
              bucket_key_enabled: true,
              apply_server_side_encryption_by_default: [
                { sse_algorithm: v, kms_master_key_id: v === 'AES256' ? null : U },
              ],
            },
          ],
        },
        expressions: {
          ...bucketRef,
          rule: [
            {
              apply_server_side_encryption_by_default: [
                { sse_algorithm: { constant_value: 'x' }, kms_master_key_id: ref('aws_kms_key.k.arn') },
              ],
            },
          ],
        },
      },
    ],
    pass: 'aws:kms',
    fail: 'AES256',
  },
  {
    rule: 's3-bucket-tls-only',
    address: 'aws_s3_bucket.b',
    plan: (v) => [bucket(), bucketPolicy(v)],
    pass: policyDoc([tlsDeny]),
    fail: policyDoc([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::squad-data/*',
      },
    ]),
  },
  {
    rule: 's3-bucket-no-cross-account-access',
    address: 'aws_s3_bucket.b',
    plan: (v) => [bucket(), bucketPolicy(v)],
    pass: policyDoc([tlsDeny]),
    fail: policyDoc([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999999:root' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::squad-data/*',
      },
    ]),
  },
  {
    rule: 's3-bucket-versioning-enabled',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      {
        address: 'aws_s3_bucket_versioning.b',
        after: { bucket: U, versioning_configuration: [{ status: v, mfa_delete: null }] },
        expressions: { ...bucketRef, versioning_configuration: [{ status: { constant_value: 'x' } }] },
      },
    ],
    pass: 'Enabled',
    fail: 'Suspended',
  },
  {
    rule: 's3-bucket-access-logging-enabled',
    address: 'aws_s3_bucket.b',
    plan: (v) => [
      bucket(),
      ...(v === false
        ? []
        : [
            {
              address: 'aws_s3_bucket_logging.b',
              after: { bucket: U, target_bucket: v, target_prefix: 'logs/' },
              expressions: { ...bucketRef, target_bucket: { references: ['var.log_bucket'] } },
            },
          ]),
    ],
    pass: 'squad-logs',
    fail: false,
  },
  {
    rule: 'kms-key-rotation-enabled',
    address: 'aws_kms_key.k',
    plan: (v) => [key({ enable_key_rotation: v })],
    pass: true,
    fail: false,
  },
  {
    rule: 'kms-key-policy-not-public',
    address: 'aws_kms_key.k',
    plan: (v) => [key({ policy: v })],
    pass: policyDoc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]),
    fail: policyDoc([{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }]),
  },
  {
    rule: 'kms-key-policy-no-cross-account',
    address: 'aws_kms_key.k',
    plan: (v) => [
      key(),
      {
        address: 'aws_kms_key_policy.k',
        after: { key_id: U, policy: v },
        expressions: { key_id: ref('aws_kms_key.k.id'), policy: { constant_value: 'x' } },
      },
    ],
    pass: policyDoc([
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]),
    fail: policyDoc([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999999:root' },
        Action: 'kms:Decrypt',
        Resource: '*',
      },
    ]),
  },
  {
    rule: 'vpc-no-internet-gateway',
    address: 'aws_vpc.v',
    plan: (v) => [
      vpc,
      ...(v === false
        ? []
        : [
            {
              address: 'aws_internet_gateway.g',
              after: { vpc_id: v, tags: {} },
              expressions: { vpc_id: v === U ? { references: ['var.vpc'] } : ref('aws_vpc.v.id') },
            },
          ]),
    ],
    pass: false,
    fail: 'ref',
  },
  {
    rule: 'vpc-subnet-no-public-ip-on-launch',
    address: 'aws_subnet.s',
    plan: (v) => [
      vpc,
      {
        address: 'aws_subnet.s',
        after: { vpc_id: U, cidr_block: '10.0.1.0/24', map_public_ip_on_launch: v, tags: {} },
        expressions: { vpc_id: ref('aws_vpc.v.id'), map_public_ip_on_launch: { constant_value: 'x' } },
      },
    ],
    pass: false,
    fail: true,
  },
  {
    rule: 'ec2-security-group-no-ingress-from-internet',
    address: 'aws_security_group.s',
    plan: (v) => sg(v),
    pass: '10.0.0.0/8',
    fail: '0.0.0.0/0',
  },
  {
    rule: 'ec2-default-security-group-closed',
    address: 'aws_default_security_group.d',
    plan: (v) => [
      vpc,
      {
        address: 'aws_default_security_group.d',
        after: {
          vpc_id: U,
          ingress:
            v === false
              ? []
              : [
                  {
                    from_port: 0,
                    to_port: 0,
                    protocol: '-1',
                    cidr_blocks: [v],
                    ipv6_cidr_blocks: [],
                    prefix_list_ids: [],
                    security_groups: [],
                    self: false,
                    description: null,
                  },
                ],
          egress: [],
          tags: {},
        },
        expressions: {
          vpc_id: ref('aws_vpc.v.id'),
          ingress: { constant_value: 'x' },
          egress: { constant_value: 'x' },
        },
      },
    ],
    pass: false,
    fail: '10.0.0.0/8',
  },
  {
    rule: 'vpc-flow-logs-enabled',
    address: 'aws_vpc.v',
    plan: (v) => [
      vpc,
      {
        address: 'aws_flow_log.f',
        after: {
          vpc_id: U,
          traffic_type: v,
          log_destination_type: 's3',
          log_destination: 'arn:aws:s3:::squad-logs',
        },
        expressions: { vpc_id: ref('aws_vpc.v.id'), traffic_type: { constant_value: 'x' } },
      },
    ],
    pass: 'ALL',
    fail: 'ACCEPT',
  },
  {
    rule: 'vpc-required-endpoints',
    address: 'aws_vpc.v',
    plan: (v) => [vpc, ...endpoints(v)],
    pass: 'com.amazonaws.eu-west-1.ecr.dkr',
    fail: 'com.amazonaws.eu-west-1.ecr.api',
  },
  {
    rule: 'ebs-default-encryption-enabled',
    address: 'aws_ebs_encryption_by_default.e',
    plan: (v) => [{ address: 'aws_ebs_encryption_by_default.e', after: { enabled: v } }],
    pass: true,
    fail: false,
  },
  {
    rule: 'ebs-default-kms-key-customer-managed',
    address: 'aws_ebs_default_kms_key.k',
    plan: (v) => [
      key(),
      {
        address: 'aws_ebs_default_kms_key.k',
        after: { key_arn: v === 'ref' ? U : v },
        expressions: {
          key_arn:
            v === 'ref'
              ? ref('aws_kms_key.k.arn')
              : v === U
                ? { references: ['var.key'] }
                : { constant_value: v },
        },
      },
    ],
    pass: 'ref',
    fail: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs',
  },
  {
    rule: 'iam-no-admin-access',
    address: 'aws_iam_role.r',
    plan: (v) => [role(), rolePolicy(allow(v))],
    pass: 's3:GetObject',
    fail: '*',
  },
  {
    rule: 'iam-no-data-exfiltration-on-all',
    address: 'aws_iam_role.r',
    plan: (v) => [role(), rolePolicy(allow('s3:GetObject', v))],
    pass: 'arn:aws:s3:::squad-data/*',
    fail: '*',
  },
  {
    rule: 'iam-no-unscoped-write',
    address: 'aws_iam_role.r',
    plan: (v) => [role(), rolePolicy(allow('s3:PutObject', v))],
    pass: 'arn:aws:s3:::squad-data/*',
    fail: '*',
  },
  {
    rule: 'iam-passrole-restricted',
    address: 'aws_iam_role.r',
    plan: (v) => [role(), rolePolicy(v)],
    pass: policyDoc([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: `arn:aws:iam::${ACCOUNT}:role/sagemaker-exec`,
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
    ]),
    fail: policyDoc([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]),
  },
  {
    rule: 'iam-no-privilege-escalation',
    address: 'aws_iam_role.r',
    plan: (v) => [role(), rolePolicy(allow(v))],
    pass: 's3:GetObject',
    fail: 'iam:CreatePolicyVersion',
  },
  {
    rule: 'iam-no-service-wildcard',
    address: 'aws_iam_policy.p',
    plan: (v) => [
      {
        address: 'aws_iam_policy.p',
        after: { name: 'squad', path: '/', policy: allow(v), tags: {} },
        expressions: { name: { constant_value: 'squad' }, policy: { constant_value: 'x' } },
      },
    ],
    pass: 's3:GetObject',
    fail: 's3:*',
  },
  {
    rule: 'iam-role-permission-boundary-required',
    address: 'aws_iam_role.r',
    plan: (v) => [role({ permissions_boundary: v })],
    pass: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
    fail: null,
  },
  {
    rule: 'iam-role-trust-not-public',
    address: 'aws_iam_role.r',
    plan: (v) => [role({ assume_role_policy: v })],
    pass: trust({ Service: 'ec2.amazonaws.com' }),
    fail: trust({ AWS: '*' }),
  },
  {
    rule: 'iam-role-trust-cross-account-external-id',
    address: 'aws_iam_role.r',
    plan: (v) => [role({ assume_role_policy: v })],
    pass: trust({ AWS: 'arn:aws:iam::999999999999:root' }, { StringEquals: { 'sts:ExternalId': 'x' } }),
    fail: trust({ AWS: 'arn:aws:iam::999999999999:root' }),
  },
  {
    rule: 'iam-role-trust-service-confused-deputy',
    address: 'aws_iam_role.r',
    plan: (v) => [role({ assume_role_policy: v })],
    pass: trust({ Service: 'sagemaker.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } }),
    fail: trust({ Service: 'sagemaker.amazonaws.com' }),
  },
  {
    rule: 'iam-user-no-direct-policies',
    address: 'aws_iam_user.u',
    plan: (v) => [
      {
        address: 'aws_iam_user.u',
        after: { name: 'alice', path: '/', permissions_boundary: null, tags: {} },
        expressions: { name: { constant_value: 'alice' } },
      },
      ...(v === false
        ? []
        : [
            {
              address: 'aws_iam_user_policy_attachment.a',
              after: { user: v, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
              expressions: { user: v === U ? { references: ['var.user'] } : { constant_value: v } },
            },
          ]),
    ],
    pass: false,
    fail: 'alice',
  },
  {
    rule: 'isolation-no-external-access',
    address: 'aws_s3_bucket.b',
    organization: true,
    plan: (v) => [bucket(), bucketPolicy(v)],
    pass: policyDoc([tlsDeny]),
    fail: policyDoc([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999999:root' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::squad-data/*',
      },
    ]),
  },
  {
    rule: 'isolation-no-org-wide-grant',
    address: 'aws_s3_bucket.b',
    plan: (v) => [bucket(), bucketPolicy(v)],
    pass: policyDoc([tlsDeny]),
    fail: policyDoc([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::squad-data/*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ]),
  },
  {
    // A bucket of squad-a's modeling account read or written by squad-a's tooling account: the flow
    // tooling->modeling allows List and Read only.
    rule: 'isolation-flow-allowed',
    address: 'aws_s3_bucket.b',
    directory: true,
    plan: (v) => [bucket(), bucketPolicy(v)],
    pass: policyDoc([
      tlsDeny,
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SQUAD_A_TOOLING}:root` },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::squad-data', 'arn:aws:s3:::squad-data/*'],
      },
    ]),
    fail: policyDoc([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${SQUAD_A_TOOLING}:root` },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::squad-data/*',
      },
    ]),
  },
  {
    // A role trusted by an account of the same squad passes, by another squad's account fails; the unknown
    // twin's trust policy names a principal known only after apply (a `jsonencode` over a planned ARN).
    rule: 'isolation-no-cross-squad-access',
    address: 'aws_iam_role.r',
    directory: true,
    plan: (v) => [role({ assume_role_policy: v })],
    pass: trust({ AWS: `arn:aws:iam::${SQUAD_A_TOOLING}:root` }),
    fail: trust({ AWS: `arn:aws:iam::${SQUAD_B_MODELING}:root` }),
  },
  {
    rule: 'sagemaker-model-package-group-not-public',
    address: 'aws_sagemaker_model_package_group.g',
    plan: (v) => [
      {
        address: 'aws_sagemaker_model_package_group.g',
        after: { model_package_group_name: 'models', tags: {} },
        expressions: { model_package_group_name: { constant_value: 'models' } },
      },
      {
        address: 'aws_sagemaker_model_package_group_policy.g',
        after: { model_package_group_name: U, resource_policy: v },
        expressions: {
          model_package_group_name: ref('aws_sagemaker_model_package_group.g.model_package_group_name'),
          resource_policy: { constant_value: 'x' },
        },
      },
    ],
    pass: policyDoc([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sagemaker:DescribeModelPackage',
        Resource: '*',
      },
    ]),
    fail: policyDoc([
      { Effect: 'Allow', Principal: '*', Action: 'sagemaker:DescribeModelPackage', Resource: '*' },
    ]),
  },
  {
    rule: 'sagemaker-notebook-no-direct-internet',
    address: 'aws_sagemaker_notebook_instance.n',
    plan: (v) => [notebook({ direct_internet_access: v })],
    pass: 'Disabled',
    fail: 'Enabled',
  },
  {
    rule: 'sagemaker-notebook-root-access-disabled',
    address: 'aws_sagemaker_notebook_instance.n',
    plan: (v) => [notebook({ root_access: v })],
    pass: 'Disabled',
    fail: 'Enabled',
  },
  {
    rule: 'sagemaker-notebook-in-vpc',
    address: 'aws_sagemaker_notebook_instance.n',
    plan: (v) => [notebook({ subnet_id: v })],
    pass: 'subnet-1',
    fail: null,
  },
  {
    rule: 'sagemaker-notebook-kms-encrypted',
    address: 'aws_sagemaker_notebook_instance.n',
    plan: (v) => [notebook({ kms_key_id: v })],
    pass: 'arn:aws:kms:eu-west-1:123456789012:key/1',
    fail: null,
  },
  {
    rule: 'sagemaker-domain-vpc-only',
    address: 'aws_sagemaker_domain.d',
    plan: (v) => [domain({ app_network_access_type: v })],
    pass: 'VpcOnly',
    fail: 'PublicInternetOnly',
  },
  {
    rule: 'sagemaker-domain-kms-encrypted',
    address: 'aws_sagemaker_domain.d',
    plan: (v) => [domain({ kms_key_id: v })],
    pass: 'arn:aws:kms:eu-west-1:123456789012:key/1',
    fail: null,
  },
  {
    rule: 'sagemaker-model-network-isolation',
    address: 'aws_sagemaker_model.m',
    plan: (v) => [model({ enable_network_isolation: v })],
    pass: true,
    fail: false,
  },
  {
    rule: 'sagemaker-model-in-vpc',
    address: 'aws_sagemaker_model.m',
    plan: (v) => [
      model({
        vpc_config: v === null ? [] : v === U ? U : [{ subnets: ['subnet-1'], security_group_ids: ['sg-1'] }],
      }),
    ],
    pass: 'vpc',
    fail: null,
  },
  {
    rule: 'sagemaker-endpoint-config-kms-encrypted',
    address: 'aws_sagemaker_endpoint_configuration.c',
    plan: (v) => [
      {
        address: 'aws_sagemaker_endpoint_configuration.c',
        after: {
          name: 'cfg',
          kms_key_arn: v,
          production_variants: [
            {
              variant_name: 'main',
              model_name: 'm',
              instance_type: 'ml.m5.large',
              initial_instance_count: 2,
              serverless_config: [],
            },
          ],
          data_capture_config: [],
          tags: {},
        },
        expressions: { kms_key_arn: { constant_value: 'x' } },
      },
    ],
    pass: 'arn:aws:kms:eu-west-1:123456789012:key/1',
    fail: null,
  },
  {
    rule: 'sagemaker-endpoint-serves-approved-model',
    address: 'aws_sagemaker_endpoint.e',
    accountType: 'serving-prod',
    overlay: {
      schemaVersion: 1,
      collectedAt: '2026-11-30T00:00:00Z',
      targets: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
      resources: [
        {
          type: 'aws.sagemaker.model-package',
          arn: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:model-package/fraud/3`,
          accountId: ACCOUNT,
          region: 'eu-west-1',
          name: 'fraud/3',
          tags: {},
          data: {
            modelPackageGroupName: 'fraud',
            version: 3,
            modelApprovalStatus: 'Approved',
            status: 'Completed',
            creationTime: null,
          },
          errors: {},
        },
      ],
      errors: [],
      apiCalls: {},
    },
    plan: (v) => [
      {
        address: 'aws_sagemaker_model.m',
        after: {
          name: 'fraud-model',
          execution_role_arn: `arn:aws:iam::${ACCOUNT}:role/sm`,
          enable_network_isolation: true,
          primary_container: [
            { image: v === null ? 'img' : null, model_package_name: v, model_data_url: null },
          ],
          container: [],
          vpc_config: [],
          tags: {},
        },
        expressions: {
          name: { constant_value: 'fraud-model' },
          primary_container: [
            { model_package_name: v === U ? { references: ['var.package'] } : { constant_value: v } },
          ],
        },
      },
      {
        address: 'aws_sagemaker_endpoint_configuration.c',
        after: {
          name: 'fraud-config',
          kms_key_arn: null,
          data_capture_config: [],
          production_variants: [
            {
              variant_name: 'main',
              model_name: U,
              instance_type: 'ml.m5.large',
              initial_instance_count: 2,
              serverless_config: [],
            },
          ],
          tags: {},
        },
        expressions: {
          name: { constant_value: 'fraud-config' },
          production_variants: [{ model_name: ref('aws_sagemaker_model.m.name') }],
        },
      },
      {
        address: 'aws_sagemaker_endpoint.e',
        after: { name: 'fraud', endpoint_config_name: U, tags: {} },
        expressions: {
          name: { constant_value: 'fraud' },
          endpoint_config_name: ref('aws_sagemaker_endpoint_configuration.c.name'),
        },
      },
    ],
    pass: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:model-package/fraud/3`,
    fail: null,
  },
  {
    rule: 'iam-user-no-access-keys',
    address: 'aws_iam_user.u',
    plan: (v) => [
      {
        address: 'aws_iam_user.u',
        after: { name: 'alice', path: '/', permissions_boundary: null, tags: {} },
        expressions: { name: { constant_value: 'alice' } },
      },
      {
        address: 'aws_iam_access_key.k',
        after: { user: U, status: v },
        expressions: { user: ref('aws_iam_user.u.name'), status: { constant_value: 'x' } },
      },
    ],
    pass: 'Inactive',
    fail: 'Active',
  },
  {
    rule: 'ebs-volume-encrypted',
    address: 'aws_ebs_volume.v',
    plan: (v) => [
      {
        address: 'aws_ebs_volume.v',
        after: { availability_zone: 'eu-west-1a', size: 10, type: 'gp3', encrypted: v, snapshot_id: null },
        expressions: { encrypted: { constant_value: 'x' } },
      },
    ],
    pass: true,
    fail: false,
  },
  {
    rule: 'ec2-instance-imdsv2-required',
    address: 'aws_instance.i',
    plan: (v) => [
      {
        address: 'aws_instance.i',
        after: {
          ami: 'ami-1',
          instance_type: 't3.micro',
          associate_public_ip_address: false,
          metadata_options: [{ http_tokens: v, http_endpoint: 'enabled', http_put_response_hop_limit: 1 }],
        },
        expressions: { metadata_options: [{ http_tokens: { constant_value: 'x' } }] },
      },
    ],
    pass: 'required',
    fail: 'optional',
  },
  {
    rule: 'ec2-instance-no-public-ip',
    address: 'aws_instance.i',
    plan: (v) => [
      vpc,
      {
        address: 'aws_subnet.s',
        after: { vpc_id: U, cidr_block: '10.0.1.0/24', map_public_ip_on_launch: v, tags: {} },
        expressions: { vpc_id: ref('aws_vpc.v.id'), map_public_ip_on_launch: { constant_value: 'x' } },
      },
      {
        address: 'aws_instance.i',
        after: { ami: 'ami-1', instance_type: 't3.micro', subnet_id: U, associate_public_ip_address: U },
        expressions: { subnet_id: ref('aws_subnet.s.id') },
      },
    ],
    pass: false,
    fail: true,
  },
  {
    rule: 'iam-password-policy-strong',
    address: 'aws_iam_account_password_policy.p',
    plan: (v) => [
      {
        address: 'aws_iam_account_password_policy.p',
        after: {
          minimum_password_length: v,
          require_symbols: true,
          require_numbers: true,
          require_uppercase_characters: true,
          require_lowercase_characters: true,
          allow_users_to_change_password: true,
          password_reuse_prevention: 24,
          max_password_age: 0,
          hard_expiry: false,
        },
        expressions: { minimum_password_length: { constant_value: 'x' } },
      },
    ],
    pass: 16,
    fail: 8,
  },
];

describe('plan-capable rules on minimal plans: pass, fail, and the unknown twin', () => {
  for (const triplet of triplets) {
    it(triplet.rule, async () => {
      const options = {
        accountType: triplet.accountType ?? 'modeling',
        organization: triplet.organization ?? false,
        ...(triplet.overlay ? { overlay: triplet.overlay } : {}),
        ...(triplet.directory ? { directory: DIRECTORY } : {}),
      };
      const pass = await judgePlanJson(planOf(triplet.plan(triplet.pass)), options);
      const fail = await judgePlanJson(planOf(triplet.plan(triplet.fail)), options);
      const unknown = await judgePlanJson(planOf(triplet.plan(U)), options);
      expect(statuses(pass, triplet.rule, triplet.address), 'pass').toContain('pass');
      expect(statuses(pass, triplet.rule, triplet.address), 'pass').not.toContain('fail');
      expect(statuses(fail, triplet.rule, triplet.address), 'fail').toContain('fail');
      const twin = statuses(unknown, triplet.rule, triplet.address);
      expect(twin, 'unknown twin').toContain('error');
      expect(twin, 'unknown twin').not.toContain('fail');
    });
  }

  it('covers every rule that runs on plans', () => {
    const covered = new Set(triplets.map((triplet) => triplet.rule));
    const uncovered = builtinRules
      .filter((rule) => rule.notOnPlans === undefined && !covered.has(rule.id))
      .map((rule) => rule.id)
      .sort();
    expect(uncovered).toEqual([]);
  });
});
