import { expect } from 'vitest';
import rule from '../../../src/rules/iam/no-privilege-escalation.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, attached, deny, doc, managed, role, user } from './iam-fixtures.js';

/** Evidence naming the escalation path `id` among the ones found. */
const escalation = (id: string) => ({ paths: expect.arrayContaining([expect.objectContaining({ id })]) });
const passRolePolicy = managed('pass-any-role', doc(allow('iam:PassRole')));
const SAGEMAKER_TRUST = doc({ Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' } });
const adminRole = role([doc(allow('*'))], { trustPolicy: SAGEMAKER_TRUST }, { name: 'platform-admin' });
const modestRole = role([doc(allow('s3:GetObject', 'arn:aws:s3:::squad-a/*'))], { trustPolicy: SAGEMAKER_TRUST }, { name: 'squad-a-exec' });
const lambdaAdmin = role([doc(allow('*'))], { trustPolicy: doc({ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }) }, { name: 'lambda-admin' });
const passNamed = (name: string) => role([doc(allow('sagemaker:CreateTrainingJob'), allow('iam:PassRole', `arn:aws:iam::111122223333:role/${name}`))]);
const boundary = managed('boundary', doc(allow(['sagemaker:*', 's3:*'])));

testRule(rule, {
  pass: [
    { name: 'sagemaker jobs without PassRole', resource: role([doc(allow(['sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob']))]) },
    { name: 'PassRole pinned to one named role', resource: role([doc(allow('sagemaker:CreateTrainingJob'), allow('iam:PassRole', 'arn:aws:iam::111122223333:role/squad-a-training'))]) },
    { name: 'PassRole pinned to a named role that is not admin', resource: passNamed('squad-a-exec'), related: [modestRole] },
    { name: 'PassRole pinned to an admin role SageMaker does not trust', resource: passNamed('lambda-admin'), related: [lambdaAdmin] },
    {
      name: 'PassRole limited to another service by iam:PassedToService',
      resource: role([doc(allow('sagemaker:CreateTrainingJob'), allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }))]),
    },
    { name: 'CreateAccessKey only on the caller itself', resource: role([doc(allow('iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/${aws:username}'))]) },
    { name: 'read-only IAM', resource: role([doc(allow(['iam:Get*', 'iam:List*']))]) },
    { name: 'escalation denied unconditionally', resource: role([doc(allow('iam:AttachRolePolicy'), deny('iam:Attach*'))]) },
    { name: 'boundary removes PassRole', resource: role([doc(allow(['iam:PassRole', 'sagemaker:CreateTrainingJob']))], { permissionsBoundary: boundary.arn }), related: [boundary] },
    { name: 'ignored path', resource: role([doc(allow('ssm:StartSession'))]), params: { ignorePaths: ['ssm-start-session'] } },
  ],
  fail: [
    {
      name: 'PassRole pinned to a named admin role that SageMaker trusts', message: /reaches arn:aws:iam::111122223333:role\/platform-admin \(full admin \(every action on every resource\)\)/,
      resource: passNamed('platform-admin'),
      related: [adminRole],
      severity: 'high',
      evidence: { paths: [{ id: 'sagemaker-create-training-job', grants: expect.arrayContaining([expect.objectContaining({ passableAdminRoles: [adminRole.arn] })]) }] },
    },
    { name: 'CreatePolicyVersion', message: /1 escalation path\(s\): iam:CreatePolicyVersion/, resource: role([doc(allow('iam:CreatePolicyVersion'))]), severity: 'high', evidence: escalation('iam-create-policy-version') },
    {
      name: 'PassRole + CreateTrainingJob split over two policies', message: /1 escalation path\(s\): iam:PassRole \+ sagemaker:CreateTrainingJob/,
      resource: role([doc(allow('sagemaker:CreateTrainingJob', 'arn:aws:sagemaker:*:111122223333:training-job/squad-a-*'))], { attachedPolicies: [attached(passRolePolicy)] }),
      related: [passRolePolicy],
      severity: 'high',
      evidence: { paths: [{ id: 'sagemaker-create-training-job', grants: [{ statements: [{ kind: 'managed' }] }, {}] }] },
    },
    {
      name: 'PassRole with PassedToService sagemaker: conditional, one level lower', message: /1 escalation path\(s\): iam:PassRole \+ sagemaker:CreateNotebookInstance/,
      resource: role([doc(allow('sagemaker:CreateNotebookInstance'), allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }))]),
      severity: 'medium',
      evidence: escalation('sagemaker-create-notebook-instance'),
    },
    {
      name: 'PassRole on an open role-name pattern counts as conditional', message: /1 escalation path\(s\): iam:PassRole \+ ec2:RunInstances/,
      resource: role([doc(allow(['ec2:RunInstances']), allow('iam:PassRole', 'arn:aws:iam::111122223333:role/squad-a-*'))]),
      severity: 'medium',
      evidence: escalation('ec2-run-instances'),
    },
    { name: 'target-dependent path is one level lower', message: /1 escalation path\(s\): lambda:UpdateFunctionCode/, resource: role([doc(allow('lambda:UpdateFunctionCode'))]), severity: 'medium', evidence: escalation('lambda-update-function-code') },
    { name: 'iam:Put* via mid-string wildcard iam:*RolePolicy', message: /can grant itself admin: iam:PutRolePolicy on itself; 2 escalation path\(s\): iam:AttachRolePolicy;/, resource: role([doc(allow('iam:*RolePolicy'))]), evidence: escalation('iam-put-role-policy') },
  ],
  error: [{ name: 'attached policy unreadable', evidence: { missingPolicies: ['arn:aws:iam::111122223333:policy/pass-any-role (document unreadable: AccessDenied)'] }, message: /could not decide: attached policies could not be read:/, resource: role([], { attachedPolicies: [attached(passRolePolicy)] }), related: [managed('pass-any-role', doc(), {}, { errors: { document: accessDenied('IAM.GetPolicyVersion') } })] }],
  notApplicable: [{ name: 'admin', resource: role([doc(allow('*'))]) }],
});

testRule(rule, {
  pass: [{ name: 'self-service keys only', resource: user([doc(allow(['iam:CreateAccessKey', 'iam:UpdateAccessKey'], 'arn:aws:iam::111122223333:user/${aws:username}'))]) }],
  fail: [{ name: 'AddUserToGroup', message: /1 escalation path\(s\): iam:AddUserToGroup/, resource: user([doc(allow('iam:AddUserToGroup'))]), evidence: escalation('iam-add-user-to-group') }],
  error: [{ name: 'groups unreadable', message: /groups could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: user([], {}, { errors: { groups: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
});
