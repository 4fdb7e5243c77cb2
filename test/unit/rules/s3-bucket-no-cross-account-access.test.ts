import rule from '../../../src/rules/s3/bucket-no-cross-account-access.js';
import { ACCOUNT, accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { bucket, policyOf, statement } from './s3-fixtures.js';

const FOREIGN = '999988887777';
const SQUAD_TOOLING = '222233334444';

testRule(rule, {
  pass: [
    { name: 'no policy', resource: bucket({ policy: null }) },
    { name: 'own account', resource: bucket({ policy: policyOf(statement({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reader` } })) }) },
    { name: 'allowed account param', resource: bucket({ policy: policyOf(statement({ Principal: { AWS: FOREIGN } })) }), params: { allowedAccounts: [FOREIGN] } },
    {
      name: 'an account in the scan directory',
      resource: bucket({ policy: policyOf(statement({ Principal: { AWS: `arn:aws:iam::${SQUAD_TOOLING}:root` } })) }),
      directory: [{ accountId: SQUAD_TOOLING, regions: ['us-east-1'] }],
    },
    { name: 'a Deny naming a foreign account', resource: bucket({ policy: policyOf(statement({ Effect: 'Deny', Principal: { AWS: FOREIGN } })) }) },
    { name: 'service principal', resource: bucket({ policy: policyOf(statement({ Principal: { Service: 'logging.s3.amazonaws.com' } })) }) },
  ],
  fail: [
    { name: 'foreign role ARN', evidence: { accounts: { '999988887777': [0] } }, resource: bucket({ policy: policyOf(statement({ Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/x` } })) }), message: new RegExp(FOREIGN) },
    { name: 'mixed list', evidence: { accounts: { '999988887777': [0] } }, resource: bucket({ policy: policyOf(statement({ Principal: { AWS: [ACCOUNT, FOREIGN] } })) }), message: new RegExp(`${FOREIGN}$`) },
    {
      name: 'directory not trusted when the param says so', evidence: { accounts: { '222233334444': [0] } }, path: 'data.policy.Statement[0]',
      resource: bucket({ policy: policyOf(statement({ Principal: { AWS: SQUAD_TOOLING } })) }),
      directory: [{ accountId: SQUAD_TOOLING, regions: ['us-east-1'] }],
      params: { trustScannedAccounts: false },
    },
    {
      name: '* narrowed to a foreign aws:PrincipalAccount', evidence: { accounts: { '999988887777': [0] } }, path: 'data.policy.Statement[0]',
      resource: bucket({ policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': FOREIGN } } })) }),
    },
  ],
  error: [{ name: 'policy unreadable', message: /policy could not be read \(S3\.GetBucketPolicy: AccessDenied\)/, resource: bucket({}, { errors: { policy: accessDenied('S3.GetBucketPolicy') } }) }],
});
