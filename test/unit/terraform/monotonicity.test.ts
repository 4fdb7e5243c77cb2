/**
 * The zero-false-positive guarantee as a property: marking any known leaf of a plan unknown (absent from
 * `after`, `true` in `after_unknown`, exactly as Terraform encodes it) never turns a pass into a fail or a
 * fail into a pass — at worst the verdict becomes `error`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/model/report.js';
import { parsePlan } from '../../../src/terraform/read.js';
import type { PlanJson } from '../../../src/terraform/plan-json.js';
import { judgePlanJson, planOf, ref, U } from './plan-builder.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/terraform-plans');

type Step = string | number;

/** Paths of the known leaves (primitives, null, empty lists/maps) of every change's `after`. */
function knownLeaves(plan: PlanJson): Array<{ change: number; path: Step[] }> {
  const leaves: Array<{ change: number; path: Step[] }> = [];
  const visit = (value: unknown, unknown: unknown, change: number, path: Step[]): void => {
    if (unknown === true) return;
    if (Array.isArray(value) && value.length > 0) {
      value.forEach((item, index) =>
        visit(item, Array.isArray(unknown) ? unknown[index] : undefined, change, [...path, index]),
      );
    } else if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) {
        visit(
          item,
          typeof unknown === 'object' && unknown !== null
            ? (unknown as Record<string, unknown>)[key]
            : undefined,
          change,
          [...path, key],
        );
      }
    } else if (path.length > 0) leaves.push({ change, path });
  };
  (plan.resource_changes ?? []).forEach((change, index) => {
    if (change.change.after && typeof change.change.after === 'object')
      visit(change.change.after, change.change.after_unknown, index, []);
  });
  return leaves;
}

/** The plan with one leaf unknown. */
function masked(plan: PlanJson, leaf: { change: number; path: Step[] }): PlanJson {
  const copy = structuredClone(plan);
  const change = copy.resource_changes![leaf.change]!.change;
  // after: drop the key (object) or null the element (list).
  let node = change.after as Record<string | number, unknown>;
  for (const step of leaf.path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = leaf.path[leaf.path.length - 1]!;
  if (Array.isArray(node)) node[last as number] = null;
  else delete node[last];
  // after_unknown: build the shape down to the leaf; lists carry a bool (or shape) per element.
  const afterValue = structuredClone(plan.resource_changes![leaf.change]!.change.after) as unknown;
  let unknown = (change.after_unknown ??= {}) as Record<string | number, unknown>;
  if (typeof unknown !== 'object' || unknown === null)
    unknown = change.after_unknown = {} as Record<string, unknown>;
  let source = afterValue as Record<string | number, unknown>;
  for (const step of leaf.path.slice(0, -1)) {
    const next = source[step];
    if (typeof unknown[step] !== 'object' || unknown[step] === null) {
      unknown[step] = Array.isArray(next) ? next.map(() => false) : {};
    }
    unknown = unknown[step] as Record<string | number, unknown>;
    source = next as Record<string | number, unknown>;
  }
  unknown[last] = true;
  return copy;
}

/** Per (rule, Terraform address): the statuses of its findings. */
function verdicts(report: Report): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const finding of report.findings) {
    if (!finding.resource.terraformAddress) continue;
    const key = `${finding.ruleId} ${finding.resource.terraformAddress}`;
    map.set(key, [...(map.get(key) ?? []), finding.status]);
  }
  return map;
}

function flips(before: Report, after: Report): string[] {
  const original = verdicts(before);
  const problems: string[] = [];
  for (const [key, statuses] of verdicts(after)) {
    const was = original.get(key) ?? [];
    if (statuses.includes('fail') && !was.includes('fail'))
      problems.push(`${key}: ${was.join('/') || 'nothing'} → fail`);
    if (was.includes('fail') && !statuses.includes('fail') && !statuses.includes('error'))
      problems.push(`${key}: fail → ${statuses.join('/')}`);
  }
  for (const [key, was] of original) {
    if (was.includes('fail') && !verdicts(after).has(key)) problems.push(`${key}: fail → no finding`);
  }
  return problems;
}

