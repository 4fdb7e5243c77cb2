import { describe, expect, it } from 'vitest';
import { accessEdges, describeGrant, summariseActions, type AccessEdge } from '../../../src/analysis/access-edges.js';
import { ActionSet } from '../../../src/analysis/iam/action-set.js';
import { expandPattern } from '../../../src/analysis/iam/expand.js';
import { FRAUD, PRICING, bucketWithPolicy, keyWithPolicy, roleTrusting } from '../rules/isolation-fixtures.js';

const m = FRAUD.modeling!;
const other = PRICING.modeling!;
const tooling = FRAUD.tooling!;
const getObject = (principal: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const grantees = (edges: AccessEdge[]) => edges.map((edge) => (edge.grantee.kind === 'account' ? edge.grantee.accountId : edge.grantee.kind)).sort();

describe('access edges from resource policies', () => {
  it('principals given as role ARNs, user ARNs, bare account ids and root ARNs all name their account', () => {
    const edges = accessEdges(bucketWithPolicy(m, 'b', [getObject({ AWS: [`arn:aws:iam::${other.accountId}:role/reader`, `arn:aws:sts::${tooling.accountId}:assumed-role/ci/session`, PRICING.tooling!.accountId] })]));
    expect(grantees(edges)).toEqual([other.accountId, PRICING.tooling!.accountId, tooling.accountId].sort());
    expect(edges.find((edge) => edge.grantee.kind === 'account' && edge.grantee.accountId === other.accountId)?.grantee).toMatchObject({ principal: `arn:aws:iam::${other.accountId}:role/reader`, via: 'principal' });
  });

  it('a list mixing the own account and others yields edges for the others only', () => {
    const edges = accessEdges(bucketWithPolicy(m, 'b', [getObject({ AWS: [`arn:aws:iam::${m.accountId}:root`, `arn:aws:iam::${other.accountId}:root`] })]));
    expect(grantees(edges)).toEqual([other.accountId]);
  });

  it.each([
    ['aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': other.accountId } }, other.accountId],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': other.accountId } }, other.accountId],
    ['aws:SourceOwner', { StringEquals: { 'aws:SourceOwner': other.accountId } }, other.accountId],
    ['aws:PrincipalArn', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${other.accountId}:role/*` } }, other.accountId],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, 'organization'],
    ['aws:PrincipalOrgPaths', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-1/*'] } }, 'organization'],
    ['aws:SourceVpce (network only: still anyone)', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, 'anyone'],
  ])('`*` narrowed by %s', (_key, condition, expected) => {
    const edges = accessEdges(bucketWithPolicy(m, 'b', [getObject('*', { Condition: condition })]));
    expect(grantees(edges)).toEqual([expected]);
  });

  it('NotPrincipal grants to everyone else; NotAction grants every other action of the service', () => {
    const notPrincipal = accessEdges(bucketWithPolicy(m, 'b', [{ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${m.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]));
    expect(grantees(notPrincipal)).toEqual(['anyone']);
    const notAction = accessEdges(bucketWithPolicy(m, 'b', [{ Effect: 'Allow', Principal: { AWS: other.accountId }, NotAction: ['s3:Delete*'], Resource: 'arn:aws:s3:::b/*' }]));
    expect(notAction[0]?.actionCount).toBeGreaterThan(50);
    expect(notAction[0]?.actions.some((action) => /^s3:Delete/i.test(action))).toBe(false);
    expect(notAction[0]?.accessLevels).toEqual(expect.arrayContaining(['Read', 'Write', 'Permissions management']));
  });

  it('an explicit Deny removes exactly the actions it covers; a conditional Deny removes nothing', () => {
    const policy = (deny: object) => bucketWithPolicy(m, 'b', [{ Effect: 'Allow', Principal: { AWS: other.accountId }, Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }, deny]);
    const partial = accessEdges(policy({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' }));
    expect(partial[0]?.actions).toEqual(['s3:GetObject']);
    expect(partial[0]?.accessLevels).toEqual(['Read']);
    const all = accessEdges(policy({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${other.accountId}:root` }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }));
    expect(all).toEqual([]);
    const conditional = accessEdges(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(conditional[0]?.actionCount).toBe(2);
  });

  it('a grant on one prefix of the bucket is a grant on the bucket; NotResource excluding all of it is none', () => {
    const prefix = accessEdges(bucketWithPolicy(m, 'b', [{ ...getObject({ AWS: other.accountId }), Resource: 'arn:aws:s3:::b/reports/2026/*' }]));
    expect(grantees(prefix)).toEqual([other.accountId]);
    const excluded = { Effect: 'Allow', Principal: { AWS: other.accountId }, Action: 's3:GetObject', NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] };
    expect(accessEdges(bucketWithPolicy(m, 'b', [excluded]))).toEqual([]);
  });

  it('service principals without an account are no edges', () => {
    expect(accessEdges(bucketWithPolicy(m, 'b', [getObject({ Service: 'logging.s3.amazonaws.com' })]))).toEqual([]);
  });

  it('key policies count kms:Decrypt as Read; trust policies grant sts actions', () => {
    const key = accessEdges(keyWithPolicy(m, 'k', [{ Effect: 'Allow', Principal: { AWS: other.accountId }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]));
    expect(key[0]?.accessLevels).toEqual(['Read']);
    const trust = accessEdges(roleTrusting(m, 'r', [{ Effect: 'Allow', Principal: { AWS: tooling.accountId }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]));
    expect(trust[0]?.actions.sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust[0]?.statement).toEqual({ index: 0 });
  });
});

describe('access edges in words', () => {
  const edge = (change: Partial<AccessEdge>): AccessEdge => ({
    resourceArn: `arn:aws:iam::${m.accountId}:role/r`,
    resourceType: 'aws.iam.role',
    resourceName: 'r',
    resourceAccountId: m.accountId,
    region: 'global',
    grantee: { kind: 'account', accountId: tooling.accountId, principal: `arn:aws:iam::${tooling.accountId}:root`, via: 'principal' },
    statement: { index: 0 },
    accessLevels: [],
    actions: [],
    actionCount: 0,
    conditions: [],
    levelsFrom: 'role-permissions',
    ...change,
  });

  it('never an empty access label: a role without permissions, a policy whose actions carry no level', () => {
    expect(describeGrant(edge({}))).toBe(`statement #0 lets arn:aws:iam::${tooling.accountId}:root assume the role (a standing trust (the role holds no permissions today))`);
    expect(describeGrant(edge({ accessLevels: ['List', 'Read'] }))).toBe(`statement #0 lets arn:aws:iam::${tooling.accountId}:root assume the role (List/Read through its permissions)`);
    expect(describeGrant(edge({ levelsFrom: 'policy', accessLevels: ['Write'] }))).toMatch(/assume the role \(the role's permissions could not be read\)$/);
    const bucket = edge({ resourceType: 'aws.s3.bucket', levelsFrom: 'policy', statement: { index: 2, sid: 'Odd' } });
    expect(describeGrant(bucket)).toBe(`statement "Odd" grants no access level to arn:aws:iam::${tooling.accountId}:root`);
    for (const text of [describeGrant(edge({})), describeGrant(bucket)]) expect(text).not.toMatch(/ {2}/);
  });

  it('anyone is named once: the reason says why, without repeating the grantee', () => {
    const [open] = accessEdges(bucketWithPolicy(m, 'b', [{ ...getObject('*'), Sid: 'PublicRead' }]));
    expect(describeGrant(open!)).toBe('statement "PublicRead" grants Read to anyone');
  });

  it('actions as IAM writes them: * for everything, service:* for a whole service, else names', () => {
    expect(summariseActions(ActionSet.all(), 6)).toEqual(['*']);
    expect(summariseActions(expandPattern('s3:*'), 6)).toEqual(['s3:*']);
    expect(summariseActions(expandPattern('s3:*').addAll(expandPattern('kms:Decrypt')), 6)).toEqual(['kms:Decrypt', 's3:*']);
    expect(summariseActions(expandPattern('s3:Get*'), 3)).toHaveLength(3);
    const [grant] = accessEdges(bucketWithPolicy(m, 'b', [{ ...getObject({ AWS: other.accountId }), Action: 's3:*' }]));
    expect(grant?.actions).toEqual(['s3:*']);
    expect(grant?.actionCount).toBeGreaterThan(100);
  });
});
