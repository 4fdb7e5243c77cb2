import rule from '../../../src/rules/s3/account-public-access-blocked.js';
import { accessDenied, resource } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { ALL_OFF, ALL_ON } from './s3-fixtures.js';

const account = (publicAccessBlock: unknown, errors = {}) =>
  resource('aws.s3.account', publicAccessBlock === undefined ? {} : { publicAccessBlock }, { errors });

testRule(rule, {
  pass: [{ name: 'all four settings on', resource: account(ALL_ON) }],
  fail: [
    { name: 'not configured', evidence: { publicAccessBlock: null }, resource: account(null), message: /no account-level/, path: 'data.publicAccessBlock' },
    { name: 'one setting off', evidence: { publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } }, resource: account({ ...ALL_ON, RestrictPublicBuckets: false }), message: /RestrictPublicBuckets/ },
    { name: 'all off', evidence: { publicAccessBlock: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } }, resource: account(ALL_OFF), message: /BlockPublicAcls, IgnorePublicAcls/ },
  ],
  error: [
    {
      name: 'S3 Control denied',
      resource: account(undefined, { publicAccessBlock: accessDenied('S3Control.GetPublicAccessBlock') }),
      message: /publicAccessBlock could not be read \(S3Control.GetPublicAccessBlock: AccessDenied\)/,
    },
    { name: 'attribute never collected', resource: account(undefined), message: /publicAccessBlock was not collected/ },
  ],
});
