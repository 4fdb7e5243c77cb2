/**
 * Golden verdicts over the public plan fixtures (test/fixtures/terraform-plans, see its README for origin and
 * licences). Every expectation was written by reading the Terraform source or the plan's configuration,
 * not by running squadguard; the comment beside each says why it holds.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/model/inventory.js';
import type { Report } from '../../../src/model/report.js';
import { judge } from '../../../src/pipeline/judge.js';
import { judgePlan } from '../../../src/terraform/judge-plan.js';
import { ACCOUNT, baselineRules, statuses } from './plan-builder.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/terraform-plans');
const NOW = new Date('2026-11-30T00:00:00Z');

async function judgeFixture(
  path: string,
  options: { overlay?: Inventory; accountId?: string } = {},
): Promise<{ report: Report; inventory: Inventory }> {
  const ruleSet = await baselineRules();
  const judged = judgePlan({
    path: resolve(FIXTURES, path),
    ruleSet,
    accountId: options.accountId ?? ACCOUNT,
    region: 'eu-west-1',
    accountType: 'modeling',
    now: NOW,
    ...(options.overlay ? { overlay: options.overlay } : {}),
  });
  return {
    report: judge({ ruleSet: judged.ruleSet, inventory: judged.inventory, now: NOW }),
    inventory: judged.inventory,
  };
}

/** A snapshot saying only that the account has no account-level public access block. */
const noAccountBlock: Inventory = {
  schemaVersion: 1,
  collectedAt: NOW.toISOString(),
  targets: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
  resources: [
    {
      type: 'aws.s3.account',
      arn: `arn:aws:s3::${ACCOUNT}:account`,
      accountId: ACCOUNT,
      region: 'global',
      name: 'S3',
      tags: {},
      data: { publicAccessBlock: null },
      errors: {},
    },
  ],
  errors: [],
  apiCalls: {},
};

function pabOf(inventory: Inventory, address: string): unknown {
  const resource = inventory.resources.find((candidate) => candidate.terraformAddress === address);
  expect(resource, address).toBeDefined();
  return resource!.errors.publicAccessBlock ?? resource!.data.publicAccessBlock;
}

const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

