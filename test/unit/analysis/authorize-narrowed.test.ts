/**
 * What the principal graph keeps of a principal once its account is built: its access narrowed to
 * `sts:AssumeRole`. Every question about that action gets the answer the whole access gives; every other
 * action is denied.
 */
import { describe, expect, it } from 'vitest';
import { principalAccess } from '../../../src/analysis/iam/access.js';
import { authorize, blockedWithoutIdentityGrant, holdsAction, narrowedTo, type RequestFacts } from '../../../src/analysis/iam/authorize.js';
import type { PolicyDocument } from '../../../src/model/policy-document.js';
import { allow, deny, doc } from '../rules/iam-fixtures.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const ROLES = ['arn:aws:iam::111122223333:role/admin', 'arn:aws:iam::444455556666:role/deploy', 'arn:aws:iam::444455556666:role/team/reader'];
const FACTS: RequestFacts[] = [
  { context: { now: NOW, principal: 'role' } },
  { context: { now: NOW, principal: 'user' }, variables: new Map([['aws:username', 'alice']]) },
];
const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };

const CASES: Array<{ name: string; identity: PolicyDocument; boundary?: PolicyDocument }> = [
  { name: 'admin', identity: doc(allow('*')) },
  { name: 'assume on one account', identity: doc(allow('sts:AssumeRole', 'arn:aws:iam::444455556666:role/*')) },
  { name: 'assume under a condition, deny on one role', identity: doc(allow('sts:*', '*', mfa), deny('sts:AssumeRole', ROLES[1]!)) },
  { name: 'NotAction and NotResource', identity: doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:iam::111122223333:role/*' }) },
  { name: 'a conditional deny of everything', identity: doc(allow('*'), deny('*', '*', mfa)) },
  { name: 'a boundary without sts', identity: doc(allow('*')), boundary: doc(allow('s3:*')) },
  { name: 'a boundary on one account', identity: doc(allow('sts:AssumeRole')), boundary: doc(allow('sts:AssumeRole', 'arn:aws:iam::444455556666:role/*')) },
  { name: 'a user-name variable', identity: doc(allow('sts:AssumeRole', 'arn:aws:iam::444455556666:role/${aws:username}-*')) },
  { name: 'nothing about sts', identity: doc(allow('s3:GetObject')) },
];

describe('narrowedTo', () => {
  for (const { name, identity, boundary } of CASES) {
    it(`answers sts:AssumeRole as the whole access does: ${name}`, () => {
      const whole = principalAccess([{ kind: 'inline', policy: 'p', document: identity }], boundary ? { kind: 'boundary', policy: 'b', document: boundary } : null);
      const narrow = narrowedTo(whole, 'sts:AssumeRole');
      expect(holdsAction(narrow, 'sts:AssumeRole')).toBe(holdsAction(whole, 'sts:AssumeRole'));
      for (const arn of ROLES) {
        for (const facts of FACTS) {
          expect(authorize(narrow, 'sts:AssumeRole', arn, facts)).toEqual(authorize(whole, 'sts:AssumeRole', arn, facts));
          for (const boundaryApplies of [true, false]) {
            expect(blockedWithoutIdentityGrant(narrow, 'sts:AssumeRole', arn, facts, boundaryApplies)).toBe(
              blockedWithoutIdentityGrant(whole, 'sts:AssumeRole', arn, facts, boundaryApplies),
            );
          }
        }
      }
      expect(holdsAction(narrow, 'iam:PassRole')).toBe(false);
      expect(authorize(narrow, 's3:GetObject', 'arn:aws:s3:::bucket/key', FACTS[0]!).level).toBe('none');
    });
  }

  it('keeps only the statements that mention the action', () => {
    const whole = principalAccess([{ kind: 'inline', policy: 'p', document: doc(allow('s3:*'), allow('sts:AssumeRole', ROLES[0]!), deny('ec2:*')) }], null);
    const narrow = narrowedTo(whole, 'sts:AssumeRole');
    expect(narrow.allows.map((statement) => statement.source.index)).toEqual([1]);
    expect(narrow.denies).toEqual([]);
    expect(narrow.boundary).toBeNull();
  });

  it('principals whose policies never mention the action share one narrowed access, told apart by their boundary', () => {
    const narrowed = (identity: PolicyDocument, boundary?: PolicyDocument) =>
      narrowedTo(
        principalAccess([{ kind: 'inline', policy: 'p', document: identity }], boundary ? { kind: 'boundary', policy: 'b', document: boundary } : null),
        'sts:AssumeRole',
      );
    const free = narrowed(doc(allow('s3:GetObject')));
    expect(narrowed(doc(allow('kms:Decrypt'), deny('ec2:*')))).toBe(free);
    const bounded = narrowed(doc(allow('s3:GetObject')), doc(allow('s3:*')));
    expect(bounded).not.toBe(free);
    expect(bounded.boundary).toEqual([]);
    expect(free.boundary).toBeNull();
    expect(Object.isFrozen(free)).toBe(true);
    // A principal with its own sts statements keeps them.
    const own = narrowed(doc(allow('sts:AssumeRole', ROLES[0]!)));
    expect(own).not.toBe(narrowed(doc(allow('sts:AssumeRole', ROLES[0]!))));
    expect(own.allows).toHaveLength(1);
  });
});
