import rule from '../../../src/rules/isolation/no-org-wide-grant.js';
import { testRule } from '../../support/rule-tester.js';
import { DATA_LAKE, FRAUD, ORG_ID, bucketWithPolicy, inAccount, read } from './isolation-fixtures.js';

const m = FRAUD.modeling!;
const orgWide = (bucket: string) => read(bucket, '*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } } });

testRule(rule, {
  pass: [
    { name: 'the same grant in the data-lake account', resource: bucketWithPolicy(DATA_LAKE, 'lake', [orgWide('lake')]), ...inAccount(DATA_LAKE), message: /platform/ },
    {
      name: 'an OU path holding only the squad\'s accounts',
      resource: bucketWithPolicy(m, 'a', [read('a', '*', { Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG_ID}/r-root/ou-squads/ou-claims-fraud/*`] } } })]),
      ...inAccount(m),
    },
  ],
  fail: [
    { name: 'a bucket policy conditioned on aws:PrincipalOrgID in a squad account', evidence: { edge: { grantee: { kind: 'organization', via: 'aws:PrincipalOrgID', organizationId: 'o-squads1234' }, accessLevels: ['List', 'Read'] }, classification: 'org-wide' }, resource: bucketWithPolicy(m, 'a', [orgWide('a')]), ...inAccount(m), message: /organization-wide/ },
    {
      name: 'an OU path that holds other squads', evidence: { edge: { grantee: { kind: 'organization', via: 'aws:PrincipalOrgPaths', orgPaths: ['o-squads1234/r-root/ou-squads/*'] }, accessLevels: ['List', 'Read'] }, classification: 'org-wide' }, path: 'data.policy.Statement[0]',
      resource: bucketWithPolicy(m, 'a', [read('a', '*', { Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG_ID}/r-root/ou-squads/*`] } } })]),
      ...inAccount(m),
    },
  ],
});
