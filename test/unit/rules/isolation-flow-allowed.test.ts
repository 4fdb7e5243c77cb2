import rule from '../../../src/rules/isolation/flow-allowed.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { FRAUD, assume, bucketWithPolicy, inAccount, keyWithPolicy, read, roleTrusting, root, write } from './isolation-fixtures.js';

const m = FRAUD.modeling!;
const prod = FRAUD['serving-prod']!;
const tooling = FRAUD.tooling!;

testRule(rule, {
  pass: [
    { name: 'a serving-prod deploy role trusting its squad\'s tooling account', resource: roleTrusting(prod, 'deploy', [assume(root(tooling))]), ...inAccount(prod) },
    { name: 'a modeling bucket readable by its squad\'s serving-prod', resource: bucketWithPolicy(m, 'artifacts', [read('artifacts', root(prod))]), ...inAccount(m) },
    { name: 'serving-prod decrypting with a modeling key (decrypt is reading)', resource: keyWithPolicy(m, 'k1', [{ Sid: 'Decrypt', Effect: 'Allow', Principal: root(prod), Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]), ...inAccount(m) },
    { name: 'no cross-account grant at all', resource: bucketWithPolicy(m, 'private', [read('private', root(m))]), ...inAccount(m), message: /grants nothing to other accounts/ },
    {
      name: 'an unconditional deny takes the write away',
      resource: bucketWithPolicy(m, 'fenced', [{ ...write('fenced', root(prod)) }, { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::fenced/*' }, read('fenced', root(prod))]),
      ...inAccount(m),
    },
  ],
  fail: [
    { name: 'a modeling bucket writable by its squad\'s serving-prod', resource: bucketWithPolicy(m, 'artifacts', [write('artifacts', root(prod))]), ...inAccount(m), message: /serving-prod->modeling.*adds Write/, path: 'data.policy.Statement[0]' },
    { name: 'a serving-prod role trusting its squad\'s modeling account', resource: roleTrusting(prod, 'deploy', [assume(root(m))]), ...inAccount(prod), message: /modeling->serving-prod .*allows nothing/ },
    {
      name: 'a tightened matrix: tooling may only read serving-prod',
      resource: roleTrusting(prod, 'deploy', [assume(root(tooling))]),
      ...inAccount(prod),
      params: { flows: { 'tooling->serving-prod': ['List', 'Read'] } },
    },
    {
      name: 'NotAction grants everything else, writes included',
      resource: bucketWithPolicy(m, 'wide', [{ Effect: 'Allow', Principal: root(prod), NotAction: 's3:DeleteBucket', Resource: ['arn:aws:s3:::wide', 'arn:aws:s3:::wide/*'] }]),
      ...inAccount(m),
      check: (findings) => {
        const edge = (findings[0]?.evidence?.edge ?? {}) as { accessLevels?: string[]; actionCount?: number };
        if (!edge.accessLevels?.includes('Write') || (edge.actionCount ?? 0) < 50) throw new Error(JSON.stringify(edge));
      },
    },
  ],
  error: [{ name: 'the bucket policy could not be read', resource: { ...bucketWithPolicy(m, 'denied', []), data: {}, errors: { policy: accessDenied('S3.GetBucketPolicy') } }, ...inAccount(m) }],
});
