import rule from '../../../src/rules/isolation/no-cross-squad-access.js';
import { testRule } from '../../support/rule-tester.js';
import { DATA_LAKE, FRAUD, PRICING, alone, assume, bucketWithPolicy, inAccount, read, roleTrusting, root } from './isolation-fixtures.js';

const m = FRAUD.modeling!;

testRule(rule, {
  pass: [
    { name: 'read by its own squad', resource: bucketWithPolicy(m, 'a', [read('a', root(FRAUD['serving-prod']!))]), ...inAccount(m) },
    { name: 'read by the data-lake platform account', resource: bucketWithPolicy(m, 'a', [read('a', root(DATA_LAKE))]), ...inAccount(m), message: /platform/ },
    { name: 'a data-lake bucket shared with a squad', resource: bucketWithPolicy(DATA_LAKE, 'lake', [read('lake', root(PRICING.modeling!))]), ...inAccount(DATA_LAKE) },
  ],
  fail: [
    {
      name: 'a role without permissions trusted by the other squad: the trust alone is the path',
      evidence: { edge: { grantee: { kind: 'account', accountId: '311100000002' } }, classification: 'cross-squad' },
      resource: roleTrusting(m, 'empty', [assume(root(PRICING.tooling!))], []),
      ...inAccount(m),
      message: /standing trust \(the role holds no permissions today\).*squad pricing/,
    },
    {
      name: 'a modeling bucket readable by the other squad\'s account',
      resource: bucketWithPolicy(m, 'a', [read('a', root(PRICING.modeling!))]),
      ...inAccount(m),
      message: /squad pricing, not squad claims-fraud/,
      evidence: { edge: { granteeAccount: { squad: 'pricing', accountType: 'modeling' }, statement: { sid: 'Read' } } },
    },
    {
      name: 'a grant to `*` narrowed to another squad\'s account by aws:PrincipalAccount',
      evidence: { edge: { grantee: { kind: 'account', accountId: '311100000002', principal: '*', via: 'aws:principalaccount' }, accessLevels: ['List', 'Read'] }, classification: 'cross-squad' },
      path: 'data.policy.Statement[0]',
      resource: bucketWithPolicy(m, 'a', [read('a', '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': PRICING.tooling!.accountId } } })]),
      ...inAccount(m),
    },
    {
      name: 'a service acting for another squad\'s account',
      evidence: { edge: { grantee: { kind: 'account', accountId: '311100000001', principal: 'logging.s3.amazonaws.com', via: 'logging.s3.amazonaws.com for aws:sourceaccount' }, accessLevels: ['List', 'Read'] }, classification: 'cross-squad' },
      path: 'data.policy.Statement[0]',
      resource: bucketWithPolicy(m, 'a', [read('a', { Service: 'logging.s3.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': PRICING.modeling!.accountId } } })]),
      ...inAccount(m),
    },
  ],
  error: [
    { name: 'an account the directory does not know (single-account scan)', evidence: { edge: { grantee: { kind: 'account', accountId: '311100000001' }, accessLevels: ['List', 'Read'] }, classification: 'unknown' }, resource: bucketWithPolicy(m, 'a', [read('a', root(PRICING.modeling!))]), ...alone(m), message: /could not decide/ },
  ],
});
