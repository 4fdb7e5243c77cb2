import rule from '../../../src/rules/s3/bucket-public-access-blocked.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { ALL_OFF, ALL_ON, bucket } from './s3-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'all on at bucket level', resource: bucket({ publicAccessBlock: ALL_ON, accountPublicAccessBlock: null }) },
    { name: 'all on at account level only', resource: bucket({ publicAccessBlock: null, accountPublicAccessBlock: ALL_ON }) },
    {
      name: 'two at each level',
      resource: bucket({
        publicAccessBlock: { ...ALL_OFF, BlockPublicAcls: true, IgnorePublicAcls: true },
        accountPublicAccessBlock: { ...ALL_OFF, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    },
  ],
  fail: [
    { name: 'nothing configured', evidence: { bucketLevel: null, accountLevel: null }, resource: bucket({ publicAccessBlock: null, accountPublicAccessBlock: null }), message: /BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets/ },
    {
      name: 'one setting off at both levels',
      evidence: { bucketLevel: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true }, accountLevel: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } },
      resource: bucket({ publicAccessBlock: { ...ALL_ON, BlockPublicPolicy: false }, accountPublicAccessBlock: ALL_OFF }),
      message: /off at bucket and account level: BlockPublicPolicy$/,
    },
  ],
  error: [
    {
      name: 'bucket setting denied',
      resource: bucket({}, { errors: { publicAccessBlock: accessDenied('S3.GetPublicAccessBlock') } }),
      message: /S3.GetPublicAccessBlock: AccessDenied/,
    },
    {
      name: 'account setting denied',
      resource: bucket({ publicAccessBlock: null }, { errors: { accountPublicAccessBlock: accessDenied('S3Control.GetPublicAccessBlock') } }),
      message: /accountPublicAccessBlock could not be read/,
    },
  ],
});
