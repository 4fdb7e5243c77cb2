import { describe, expect, it } from 'vitest';
import { AccessMapBuilder, buildAccessMap } from '../../../src/engine/access-map.js';
import { InternedJson } from '../../../src/text/interned.js';
import type { AccessMapEdge } from '../../../src/model/access-map.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Target } from '../../../src/model/inventory.js';

const OWNER = '111111111111';
const GRANTEE = '222222222222';
const OTHER = '333333333333';
const directory: Target[] = [{ accountId: OWNER, name: 'data', squad: 'vision', regions: [] }];

interface Grant {
  arn: string;
  rule?: string;
  status?: Finding['status'];
  grantee?: string;
  index?: number;
  name?: string;
}

/** An isolation finding with its edge as evidence, every value a fresh object (as a report read back gives them). */
function finding({ arn, rule = 'isolation-no-cross-squad-access', status = 'fail', grantee = GRANTEE, index = 0, name }: Grant): Finding {
  return {
    fingerprint: `${rule}|${arn}|${index}|${grantee}`,
    ruleId: rule,
    title: rule,
    severity: 'high',
    status,
    resource: { arn, type: 'aws.s3.bucket', accountId: OWNER, region: 'eu-west-1', name: name ?? arn.slice('arn:aws:s3:::'.length) },
    message: status,
    remediation: '',
    references: {},
    evidence: {
      edge: {
        grantee: { kind: 'account', accountId: grantee, principal: `arn:aws:iam::${grantee}:root`, via: 'principal' },
        statement: { index, sid: `S${index}` },
        accessLevels: ['List', 'Read'],
        actions: ['s3:GetObject', 's3:ListBucket'],
        actionCount: 2,
        conditions: [],
        levelsFrom: 'policy',
      },
      classification: 'cross-squad',
    },
  };
}

/** Every isolation rule's finding on one grant, as an evaluation gives them. */
const judged = (grant: Grant): Finding[] => [
  finding({ ...grant, rule: 'isolation-no-external-access', status: 'pass' }),
  finding({ ...grant, rule: 'isolation-no-cross-squad-access', status: grant.status ?? 'fail' }),
  finding({ ...grant, rule: 'isolation-flow-allowed', status: grant.status ?? 'fail' }),
  finding({ ...grant, rule: 'isolation-no-org-wide-grant', status: 'pass' }),
];

const findings = [
  ...judged({ arn: 'arn:aws:s3:::beta' }),
  ...judged({ arn: 'arn:aws:s3:::alpha', status: 'pass' }),
  ...judged({ arn: 'arn:aws:s3:::alpha', grantee: OTHER }),
  ...judged({ arn: 'arn:aws:s3:::alpha', index: 1 }),
];

describe('the access map builder', () => {
  it('draws one edge per resource, statement and grantee, worst status first, with the rules each failed', () => {
    const map = buildAccessMap(findings, directory)!;
    expect(map.accounts).toEqual([
      { accountId: GRANTEE, known: false },
      { accountId: OTHER, known: false },
      { accountId: OWNER, name: 'data', squad: 'vision', known: true },
    ]);
    const rows = map.edges.map((edge) => [edge.status, edge.resource.arn, edge.statement.index, edge.grantee.accountId, edge.failedRules.join(' ')]);
    expect(rows).toEqual([
      ['fail', 'arn:aws:s3:::alpha', 0, OTHER, 'isolation-no-cross-squad-access isolation-flow-allowed'],
      ['fail', 'arn:aws:s3:::alpha', 1, GRANTEE, 'isolation-no-cross-squad-access isolation-flow-allowed'],
      ['fail', 'arn:aws:s3:::beta', 0, GRANTEE, 'isolation-no-cross-squad-access isolation-flow-allowed'],
      ['pass', 'arn:aws:s3:::alpha', 0, GRANTEE, ''],
    ]);
    // Written exactly as the findings' own values: members, their order and the resource's name included.
    const first = findings[4]!;
    expect(JSON.stringify(map.edges[3])).toBe(
      JSON.stringify({
        resource: first.resource,
        grantee: (first.evidence!.edge as AccessMapEdge).grantee,
        classification: 'cross-squad',
        statement: (first.evidence!.edge as AccessMapEdge).statement,
        accessLevels: ['List', 'Read'],
        actions: ['s3:GetObject', 's3:ListBucket'],
        actionCount: 2,
        status: 'pass',
        failedRules: [],
      }),
    );
  });

  it('shares one frozen copy of each repeated value among edges, never the findings’ own objects', () => {
    const map = buildAccessMap(findings, directory)!;
    const [otherGrantee, secondStatement, beta, passing] = map.edges as [AccessMapEdge, AccessMapEdge, AccessMapEdge, AccessMapEdge];
    expect(beta.grantee).toBe(secondStatement.grantee);
    expect(beta.grantee).toBe(passing.grantee);
    expect(beta.accessLevels).toBe(otherGrantee.accessLevels);
    expect(beta.actions).toBe(otherGrantee.actions);
    expect(beta.statement).toBe(otherGrantee.statement);
    expect(beta.failedRules).toBe(otherGrantee.failedRules);
    expect(beta.resource.accountId).toBe(passing.resource.accountId);
    // The edges of one resource share its reference; another resource has its own.
    expect(otherGrantee.resource).toBe(passing.resource);
    expect(secondStatement.resource).toBe(passing.resource);
    expect(beta.resource).not.toBe(passing.resource);
    for (const shared of [beta.grantee, beta.statement, beta.accessLevels, beta.actions, beta.failedRules, passing.failedRules, beta.resource]) {
      expect(Object.isFrozen(shared)).toBe(true);
    }
    // The findings' evidence stays theirs: neither frozen nor held by the map.
    const evidence = findings[0]!.evidence!.edge as AccessMapEdge;
    expect(Object.isFrozen(evidence.grantee)).toBe(false);
    expect(beta.grantee).not.toBe(evidence.grantee);
    expect(beta.resource).not.toBe(findings[0]!.resource);
  });

  it('keeps an edge its own resource reference when a finding describes the resource otherwise', () => {
    const map = buildAccessMap([...judged({ arn: 'arn:aws:s3:::gamma' }), ...judged({ arn: 'arn:aws:s3:::gamma', index: 1, name: 'renamed' })], directory)!;
    expect(map.edges.map((edge) => edge.resource.name)).toEqual(['gamma', 'renamed']);
  });

  it('gives the same map however often it is built, and nothing when no isolation rule judged', () => {
    const builder = new AccessMapBuilder();
    for (const each of findings) builder.add(each);
    expect(JSON.stringify(builder.build(directory))).toBe(JSON.stringify(builder.build(directory)));
    expect(buildAccessMap([{ ...findings[0]!, ruleId: 's3-bucket-versioning-enabled' }], directory)).toBeUndefined();
  });
});

describe('interned values', () => {
  it('gives one frozen copy per JSON text, members in order, leaving the caller’s value alone', () => {
    const json = new InternedJson();
    const value = { kind: 'account', orgPaths: ['o-1/r-1'] };
    const shared = json.of(value);
    expect(shared).not.toBe(value);
    expect(shared).toEqual(value);
    expect(json.of({ kind: 'account', orgPaths: ['o-1/r-1'] })).toBe(shared);
    expect(json.of({ orgPaths: ['o-1/r-1'], kind: 'account' })).not.toBe(shared);
    expect(Object.isFrozen(shared) && Object.isFrozen(shared.orgPaths)).toBe(true);
    expect(Object.isFrozen(value)).toBe(false);
  });
});