describe('golden verdicts on public plans', () => {
  it('checkov plan_nested_child_modules_with_connections: each block joins its own module\'s bucket, though three share the name "testing"', async () => {
    const { report, inventory } = await judgeFixture(
      'checkov-plan_nested_child_modules_with_connections/tfplan.json',
    );
    // Every aws_s3_bucket_public_access_block sets all four flags true except the registry module's (all false).
    for (const address of [
      'aws_s3_bucket.root_bucket',
      'module.s3_module.aws_s3_bucket.module_bucket',
      'module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket',
    ]) {
      expect(pabOf(inventory, address)).toEqual(ALL_ON);
      expect(statuses(report, 's3-bucket-public-access-blocked', address)).toEqual(['pass']);
    }
    const registry = 'module.s3_bucket.aws_s3_bucket.this[0]';
    expect(pabOf(inventory, registry)).toEqual({
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
    // The account-level block is not in the plan: the blocks-off bucket cannot be judged without it.
    expect(statuses(report, 's3-bucket-public-access-blocked', registry)).toEqual(['error']);
    expect(statuses(report, 's3-bucket-acl-not-public', registry)).toEqual(['error']);
    // The same-named buckets keep their addresses apart instead of colliding on arn:aws:s3:::testing.
    const arns = inventory.resources
      .filter((resource) => resource.type === 'aws.s3.bucket')
      .map((resource) => resource.arn);
    expect(new Set(arns).size).toBe(4);
    expect(arns).toContain('arn:aws:s3:::my-s3-bucket');
    expect(arns).not.toContain('arn:aws:s3:::testing');
  });

  it('… and with a snapshot saying the account has no block, the public-read-write ACL (aws_s3_bucket_acl in the module) fails', async () => {
    const { report } = await judgeFixture('checkov-plan_nested_child_modules_with_connections/tfplan.json', {
      overlay: noAccountBlock,
    });
    const registry = 'module.s3_bucket.aws_s3_bucket.this[0]';
    expect(statuses(report, 's3-bucket-public-access-blocked', registry)).toEqual(['fail']);
    expect(statuses(report, 's3-bucket-acl-not-public', registry)).toEqual(['fail']);
    const finding = report.findings.find(
      (candidate) =>
        candidate.ruleId === 's3-bucket-acl-not-public' && candidate.resource.terraformAddress === registry,
    );
    expect(finding?.message).toMatch(/AllUsers:READ.*AllUsers:WRITE/);
    expect(finding?.resource.arn).toBe('arn:aws:s3:::my-s3-bucket');
  });

  it('terraform-compliance multi-module-referencing: module1 called twice, same literal names, every bucket gets its own all-on block', async () => {
    const { report, inventory } = await judgeFixture(
      'terraform-compliance-test_multi-module-referencing/plan.out.json',
    );
    const buckets = inventory.resources.filter((resource) => resource.type === 'aws.s3.bucket');
    expect(buckets).toHaveLength(7);
    for (const bucket of buckets) {
      expect(bucket.data.publicAccessBlock, bucket.terraformAddress).toEqual(ALL_ON);
      expect(statuses(report, 's3-bucket-public-access-blocked', bucket.terraformAddress!)).toEqual(['pass']);
    }
  });

  it('terraform-compliance resource_ref_in_module_fails: for_each modules and resources join per instance; test_module_2 leaves block_public_policy off', async () => {
    const { inventory } = await judgeFixture(
      'terraform-compliance-test_resource_ref_in_module_fails/plan.out.json',
    );
    expect(pabOf(inventory, 'module.test["a"].aws_s3_bucket.test["a"]')).toEqual(ALL_ON);
    expect(pabOf(inventory, 'module.test["b"].aws_s3_bucket.test["a"]')).toEqual(ALL_ON);
    expect(pabOf(inventory, 'module.test2.aws_s3_bucket.test["a"]')).toEqual({
      ...ALL_ON,
      BlockPublicPolicy: false,
    });
  });

  it('checkov modules_edges_tfplan: unnamed buckets (name known after apply) still join their blocks by reference', async () => {
    const { report, inventory } = await judgeFixture('checkov-modules_edges_tfplan/tfplan.json');
    const buckets = inventory.resources.filter((resource) => resource.type === 'aws.s3.bucket');
    expect(buckets.map((bucket) => bucket.terraformAddress).sort()).toEqual([
      'module.test.module.s3-bucket-1.aws_s3_bucket.this[0]',
      'module.test.module.s3-bucket-2.aws_s3_bucket.this[0]',
    ]);
    for (const bucket of buckets) {
      expect(bucket.data.publicAccessBlock).toEqual(ALL_ON);
      expect(bucket.arn).toBe(`terraform:${bucket.terraformAddress}`);
      expect(statuses(report, 's3-bucket-public-access-blocked', bucket.terraformAddress!)).toEqual(['pass']);
    }
  });

  it('checkov GithubActionsOIDCTrustPolicy: deferred policy documents rebuilt per for_each key; an unknown principal stays unknown', async () => {
    const { report, inventory } = await judgeFixture(
      'checkov-example_GithubActionsOIDCTrustPolicy/tfplan.json',
    );
    const trust = (address: string): string =>
      JSON.stringify(
        inventory.resources.find((resource) => resource.terraformAddress === address)?.data.trustPolicy,
      );
    // r6 trusts data.aws_iam_policy_document.r4[each.key]: its statements are known. The principal is
    // Federated cognito-identity.amazonaws.com, conditioned only on accounts.google.com:* keys: nothing pins
    // the identity pool (cognito-identity.amazonaws.com:aud), so any pool's identities may assume the role.
    expect(trust('module.poc.aws_iam_role.r6["p1"]')).toContain('system:serviceaccount:p1:default');
    expect(trust('module.poc.aws_iam_role.r6["p1"]')).not.toContain('p2:default');
    expect(trust('module.poc.aws_iam_role.r6["p2"]')).toContain('system:serviceaccount:p2:default');
    expect(statuses(report, 'iam-role-trust-not-public', 'module.poc.aws_iam_role.r6["p1"]')).toEqual([
      'fail',
    ]);
    // r1 trusts r3, whose principal is the OIDC provider's ARN, created by this plan: known after apply.
    expect(statuses(report, 'iam-role-trust-not-public', 'module.poc.aws_iam_role.r1["p1"]')).toEqual([
      'error',
    ]);
    const error = inventory.resources.find(
      (resource) => resource.terraformAddress === 'module.poc.aws_iam_role.r1["p1"]',
    )?.errors.trustPolicy;
    expect(error?.code).toBe('KnownAfterApply');
    expect(error?.message).toContain('module.poc.data.aws_iam_policy_document.r3["p1"]');
  });

  it('checkov plan_with_iam_data_block: a bucket policy from a deferred document whose resources are unknown is an error, never a verdict', async () => {
    const { report } = await judgeFixture('checkov-plan_with_iam_data_block/tfplan.json', {
      accountId: '111122223333',
    });
    for (const rule of [
      's3-bucket-no-cross-account-access',
      's3-bucket-policy-not-public',
      's3-bucket-tls-only',
    ]) {
      expect(statuses(report, rule, 'aws_s3_bucket.example'), rule).toEqual(['error']);
    }
  });

  it('trivy tfjson testdata: split SSE resource (AES256) joins the bucket; logging to a plan-time data source; port 80 open', async () => {
    const { report, inventory } = await judgeFixture('trivy-tfjson-testdata/plan.json');
    const bucket = inventory.resources.find(
      (resource) => resource.terraformAddress === 'aws_s3_bucket.planbucket',
    );
    // rule { bucket_key_enabled = true, apply_server_side_encryption_by_default { sse_algorithm = "AES256" } }
    expect(bucket?.data.encryption).toEqual({ algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: true });
    expect(statuses(report, 's3-bucket-kms-encryption', 'aws_s3_bucket.planbucket')).toEqual(['fail']);
    expect(statuses(report, 's3-bucket-versioning-enabled', 'aws_s3_bucket.planbucket')).toEqual(['pass']);
    expect(statuses(report, 's3-bucket-access-logging-enabled', 'aws_s3_bucket.planbucket')).toEqual([
      'pass',
    ]);
    expect(statuses(report, 'ec2-security-group-no-ingress-from-internet', 'aws_security_group.sg')).toEqual([
      'fail',
    ]);
  });

  it('checkov plan (TerraGoat, format 0.1): the deliberately insecure estate fails where its Terraform says it should', async () => {
    const { report } = await judgeFixture('checkov-plan/tfplan.json');
    // aws_security_group.web-node: ingress 22 and 80 from 0.0.0.0/0.
    expect(
      statuses(report, 'ec2-security-group-no-ingress-from-internet', 'aws_security_group.web-node'),
    ).toEqual(['fail', 'fail']);
    // aws_kms_key.logs_key: enable_key_rotation = false.
    expect(statuses(report, 'kms-key-rotation-enabled', 'aws_kms_key.logs_key')).toEqual(['fail']);
    // aws_s3_bucket.logs encrypts with aws_kms_key.logs_key (a fresh key of this plan): KMS, so it passes.
    expect(statuses(report, 's3-bucket-kms-encryption', 'aws_s3_bucket.logs')).toEqual(['pass']);
    // aws_s3_bucket.data: no versioning block enabled; web_vpc: IGW + 0.0.0.0/0 route.
    expect(statuses(report, 's3-bucket-versioning-enabled', 'aws_s3_bucket.data')).toEqual(['fail']);
    expect(statuses(report, 'vpc-no-internet-gateway', 'aws_vpc.web_vpc')).toEqual(['fail']);
    // aws_flow_log.vpcflowlogs covers web_vpc (ALL traffic to S3); eks_vpc has none.
    expect(statuses(report, 'vpc-flow-logs-enabled', 'aws_vpc.web_vpc')).toEqual(['pass']);
    expect(statuses(report, 'vpc-flow-logs-enabled', 'aws_vpc.eks_vpc')).toEqual(['fail']);
    // Subnets set map_public_ip_on_launch = true.
    expect(statuses(report, 'vpc-subnet-no-public-ip-on-launch', 'aws_subnet.web_subnet')).toEqual(['fail']);
    // The EKS role attaches AWS-managed policies whose documents are not in the plan: undecidable, not green.
    expect(statuses(report, 'iam-no-admin-access', 'aws_iam_role.iam_for_eks')).toEqual(['error']);
    // aws_iam_user_policy on aws_iam_user.user grants ec2:* and s3:* on *.
    expect(statuses(report, 'iam-no-unscoped-write', 'aws_iam_user.user')).toEqual(['fail']);
    // Neither aws_instance sets metadata_options: IMDSv1 then follows the AMI, which the plan does not show.
    expect(statuses(report, 'ec2-instance-imdsv2-required', 'aws_instance.web_host')).toEqual(['error']);
    // aws_ebs_volume.web_host_storage leaves `encrypted` unset: it follows the region default, not in the plan.
    expect(statuses(report, 'ebs-volume-encrypted', 'aws_ebs_volume.web_host_storage')).toEqual(['error']);
  });

  it('plans without squadguard resource types judge nothing, and a replaced resource is judged as its new version', async () => {
    const { report } = await judgeFixture('terraform-compliance-test_issue_796/plan.out.json');
    expect(report.findings.filter((finding) => finding.resource.terraformAddress)).toEqual([]);
    const replaced = await judgeFixture('checkov-plan_with_deleted_resources/tfplan.json');
    expect(replaced.report.findings.filter((finding) => finding.resource.terraformAddress)).toEqual([]);
  });
});
