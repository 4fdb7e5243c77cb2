import { describe, expect, it } from 'vitest';
import { principalAccess, type PrincipalAccess } from '../../../src/analysis/iam/access.js';
import { actionIndex } from '../../../src/analysis/iam/catalogue.js';
import { breadthOf, hasOpenName } from '../../../src/analysis/iam/resources.js';
import { adminLevel, unscopedWrites } from '../../../src/analysis/iam/queries.js';
import type { PolicyDocument } from '../../../src/model/policy-document.js';
import { allow, deny, doc } from '../rules/iam-fixtures.js';

const access = (identity: PolicyDocument, boundary?: PolicyDocument): PrincipalAccess =>
  principalAccess([{ kind: 'inline', policy: 'p', document: identity }], boundary ? { kind: 'boundary', policy: 'b', document: boundary } : null);

function levelOf(result: PrincipalAccess, action: string): 'unconditional' | 'conditional' | 'scoped' | 'none' {
  const index = actionIndex(action)!;
  if (result.unconditional.has(index)) return 'unconditional';
  if (result.conditional.has(index)) return 'conditional';
  if (result.scoped.has(index)) return 'scoped';
  return 'none';
}

const vpce = { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } };

describe('statement evaluation', () => {
  it('Allow + NotAction grants everything else', () => {
    const result = access(doc({ NotAction: ['iam:*', 'organizations:*'], Resource: '*' }));
    expect(levelOf(result, 's3:PutObject')).toBe('unconditional');
    expect(levelOf(result, 'iam:PassRole')).toBe('none');
    expect(adminLevel(result)).toBeUndefined();
  });

  it('Allow + NotAction naming an unknown action excludes nothing (Prowler #5035)', () => {
    expect(adminLevel(access(doc({ NotAction: 'prowler:action', Resource: '*' })))).toBe('unconditional');
  });

  it('Allow + NotResource counts as broad', () => {
    expect(levelOf(access(doc({ Action: 's3:PutObject', NotResource: 'arn:aws:s3:::platform/*' })), 's3:PutObject')).toBe('unconditional');
  });

  it('a broad ARN of one service does not make another service broad', () => {
    const result = access(doc(allow(['s3:GetObject', 'iam:PassRole'], ['arn:aws:s3:::squad-a/*', 'arn:aws:iam::*:role/*'])));
    expect(levelOf(result, 'iam:PassRole')).toBe('unconditional');
    expect(levelOf(result, 's3:GetObject')).toBe('scoped');
  });
});

describe('deny subtraction', () => {
  it('an unconditional Deny on * removes the action', () => {
    const result = access(doc(allow('s3:*'), deny('s3:DeleteBucket')));
    expect(levelOf(result, 's3:DeleteBucket')).toBe('none');
    expect(levelOf(result, 's3:DeleteObject')).toBe('unconditional');
    expect(result.deniedActions.names()).toEqual(['s3:DeleteBucket']);
  });

  it('Deny + NotAction denies everything but the list', () => {
    const result = access(doc(allow('*'), { Effect: 'Deny', NotAction: ['s3:Get*'], Resource: '*' }));
    expect(levelOf(result, 's3:GetObject')).toBe('unconditional');
    expect(levelOf(result, 's3:PutObject')).toBe('none');
  });

  it('a conditional Deny does not neutralise the Allow (Cloudsplaining #97)', () => {
    const result = access(doc(allow('*'), deny('*', '*', { Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } } })));
    expect(adminLevel(result)).toBe('unconditional');
  });

  it('a Deny on named resources leaves the Allow on the others', () => {
    expect(levelOf(access(doc(allow('iam:PassRole'), deny('iam:PassRole', 'arn:aws:iam::*:role/admin'))), 'iam:PassRole')).toBe('unconditional');
  });

  it('a Deny with NotResource narrows * to the listed resources', () => {
    const result = access(doc(allow('s3:PutObject'), { Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::squad-a/*' }));
    expect(levelOf(result, 's3:PutObject')).toBe('scoped');
  });
});

describe('conditional allows', () => {
  it('are conditional, not dropped', () => {
    const result = access(doc(allow('s3:PutObject', '*', vpce)));
    expect(levelOf(result, 's3:PutObject')).toBe('conditional');
    expect(unscopedWrites(result).conditional.names()).toEqual(['s3:PutObject']);
  });

  it('an unconditional grant of the same action wins', () => {
    expect(levelOf(access(doc(allow('s3:PutObject', '*', vpce), allow('s3:PutObject'))), 's3:PutObject')).toBe('unconditional');
  });

  it('a condition with only wildcard values narrows nothing', () => {
    expect(levelOf(access(doc(allow('s3:PutObject', '*', { Condition: { StringLike: { 'aws:SourceVpce': '*' } } }))), 's3:PutObject')).toBe('unconditional');
  });

  it('a read-only session mode pin is not a write (s3express:CreateSession in ReadOnlyAccess)', () => {
    const result = access(doc(allow('s3express:CreateSession', '*', { Condition: { StringEquals: { 's3express:SessionMode': 'ReadOnly' } } })));
    expect(unscopedWrites(result).conditional.isEmpty()).toBe(true);
  });
});

describe('permission boundaries', () => {
  it('intersect: admin inside an S3-only boundary is S3 only', () => {
    const result = access(doc(allow('*')), doc(allow('s3:*')));
    expect(adminLevel(result)).toBeUndefined();
    expect(levelOf(result, 's3:PutObject')).toBe('unconditional');
    expect(levelOf(result, 'iam:CreateUser')).toBe('none');
    expect(result.outsideBoundary.has(actionIndex('iam:CreateUser')!)).toBe(true);
  });

  it('a scoped boundary makes a broad grant scoped', () => {
    expect(levelOf(access(doc(allow('s3:PutObject')), doc(allow('s3:*', 'arn:aws:s3:::squad-a/*'))), 's3:PutObject')).toBe('scoped');
  });

  it('a conditional boundary makes the grant conditional', () => {
    expect(levelOf(access(doc(allow('s3:PutObject')), doc(allow('s3:*', '*', vpce))), 's3:PutObject')).toBe('conditional');
  });

  it('a Deny in the boundary removes the action', () => {
    expect(levelOf(access(doc(allow('*')), doc(allow('*'), deny('iam:*'))), 'iam:PassRole')).toBe('none');
  });
});

describe('resource breadth', () => {
  it.each([
    ['*', 'all'],
    ['arn:aws:s3:::*', 'all'],
    ['arn:aws:s3:::*/*', 'type'],
    ['arn:aws:s3:::squad-a/*', 'scoped'],
    ['arn:aws:iam::111122223333:role/*', 'type'],
    ['arn:aws:secretsmanager:*:*:secret:*', 'type'],
    ['arn:aws:iam::111122223333:role/squad-a-*', 'scoped'],
    ['arn:aws:iam::*:user/${aws:username}', 'scoped'],
  ])('%s is %s', (pattern, breadth) => {
    expect(breadthOf(pattern)).toBe(breadth);
  });

  it('open name patterns', () => {
    expect(hasOpenName('arn:aws:iam::1:role/squad-a-*')).toBe(true);
    expect(hasOpenName('arn:aws:iam::1:role/squad-a-exec')).toBe(false);
    expect(hasOpenName('arn:aws:iam::1:user/${aws:username}')).toBe(false);
  });
});