const fixture = (path: string): PlanJson =>
  parsePlan(readFileSync(resolve(FIXTURES, path), 'utf8'), path).plan;
const policy = (statement: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** Small plans exercising joins, defaults, fresh identities and rebuilt documents. */
const handWritten: PlanJson[] = [
  planOf([
    {
      address: 'aws_s3_bucket.b',
      after: { bucket: 'squad-data', tags: { squad: 'a' } },
      expressions: { bucket: { constant_value: 'squad-data' } },
    },
    {
      address: 'aws_kms_key.k',
      after: {
        enable_key_rotation: false,
        is_enabled: true,
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
        key_usage: 'ENCRYPT_DECRYPT',
        multi_region: false,
        description: 'k',
      },
    },
    {
      address: 'aws_s3_bucket_server_side_encryption_configuration.b',
      after: {
        bucket: U,
        rule: [
          {
            bucket_key_enabled: true,
            apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: U }],
          },
        ],
      },
      expressions: {
        bucket: ref('aws_s3_bucket.b.id'),
        rule: [
          {
            apply_server_side_encryption_by_default: [
              { sse_algorithm: { constant_value: 'aws:kms' }, kms_master_key_id: ref('aws_kms_key.k.arn') },
            ],
          },
        ],
      },
    },
    {
      address: 'aws_s3_bucket_public_access_block.b',
      after: {
        bucket: U,
        block_public_acls: true,
        ignore_public_acls: false,
        block_public_policy: true,
        restrict_public_buckets: true,
      },
      expressions: { bucket: ref('aws_s3_bucket.b.id'), block_public_acls: { constant_value: true } },
    },
    {
      address: 'aws_s3_bucket_acl.b',
      after: { bucket: U, acl: 'public-read' },
      expressions: { bucket: ref('aws_s3_bucket.b.id'), acl: { constant_value: 'public-read' } },
    },
    {
      address: 'aws_s3_bucket_versioning.b',
      after: { bucket: U, versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] },
      expressions: {
        bucket: ref('aws_s3_bucket.b.id'),
        versioning_configuration: [{ status: { constant_value: 'Enabled' } }],
      },
    },
    {
      address: 'aws_s3_bucket_policy.b',
      after: { bucket: U, policy: U },
      expressions: { bucket: ref('aws_s3_bucket.b.id'), policy: ref('data.aws_iam_policy_document.d.json') },
    },
    {
      address: 'data.aws_iam_policy_document.d',
      mode: 'data',
      after: {
        statement: [
          {
            sid: 'x',
            effect: 'Allow',
            actions: ['s3:GetObject'],
            resources: ['arn:aws:s3:::squad-data/*'],
            principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::999999999999:root'] }],
            condition: [],
            not_actions: null,
            not_resources: null,
            not_principals: [],
          },
        ],
        source_policy_documents: null,
        override_policy_documents: null,
        version: null,
        policy_id: null,
      },
    },
    {
      address: 'aws_s3_account_public_access_block.a',
      after: {
        account_id: '123456789012',
        block_public_acls: false,
        ignore_public_acls: false,
        block_public_policy: true,
        restrict_public_buckets: false,
      },
    },
  ]),
  planOf([
    {
      address: 'aws_iam_role.r',
      after: {
        name: 'squadguard-audit',
        path: '/',
        permissions_boundary: null,
        assume_role_policy: policy({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999999999999:root' },
          Action: 'sts:AssumeRole',
        }),
      },
      expressions: { name: { constant_value: 'squadguard-audit' } },
    },
    {
      address: 'aws_iam_role.s',
      after: {
        name: 'squad-app',
        path: '/',
        permissions_boundary: null,
        assume_role_policy: policy({
          Effect: 'Allow',
          Principal: { Service: 'sagemaker.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      },
      expressions: { name: { constant_value: 'squad-app' } },
    },
    {
      address: 'aws_iam_policy.p',
      after: { name: 'admin', path: '/', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) },
      expressions: { name: { constant_value: 'admin' } },
    },
    {
      address: 'aws_iam_role_policy_attachment.a',
      after: { role: 'squad-app', policy_arn: U },
      expressions: { role: ref('aws_iam_role.s.name'), policy_arn: ref('aws_iam_policy.p.arn') },
    },
    {
      address: 'aws_iam_role_policy.i',
      after: {
        role: U,
        name: 'pass',
        policy: policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }),
      },
      expressions: { role: ref('aws_iam_role.s.id') },
    },
  ]),
  planOf([
    { address: 'aws_vpc.v', after: { cidr_block: '10.0.0.0/16' } },
    { address: 'aws_internet_gateway.g', after: { vpc_id: U }, expressions: { vpc_id: ref('aws_vpc.v.id') } },
    {
      address: 'aws_route_table.t',
      after: { vpc_id: U, route: U },
      expressions: { vpc_id: ref('aws_vpc.v.id') },
    },
    {
      address: 'aws_route.r',
      after: { route_table_id: U, destination_cidr_block: '0.0.0.0/0', gateway_id: U, nat_gateway_id: U },
      expressions: {
        route_table_id: ref('aws_route_table.t.id'),
        gateway_id: ref('aws_internet_gateway.g.id'),
      },
    },
    {
      address: 'aws_flow_log.f',
      after: {
        vpc_id: U,
        traffic_type: 'REJECT',
        log_destination_type: 's3',
        log_destination: 'arn:aws:s3:::logs',
      },
      expressions: { vpc_id: ref('aws_vpc.v.id') },
    },
    {
      address: 'aws_subnet.s',
      after: { vpc_id: U, cidr_block: '10.0.1.0/24', map_public_ip_on_launch: true },
      expressions: { vpc_id: ref('aws_vpc.v.id') },
    },
    {
      address: 'aws_security_group.g',
      after: { name: 'web', description: 'd', vpc_id: U, ingress: U, egress: U },
      expressions: { vpc_id: ref('aws_vpc.v.id') },
    },
    {
      address: 'aws_vpc_security_group_ingress_rule.i',
      after: { security_group_id: U, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0' },
      expressions: { security_group_id: ref('aws_security_group.g.id') },
    },
    {
      address: 'aws_sagemaker_notebook_instance.n',
      after: {
        name: 'nb',
        instance_type: 'ml.t3.medium',
        role_arn: 'arn:aws:iam::123456789012:role/x',
        direct_internet_access: 'Enabled',
        root_access: 'Disabled',
        subnet_id: null,
        kms_key_id: null,
        security_groups: [],
      },
    },
  ]),
];

const fixtures = [
  'checkov-plan_nested_child_modules_with_connections/tfplan.json',
  'terraform-compliance-test_resource_ref_in_module_fails/plan.out.json',
  'trivy-tfjson-testdata/plan.json',
  'checkov-example_GithubActionsOIDCTrustPolicy/tfplan.json',
  'checkov-plan/tfplan.json',
].map(fixture);

describe('monotonicity: an unknown never flips a verdict', () => {
  const bases = [...handWritten, ...fixtures];

  it('marking any one known leaf unknown turns pass/fail only into error', async () => {
    const originals = await Promise.all(bases.map((plan) => judgePlanJson(plan)));
    const leaves = bases.map(knownLeaves);
    expect(leaves.every((list) => list.length > 0)).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bases.length - 1 }), fc.nat(), async (baseIndex, leafSeed) => {
        const list = leaves[baseIndex]!;
        const leaf = list[leafSeed % list.length]!;
        const report = await judgePlanJson(masked(bases[baseIndex]!, leaf));
        const problems = flips(originals[baseIndex]!, report);
        expect(
          problems,
          `${bases[baseIndex]!.resource_changes![leaf.change]!.address} ${leaf.path.join('.')}`,
        ).toEqual([]);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  }, 120_000);

  it('masking every leaf of the hand-written plans one at a time never flips a verdict', async () => {
    for (const plan of handWritten) {
      const original = await judgePlanJson(plan);
      for (const leaf of knownLeaves(plan)) {
        const problems = flips(original, await judgePlanJson(masked(plan, leaf)));
        expect(problems, `${plan.resource_changes![leaf.change]!.address} ${leaf.path.join('.')}`).toEqual(
          [],
        );
      }
    }
  }, 120_000);
});
