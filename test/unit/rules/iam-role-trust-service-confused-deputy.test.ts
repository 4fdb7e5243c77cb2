import rule from '../../../src/rules/iam/role-trust-service-confused-deputy.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { doc, role } from './iam-fixtures.js';

const trust = (statement: Record<string, unknown>) => role([], { trustPolicy: doc({ Action: 'sts:AssumeRole', ...statement }) });
const sagemaker = { Principal: { Service: 'sagemaker.amazonaws.com' } };

testRule(rule, {
  pass: [
    { name: 'aws:SourceAccount', resource: trust({ ...sagemaker, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }) },
    { name: 'aws:SourceArn', resource: trust({ ...sagemaker, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:111122223333:*' } } }) },
    { name: 'exempt service (EKS)', resource: trust({ Principal: { Service: 'eks.amazonaws.com' } }) },
    { name: 'EC2 instance profile roles are exempt by default (Prowler #2810)', resource: trust({ Principal: { Service: 'ec2.amazonaws.com' } }) },
    { name: 'AWS principal only', resource: trust({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }) },
  ],
  fail: [
    { name: 'sagemaker without source condition', evidence: { services: ['sagemaker.amazonaws.com'], statements: [{ index: 0 }] }, resource: trust(sagemaker), message: /sagemaker.amazonaws.com/ },
    { name: 'wildcard source account does not pin', evidence: { services: ['sagemaker.amazonaws.com'], statements: [{ index: 0 }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ ...sagemaker, Condition: { StringLike: { 'aws:SourceAccount': '*' } } }) },
    { name: 'list of services (Prowler #9213)', evidence: { services: ['lambda.amazonaws.com', 'glue.amazonaws.com'], statements: [{ index: 0 }] }, resource: trust({ Principal: { Service: ['lambda.amazonaws.com', 'glue.amazonaws.com'] } }), message: /lambda.*glue/ },
    { name: 'EC2 judged when the policy removes the exemption', evidence: { services: ['ec2.amazonaws.com'], statements: [{ index: 0 }] }, path: 'data.trustPolicy.Statement[0]', resource: trust({ Principal: { Service: 'ec2.amazonaws.com' } }), params: { exemptServices: [] } },
  ],
  error: [{ name: 'trust unreadable', message: /trustPolicy could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { trustPolicy: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
  notApplicable: [{ name: 'service-linked role', resource: role([], { path: '/aws-service-role/sagemaker.amazonaws.com/', trustPolicy: doc({ Action: 'sts:AssumeRole', ...sagemaker }) }) }],
});
