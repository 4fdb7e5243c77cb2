import rule from '../../../src/rules/isolation/no-external-access.js';
import { testRule } from '../../support/rule-tester.js';
import { FRAUD, ORG_ID, OUTSIDER, alone, assume, bucketWithPolicy, inAccount, keyWithPolicy, read, roleTrusting, root } from './isolation-fixtures.js';

const m = FRAUD.modeling!;
const decryptFor = (principal: unknown) => ({ Sid: 'PartnerDecrypt', Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' });

testRule(rule, {
  pass: [
    { name: 'a grant inside the organization', resource: bucketWithPolicy(m, 'a', [read('a', root(FRAUD.tooling!))]), ...inAccount(m) },
    { name: 'a listed partner', resource: keyWithPolicy(m, 'k', [decryptFor({ AWS: `arn:aws:iam::${OUTSIDER}:role/reinsurer` })]), ...inAccount(m), params: { partners: [{ accountId: OUTSIDER, reason: 'reinsurance contract R-17' }] }, message: /partner/ },
    { name: 'a service principal without an account is not an account', resource: bucketWithPolicy(m, 'a', [read('a', { Service: 'cloudtrail.amazonaws.com' })]), ...inAccount(m), message: /grants nothing to other accounts/ },
    {
      name: 'anyone, fenced by a Deny unless aws:PrincipalOrgID',
      resource: bucketWithPolicy(m, 'a', [read('a', '*'), { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'], Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG_ID } } }]),
      ...inAccount(m),
    },
  ],
  fail: [
    { name: 'a KMS key granting kms:Decrypt to an account outside the organization', evidence: { edge: { grantee: { kind: 'account', accountId: '999988887777' }, accessLevels: ['Read'] }, classification: 'external' }, resource: keyWithPolicy(m, 'k', [decryptFor(root({ accountId: OUTSIDER, regions: [] }))]), ...inAccount(m), message: new RegExp(`${OUTSIDER} is not in organization ${ORG_ID}`), path: 'data.policy.Statement[0]' },
    { name: 'a public read', evidence: { edge: { grantee: { kind: 'anyone', via: 'no condition' }, accessLevels: ['List', 'Read'] }, classification: 'external' }, resource: bucketWithPolicy(m, 'a', [read('a', '*')]), ...inAccount(m), message: /anyone/ },
    {
      name: 'a role without permissions trusted by an account outside the organization: the trust alone is the path',
      evidence: { edge: { grantee: { kind: 'account', accountId: '999988887777' } }, classification: 'external' },
      resource: roleTrusting(m, 'empty', [assume(root({ accountId: OUTSIDER, regions: [] }))], []),
      ...inAccount(m),
      message: new RegExp(`standing trust \\(the role holds no permissions today\\).*${OUTSIDER} is not in organization`),
    },
    { name: 'NotPrincipal allows everyone else', evidence: { edge: { grantee: { kind: 'anyone', via: 'no condition' }, accessLevels: ['Read'] }, classification: 'external' }, path: 'data.policy.Statement[0]', resource: bucketWithPolicy(m, 'a', [{ Effect: 'Allow', NotPrincipal: root(m), Action: 's3:GetObject', Resource: 'arn:aws:s3:::a/*' }]), ...inAccount(m) },
    { name: 'another organization', evidence: { edge: { grantee: { kind: 'organization', via: 'aws:PrincipalOrgID', organizationId: 'o-other' }, accessLevels: ['List', 'Read'] }, classification: 'external' }, resource: bucketWithPolicy(m, 'a', [read('a', '*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-other' } } })]), ...inAccount(m), organizationId: ORG_ID, message: /another organization o-other/ },
  ],
  error: [
    {
      name: 'a single-account scan cannot tell whether another account is inside the organization',
      evidence: { edge: { grantee: { kind: 'account', accountId: '211100000002' }, accessLevels: ['Read'] }, classification: 'unknown' },
      resource: keyWithPolicy(m, 'k', [decryptFor(root(FRAUD.tooling!))]),
      ...alone(m),
      message: /could not decide: .*not in the account directory, which does not list the whole organization: give --directory/,
    },
  ],
});
