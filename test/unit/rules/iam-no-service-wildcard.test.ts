import rule from '../../../src/rules/iam/no-service-wildcard.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, doc, managed } from './iam-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'named actions', resource: managed('p', doc(allow(['s3:GetObject', 's3:PutObject']))) },
    { name: 's3:Get* is not a service wildcard', resource: managed('p', doc(allow(['s3:Get*', 's3:List*']))) },
  ],
  fail: [
    { name: 's3:*', evidence: { statements: [{ index: 0, services: ['s3'], conditional: false }] }, resource: managed('p', doc(allow('s3:*', 'arn:aws:s3:::squad-a-*'))), message: /grants s3:\*/, path: 'data.document.Statement[0]', severity: 'medium' },
    { name: 'Action *', evidence: { statements: [{ index: 0, services: ['*'], conditional: false }] }, resource: managed('p', doc(allow('*'))), message: /every service/ },
    { name: 'NotAction leaves services whole', evidence: { statements: [{ index: 0, conditional: false }] }, resource: managed('p', doc({ NotAction: ['iam:*'], Resource: '*' })), message: /services/ },
    { name: 'under a condition: one level lower', evidence: { statements: [{ index: 0, services: ['sagemaker'], conditional: true }] }, path: 'data.document.Statement[0]', resource: managed('p', doc(allow('sagemaker:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }))), severity: 'low' },
  ],
  error: [{ name: 'document unreadable', message: /document could not be read \(IAM\.GetPolicyVersion: AccessDenied\)/, resource: managed('p', doc(), {}, { errors: { document: accessDenied('IAM.GetPolicyVersion') } }) }],
  notApplicable: [{ name: 'AWS managed', resource: managed('AmazonS3FullAccess', doc(allow('s3:*')), {}, { arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }) }],
});
