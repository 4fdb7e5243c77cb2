import rule from '../../../src/rules/isolation/flow-allowed.js';
import { accessDenied } from '../../support/fixtures.js';
import type { Target } from '../../../src/model/inventory.js';
import type { AnyResource } from '../../../src/model/resource.js';
import { testRule } from '../../support/rule-tester.js';
import { DIRECTORY, FRAUD, ORG_ID, READ_ARTIFACTS, assume, bucketWithPolicy, inAccount, keyWithPolicy, read, roleTrusting, root, write } from './isolation-fixtures.js';

const m = FRAUD.modeling!;
const prod = FRAUD['serving-prod']!;
const tooling = FRAUD.tooling!;
const nonprod = FRAUD['serving-nonprod']!;
const { accountType: _type, ...untypedProd } = prod;

/** A role that holds no permissions today: no inline, attached or boundary policy. */
const bare = (owner: Target, name: string, trusted: Target): AnyResource => {
  const role = roleTrusting(owner, name, [assume(root(trusted))]);
  return { ...role, data: { ...role.data, inlinePolicies: [] } };
};
/** A standing trust: the role conveys nothing today, and the flow allows nothing either. */
const STANDING = { edge: { accessLevels: [], levelsFrom: 'role-permissions' }, standingPath: { allowed: [] } };

