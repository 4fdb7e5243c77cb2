/**
 * The principal graph through the real engine and the escalation rule: chains of one to four hops, cycles,
 * cross-account hops in an organization scan, and denies, boundaries and trust conditions that cut an edge.
 */
import { describe, expect, it } from 'vitest';
import { buildPrincipalGraph } from '../../../src/analysis/iam/graph-build.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import type { Finding } from '../../../src/model/finding.js';
import { makeAccountView, type Target } from '../../../src/model/inventory.js';
import type { PolicyDocument } from '../../../src/model/policy-document.js';
import type { AnyResource } from '../../../src/model/resource.js';
import type { ResolvedPolicy } from '../../../src/policy/types.js';
import rule from '../../../src/rules/iam/no-privilege-escalation.js';
import type { AccountView } from '../../../src/rules/rule.js';
import { inventoryOf, target } from '../../support/fixtures.js';
import { ACCOUNT, allow, attached, deny, doc, managed, role, user } from '../rules/iam-fixtures.js';

const OTHER = '444455556666';
const THIRD = '777788889999';
const NOW = new Date('2026-11-24T12:00:00Z');
const arnOf = (name: string, account = ACCOUNT, kind = 'role') => `arn:aws:iam::${account}:${kind}/${name}`;
const trusts = (...principals: string[]) => doc({ Action: 'sts:AssumeRole', Principal: { AWS: principals.length === 1 ? principals[0] : principals } });
const NOBODY = doc({ Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' } });

function principal(name: string, inline: PolicyDocument[], trust: PolicyDocument = NOBODY, account = ACCOUNT, data: Record<string, unknown> = {}): AnyResource {
  return role(inline, { trustPolicy: trust, ...data }, { name, arn: arnOf(name, account), accountId: account });
}
const admin = (name: string, trust: PolicyDocument, account = ACCOUNT) => principal(name, [doc(allow('*'))], trust, account);
const idle = (name: string, trust: PolicyDocument = NOBODY, account = ACCOUNT, extra: PolicyDocument[] = []) =>
  principal(name, [doc(allow('s3:GetObject', 'arn:aws:s3:::squad-a-data/*')), ...extra], trust, account);

const POLICY: ResolvedPolicy = { name: 't', source: 'test', digest: 'test', rules: new Map([[rule.id, { enabled: true, params: {} }]]), customRules: [], exceptions: [] };

function judge(resources: AnyResource[], options: { targets?: Target[]; directory?: Target[]; organizationId?: string } = {}): Finding[] {
  const inventory = inventoryOf(resources, options.targets ?? [target()]);
  if (options.directory) inventory.directory = options.directory;
  return evaluate(inventory, { policies: [POLICY], rules: [rule], now: NOW, ...(options.organizationId ? { organizationId: options.organizationId } : {}) }).findings;
}

const on = (findings: Finding[], name: string) => findings.filter((f) => f.resource.name === name);
const statusOf = (findings: Finding[], name: string) => on(findings, name).map((f) => f.status).join(',');
const chainOf = (findings: Finding[], name: string) =>
  on(findings, name)[0]?.evidence?.chain as
    | { length: number; level: string; goal: { principal: string; kind: string }; hops: Array<{ from: string; to: string; via: string; statements: unknown[]; trustStatement?: string }> }
    | undefined;

describe('chains', () => {
  it('one hop: a same-account trust naming the principal needs no identity permission', () => {
    const findings = judge([idle('start'), admin('platform-admin', trusts(arnOf('start')))]);
    expect(statusOf(findings, 'start')).toBe('fail');
    const chain = chainOf(findings, 'start')!;
    expect(chain.length).toBe(1);
    expect(chain.hops[0]).toMatchObject({ from: arnOf('start'), to: arnOf('platform-admin'), via: 'assume-role', trustStatement: 'trust statement #0' });
    expect(chain.goal).toMatchObject({ principal: arnOf('platform-admin'), kind: 'admin' });
    expect(on(findings, 'start')[0]!.severity).toBe('high');
  });

  it('a trust naming the account needs the identity permission too (near miss without it)', () => {
    const account = `arn:aws:iam::${ACCOUNT}:root`;
    expect(statusOf(judge([idle('start'), admin('platform-admin', trusts(account))]), 'start')).toBe('pass');
    const withPermission = idle('start', NOBODY, ACCOUNT, [doc(allow('sts:AssumeRole', arnOf('platform-admin')))]);
    const findings = judge([withPermission, admin('platform-admin', trusts(account))]);
    expect(statusOf(findings, 'start')).toBe('fail');
    expect(chainOf(findings, 'start')!.hops[0]!.statements).toHaveLength(1);
  });

  it.each([2, 3, 4])('%i hops through roles that each trust the previous one', (length) => {
    const names = Array.from({ length }, (_, i) => `hop-${i}`);
    const resources = names.map((name, i) => idle(name, i === 0 ? NOBODY : trusts(arnOf(names[i - 1]!))));
    resources.push(admin('platform-admin', trusts(arnOf(names[length - 1]!))));
    const findings = judge(resources);
    for (const [i, name] of names.entries()) {
      expect(statusOf(findings, name)).toBe('fail');
      expect(chainOf(findings, name)!.length).toBe(length - i);
    }
    expect(chainOf(findings, 'hop-0')!.hops.map((hop) => hop.to)).toEqual([...names.slice(1).map((name) => arnOf(name)), arnOf('platform-admin')]);
  });

  it('a cycle without an admin ends (pass); a cycle with an exit finds the shortest way out', () => {
    const closed = judge([idle('a', trusts(arnOf('b'))), idle('b', trusts(arnOf('a')))]);
    expect(statusOf(closed, 'a')).toBe('pass');
    expect(statusOf(closed, 'b')).toBe('pass');
    const open = judge([idle('a', trusts(arnOf('b'))), idle('b', trusts(arnOf('a'))), admin('platform-admin', trusts(arnOf('b')))]);
    expect(chainOf(open, 'a')!.length).toBe(2);
    expect(chainOf(open, 'b')!.length).toBe(1);
  });

  it('follows PassRole to a named role that runs code and can assume an admin', () => {
    const runner = idle('lambda-runner', doc({ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }));
    const start = idle('start', NOBODY, ACCOUNT, [doc(allow(['lambda:CreateFunction', 'lambda:InvokeFunction']), allow('iam:PassRole', arnOf('lambda-runner')))]);
    const findings = judge([start, runner, admin('platform-admin', trusts(arnOf('lambda-runner')))]);
    const chain = chainOf(findings, 'start')!;
    expect(chain.hops.map((hop) => hop.via)).toEqual(['pass-role:lambda-create-function', 'assume-role']);
    // Near miss: the runner is trusted by EC2, not Lambda.
    const ec2Runner = idle('lambda-runner', doc({ Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }));
    expect(statusOf(judge([start, ec2Runner, admin('platform-admin', trusts(arnOf('lambda-runner')))]), 'start')).toBe('pass');
  });

  it('credentials of a named admin user, and the trust of a named admin role, are edges', () => {
    const adminUser = user([doc(allow('*'))], {}, { name: 'ops' });
    const keys = idle('start', NOBODY, ACCOUNT, [doc(allow('iam:CreateAccessKey', arnOf('ops', ACCOUNT, 'user')))]);
    expect(chainOf(judge([keys, adminUser]), 'start')!.hops[0]!.via).toBe('create-access-key');
    const trust = idle('start', NOBODY, ACCOUNT, [doc(allow('iam:UpdateAssumeRolePolicy', arnOf('platform-admin')))]);
    expect(chainOf(judge([trust, admin('platform-admin', NOBODY)]), 'start')!.hops[0]!.via).toBe('update-assume-role-policy');
    // Near miss: the same grants on a user or role that is not more privileged.
    expect(statusOf(judge([keys, user([], {}, { name: 'ops' })]), 'start')).toBe('pass');
  });

  it('writing a policy onto a role it can assume, or onto itself by name, makes it admin', () => {
    const start = idle('start', NOBODY, ACCOUNT, [doc(allow('iam:AttachRolePolicy', arnOf('deploy')))]);
    const findings = judge([start, idle('deploy', trusts(arnOf('start')))]);
    expect(chainOf(findings, 'start')!.goal.kind).toBe('grant-and-become');
    // Near miss: it can write deploy's policies but cannot become deploy.
    expect(statusOf(judge([start, idle('deploy')]), 'start')).toBe('pass');
    const self = idle('self', NOBODY, ACCOUNT, [doc(allow('iam:PutRolePolicy', arnOf('self')))]);
    expect(chainOf(judge([self]), 'self')!.goal.kind).toBe('self-grant');
    // A boundary it cannot remove caps what it can write onto itself.
    const boundary = managed('boundary', doc(allow(['s3:*', 'iam:PutRolePolicy'])));
    const bounded = principal('self', [doc(allow('iam:PutRolePolicy', arnOf('self')))], NOBODY, ACCOUNT, { permissionsBoundary: boundary.arn });
    expect(statusOf(judge([bounded, boundary]), 'self')).toBe('pass');
  });

  it('a user adding itself to an admin group', () => {
    const group = { ...managed('g', doc()), type: 'aws.iam.group', arn: arnOf('admins', ACCOUNT, 'group'), name: 'admins', data: { path: '/', groupId: 'AGPA', inlinePolicies: [{ name: 'all', document: doc(allow('*')) }], attachedPolicies: [] } } as AnyResource;
    const joiner = user([doc(allow('iam:AddUserToGroup', arnOf('admins', ACCOUNT, 'group')))], {}, { name: 'joiner' });
    expect(chainOf(judge([joiner, group]), 'joiner')!.hops[0]!.via).toBe('add-user-to-group');
  });
});

describe('blind spots', () => {
  it('a principal it can become whose policies could not be read: error, not pass', () => {
    const unread = managed('unread', doc(), {}, { errors: { document: { code: 'AccessDenied', message: 'denied', operation: 'IAM.GetPolicyVersion' } } });
    const hidden = principal('hidden', [], trusts(arnOf('start')), ACCOUNT, { attachedPolicies: [attached(unread)] });
    const findings = judge([idle('start'), hidden, unread]);
    expect(statusOf(findings, 'start')).toBe('error');
    expect(on(findings, 'start')[0]!.message).toMatch(/hidden/);
    // Near miss: the same role, readable and modest.
    expect(statusOf(judge([idle('start'), idle('hidden', trusts(arnOf('start')))]), 'start')).toBe('pass');
  });
});

describe('cuts', () => {
  const account = `arn:aws:iam::${ACCOUNT}:root`;
  it('an explicit deny on the caller cuts the edge, even when the trust names it', () => {
    const denied = idle('start', NOBODY, ACCOUNT, [doc(deny('sts:AssumeRole', arnOf('platform-admin')))]);
    expect(statusOf(judge([denied, admin('platform-admin', trusts(arnOf('start')))]), 'start')).toBe('pass');
    const allowedButDenied = idle('start', NOBODY, ACCOUNT, [doc(allow('sts:AssumeRole'), deny('sts:AssumeRole', arnOf('platform-admin')))]);
    expect(statusOf(judge([allowedButDenied, admin('platform-admin', trusts(account))]), 'start')).toBe('pass');
  });

  it("a role's permissions boundary cuts the edge; a conditional deny does not", () => {
    const boundary = managed('boundary', doc(allow('s3:*')));
    const bounded = principal('start', [], NOBODY, ACCOUNT, { permissionsBoundary: boundary.arn });
    expect(statusOf(judge([bounded, boundary, admin('platform-admin', trusts(arnOf('start')))]), 'start')).toBe('pass');
    const conditional = idle('start', NOBODY, ACCOUNT, [doc(deny('sts:AssumeRole', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }))]);
    expect(statusOf(judge([conditional, admin('platform-admin', trusts(arnOf('start')))]), 'start')).toBe('fail');
  });

  it('a Deny in the trust policy, and trust conditions the caller does not satisfy', () => {
    const trustWithDeny = doc(
      { Action: 'sts:AssumeRole', Principal: { AWS: arnOf('start') } },
      { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { AWS: arnOf('start') } },
    );
    expect(statusOf(judge([idle('start'), admin('platform-admin', trustWithDeny)]), 'start')).toBe('pass');
    const wildcard = (values: string) => doc({ Action: 'sts:AssumeRole', Principal: { AWS: '*' }, Condition: { ArnLike: { 'aws:PrincipalArn': values } } });
    expect(statusOf(judge([idle('ci-deployer'), admin('platform-admin', wildcard(arnOf('ci-*')))]), 'ci-deployer')).toBe('fail');
    expect(statusOf(judge([idle('start'), admin('platform-admin', wildcard(arnOf('ci-*')))]), 'start')).toBe('pass');
  });

  it('a trust condition that cannot be decided keeps the edge, one level lower', () => {
    const mfa = doc({ Action: 'sts:AssumeRole', Principal: { AWS: arnOf('start') }, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    const findings = judge([idle('start'), admin('platform-admin', mfa)]);
    expect(chainOf(findings, 'start')!.level).toBe('conditional');
    expect(on(findings, 'start')[0]!.severity).toBe('medium');
  });
});

describe('across accounts (organization scan)', () => {
  const targets = [target(), target({ accountId: OTHER })];
  const assumeOther = doc(allow('sts:AssumeRole', `arn:aws:iam::${OTHER}:role/*`));

  it('both sides must allow: trust of the caller account plus the identity permission', () => {
    const remote = admin('org-admin', trusts(`arn:aws:iam::${ACCOUNT}:root`), OTHER);
    const findings = judge([idle('start', NOBODY, ACCOUNT, [assumeOther]), remote], { targets });
    expect(chainOf(findings, 'start')!.hops[0]!.to).toBe(arnOf('org-admin', OTHER));
    expect(statusOf(judge([idle('start'), remote], { targets }), 'start')).toBe('pass');
    // A trust naming the caller's ARN across accounts still needs the caller's own permission.
    const named = admin('org-admin', trusts(arnOf('start')), OTHER);
    expect(statusOf(judge([idle('start'), named], { targets }), 'start')).toBe('pass');
    expect(statusOf(judge([idle('start', NOBODY, ACCOUNT, [assumeOther]), named], { targets }), 'start')).toBe('fail');
  });

  it('aws:PrincipalOrgID is decided from the organization the scan knows', () => {
    const orgTrust = doc({ Action: 'sts:AssumeRole', Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } });
    const resources = [idle('start', NOBODY, ACCOUNT, [assumeOther]), admin('org-admin', orgTrust, OTHER)];
    expect(chainOf(judge(resources, { targets, organizationId: 'o-abc123' }), 'start')!.level).toBe('unconditional');
    expect(statusOf(judge(resources, { targets, organizationId: 'o-other' }), 'start')).toBe('pass');
  });

  it('a sharded scan cannot follow hops into accounts it did not evaluate: error, not pass', () => {
    const directory = [target(), target({ accountId: THIRD })];
    const findings = judge([idle('start', NOBODY, ACCOUNT, [doc(allow('sts:AssumeRole'))])], { directory });
    expect(statusOf(findings, 'start')).toBe('error');
    expect(on(findings, 'start')[0]!.message).toMatch(new RegExp(THIRD));
    // Near miss: no way to assume roles there.
    expect(statusOf(judge([idle('start')], { directory }), 'start')).toBe('pass');
  });
});

describe('built an account at a time', () => {
  it("reads each account's principals once and still follows a chain through three accounts", () => {
    const hop = (account: string) => doc(allow('sts:AssumeRole', `arn:aws:iam::${account}:role/*`));
    const byAccount = new Map<string, AnyResource[]>([
      [ACCOUNT, [idle('start', NOBODY, ACCOUNT, [hop(OTHER)])]],
      // A middle role with no goal of its own: only its sts:AssumeRole statements are kept once its account is built.
      [OTHER, [idle('middle', trusts(`arn:aws:iam::${ACCOUNT}:root`), OTHER, [hop(THIRD), doc(allow('iam:PassRole'))])]],
      [THIRD, [admin('org-admin', trusts(`arn:aws:iam::${OTHER}:root`), THIRD)]],
    ]);
    const reads = new Map<string, number>();
    const scope = {
      accounts: [...byAccount.keys()].map((accountId) => ({
        target: target({ accountId }),
        view: () => {
          reads.set(accountId, (reads.get(accountId) ?? 0) + 1);
          return makeAccountView(byAccount.get(accountId)!);
        },
        errors: [],
      })),
      directory: { get: () => undefined, all: () => [], complete: false },
      now: NOW,
    };
    const chain = buildPrincipalGraph(scope).chainFrom(arnOf('start'));
    expect(chain?.hops.map((h) => h.to)).toEqual([arnOf('middle', OTHER), arnOf('org-admin', THIRD)]);
    expect(chain?.hops.map((h) => h.via)).toEqual(['assume-role', 'assume-role']);
    expect([...reads]).toEqual([...byAccount.keys()].map((accountId) => [accountId, 1]));
  });
});

describe('graph size', () => {
  it('builds a 1,000-principal graph once per evaluation (time logged, not asserted)', () => {
    const resources: AnyResource[] = [];
    for (let i = 0; i < 1000; i++) {
      const name = `r-${i}`;
      const trust = i % 4 === 0 ? trusts(`arn:aws:iam::${ACCOUNT}:root`) : i % 4 === 1 ? trusts(arnOf(`r-${i - 1}`)) : NOBODY;
      const extra = i % 10 === 0 ? [doc(allow('sts:AssumeRole', arnOf('r-*')), allow('iam:PassRole', arnOf(`r-${i + 1}`)), allow('sagemaker:CreateTrainingJob'))] : [];
      resources.push(i === 999 ? admin(name, trusts(`arn:aws:iam::${ACCOUNT}:root`)) : idle(name, trust, ACCOUNT, extra));
    }
    const byType = new Map<string, AnyResource[]>([['aws.iam.role', resources]]);
    const view = { ofType: (type: string) => byType.get(type) ?? [], byArn: () => undefined } as unknown as AccountView;
    const scope = { accounts: [{ target: target(), view: () => view, errors: [] }], directory: { get: () => undefined, all: () => [], complete: false }, now: NOW };
    buildPrincipalGraph(scope); // warm: compiled policies are cached per document and clock
    const cpu = process.cpuUsage();
    const graph = buildPrincipalGraph(scope);
    const used = process.cpuUsage(cpu);
    console.log(`principal graph: ${graph.nodes.length} principals, ${graph.edgeCount} edges, built in ${graph.buildMs.toFixed(1)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
    expect(graph.nodes).toHaveLength(1000);
    expect(graph.chainFrom(arnOf('r-0'))?.goal.principal).toBe(arnOf('r-999'));
  });
});
