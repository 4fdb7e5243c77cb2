import rule from '../../../src/rules/iam/role-trust-not-public.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { doc, role } from './iam-fixtures.js';

const trust = (statement: Record<string, unknown>) => role([], { trustPolicy: doc({ Action: 'sts:AssumeRole', ...statement }) });
const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

testRule(rule, {
  pass: [
    { name: 'service principal', resource: trust({ Principal: { Service: 'sagemaker.amazonaws.com' } }) },
    { name: 'named account', resource: trust({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }) },
    { name: '* pinned by aws:PrincipalOrgID', resource: trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }) },
    {
      name: 'GitHub OIDC pinned to a repository',
      resource: trust({ Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: github }, Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/ml-infra:*' } } }),
    },
  ],
  fail: [
    { name: 'Principal *', evidence: { statements: [{ index: 0, reason: 'any AWS principal' }] }, resource: trust({ Principal: '*' }), severity: 'critical', path: 'data.trustPolicy.Statement[0]' },
    { name: 'arn:aws:iam::*:root', evidence: { statements: [{ index: 0, reason: 'any AWS principal' }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ Principal: { AWS: 'arn:aws:iam::*:root' } }) },
    { name: 'wildcard PrincipalOrgID does not pin', evidence: { statements: [{ index: 0, reason: 'any AWS principal' }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ Principal: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } }) },
    { name: 'GitHub OIDC without sub condition', evidence: { statements: [{ index: 0, reason: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com without a token.actions.githubusercontent.com:sub condition' }] }, resource: trust({ Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: github }, Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }), message: /githubusercontent/ },
    { name: 'GitHub OIDC sub repo:*', evidence: { statements: [{ index: 0, reason: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com without a token.actions.githubusercontent.com:sub condition' }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: github }, Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } } }) },
  ],
  error: [{ name: 'trust unreadable', message: /trustPolicy could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { trustPolicy: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
  notApplicable: [{ name: 'service-linked role', resource: role([], { path: '/aws-service-role/x/', trustPolicy: doc({ Action: 'sts:AssumeRole', Principal: '*' }) }) }],
});