testRule(rule, {
  pass: [
    { name: 'a serving-prod deploy role trusting its squad\'s tooling account', resource: roleTrusting(prod, 'deploy', [assume(root(tooling))]), ...inAccount(prod) },
    { name: 'a modeling bucket readable by its squad\'s serving-prod', resource: bucketWithPolicy(m, 'artifacts', [read('artifacts', root(prod))]), ...inAccount(m) },
    { name: 'serving-prod decrypting with a modeling key (decrypt is reading)', resource: keyWithPolicy(m, 'k1', [{ Sid: 'Decrypt', Effect: 'Allow', Principal: root(prod), Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]), ...inAccount(m) },
    {
      name: 'a modeling role that only reads artifacts, trusted by serving-prod (assuming it grants List/Read)',
      resource: roleTrusting(m, 'artifact-reader', [assume(root(prod))], READ_ARTIFACTS),
      ...inAccount(m),
      evidence: { edge: { levelsFrom: 'role-permissions', accessLevels: ['List', 'Read'] } },
    },
    // Near misses of the standing-trust case: the flow allows something, and the role conveys nothing beyond it.
    { name: 'a role without permissions trusted by tooling (tooling->serving-prod allows all)', resource: bare(prod, 'future-deploy', tooling), ...inAccount(prod), message: /standing trust \(the role holds no permissions today\).*same squad/ },
    { name: 'a modeling role without permissions trusted by serving-prod (List, Read allowed)', resource: bare(m, 'future-reader', prod), ...inAccount(m) },
    { name: 'no cross-account grant at all', resource: bucketWithPolicy(m, 'private', [read('private', root(m))]), ...inAccount(m), message: /grants nothing to other accounts/ },
    {
      name: 'an unconditional deny takes the write away',
      resource: bucketWithPolicy(m, 'fenced', [{ ...write('fenced', root(prod)) }, { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::fenced/*' }, read('fenced', root(prod))]),
      ...inAccount(m),
    },
  ],
  fail: [
    { name: 'a modeling bucket writable by its squad\'s serving-prod', evidence: { edge: { grantee: { kind: 'account', accountId: '211100000004' }, accessLevels: ['Write'] }, classification: 'same-squad' }, resource: bucketWithPolicy(m, 'artifacts', [write('artifacts', root(prod))]), ...inAccount(m), message: /serving-prod->modeling.*adds Write/, path: 'data.policy.Statement[0]' },
    { name: 'a serving-prod role trusting its squad\'s modeling account', evidence: { edge: { grantee: { kind: 'account', accountId: '211100000001' }, accessLevels: ['Read', 'Write'] }, classification: 'same-squad' }, resource: roleTrusting(prod, 'deploy', [assume(root(m))]), ...inAccount(prod), message: /modeling->serving-prod .*allows nothing/ },
    { name: 'a modeling role that can write, trusted by serving-prod', evidence: { edge: { grantee: { kind: 'account', accountId: '211100000004' }, accessLevels: ['Write'] }, classification: 'same-squad' }, resource: roleTrusting(m, 'writer', [assume(root(prod))], [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]), ...inAccount(m), message: /adds Write/ },
    {
      name: 'a role whose attached policy is missing from the inventory falls back to the trust policy\'s own action',
      path: 'data.trustPolicy.Statement[0]',
      resource: { ...roleTrusting(m, 'opaque', [assume(root(prod))], []), data: { ...roleTrusting(m, 'opaque', [assume(root(prod))], []).data, attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] } },
      ...inAccount(m),
      evidence: { edge: { levelsFrom: 'policy', actions: ['sts:AssumeRole'] } },
    },
    {
      name: 'a serving-prod role without permissions trusted by modeling: the trust is a standing path (modeling->serving-prod allows nothing)',
      resource: bare(prod, 'empty-deploy', m),
      ...inAccount(prod),
      message: /standing trust \(the role holds no permissions today\).*modeling->serving-prod .*allows nothing.*standing path/,
      evidence: STANDING,
    },
    { name: 'a serving-prod role without permissions trusted by serving-nonprod (a flow the matrix does not list)', resource: bare(prod, 'empty-promote', nonprod), ...inAccount(prod), message: /serving-nonprod->serving-prod .*allows nothing/, evidence: STANDING },
    {
      name: 'a flow tightened to nothing: a role without permissions trusted by tooling fails too',
      resource: bare(prod, 'future-deploy', tooling),
      ...inAccount(prod),
      params: { flows: { 'tooling->serving-prod': [] } },
      message: /tooling->serving-prod .*allows nothing.*standing path/,
      evidence: STANDING,
    },
    {
      name: 'the grantee has no account type, but no flow into modeling allows Write: a failure whatever its type',
      evidence: { edge: { grantee: { kind: 'account', accountId: '211100000004' }, accessLevels: ['Write'] }, classification: 'same-squad' },
      resource: bucketWithPolicy(m, 'artifacts', [write('artifacts', root(prod))]),
      target: m,
      directory: [...DIRECTORY.filter((entry) => entry.accountId !== m.accountId && entry.accountId !== prod.accountId), untypedProd],
      organizationId: ORG_ID,
      message: /account type of .*claims-fraud-serving-prod.* is unknown, but no flow it could be part of allows Write/,
    },
    {
      name: 'a tightened matrix: tooling may only read serving-prod', evidence: { edge: { grantee: { kind: 'account', accountId: '211100000002' }, accessLevels: ['Read', 'Write'] }, classification: 'same-squad' }, path: 'data.trustPolicy.Statement[0]',
      resource: roleTrusting(prod, 'deploy', [assume(root(tooling))]),
      ...inAccount(prod),
      params: { flows: { 'tooling->serving-prod': ['List', 'Read'] } },
    },
    {
      name: 'NotAction grants everything else, writes included', path: 'data.policy.Statement[0]',
      resource: bucketWithPolicy(m, 'wide', [{ Effect: 'Allow', Principal: root(prod), NotAction: 's3:DeleteBucket', Resource: ['arn:aws:s3:::wide', 'arn:aws:s3:::wide/*'] }]),
      ...inAccount(m),
      check: (findings) => {
        const edge = (findings[0]?.evidence?.edge ?? {}) as { accessLevels?: string[]; actionCount?: number };
        if (!edge.accessLevels?.includes('Write') || (edge.actionCount ?? 0) < 50) throw new Error(JSON.stringify(edge));
      },
    },
  ],
  error: [
    {
      name: 'the resource account has no account type: the matrix cannot be applied (undecided, not a guessed failure)',
      evidence: { edge: { grantee: { kind: 'account', accountId: '211100000001' } }, classification: 'same-squad' },
      resource: bare(untypedProd, 'future-deploy', m),
      target: { ...untypedProd, accountType: undefined },
      directory: DIRECTORY.filter((entry) => entry.accountId !== prod.accountId),
      organizationId: ORG_ID,
      message: /could not decide: .*account type of .*claims-fraud-serving-prod.* is unknown, so the flow matrix cannot be applied/,
    },
    {
      name: 'the grantee account has no account type',
      evidence: { edge: { grantee: { kind: 'account', accountId: '211100000004' }, accessLevels: ['List', 'Read'] }, classification: 'same-squad' },
      resource: bucketWithPolicy(m, 'artifacts', [read('artifacts', root(prod))]),
      target: m,
      directory: [...DIRECTORY.filter((entry) => entry.accountId !== m.accountId && entry.accountId !== prod.accountId), untypedProd],
      organizationId: ORG_ID,
      message: /account type of .*claims-fraud-serving-prod.* is unknown/,
    },
    { name: 'the bucket policy could not be read', message: /policy could not be read \(S3\.GetBucketPolicy: AccessDenied\)/, resource: { ...bucketWithPolicy(m, 'denied', []), data: {}, errors: { policy: accessDenied('S3.GetBucketPolicy') } }, ...inAccount(m) }],
});
