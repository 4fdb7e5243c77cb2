/** Resource-aware matching, the target-dependent catalogue additions, and date conditions on escalation grants. */
import { expect } from 'vitest';
import rule from '../../../src/rules/iam/no-privilege-escalation.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, deny, doc, role } from './iam-fixtures.js';

/** Evidence naming the escalation path `id` among the ones found. */
const escalation = (id: string) => ({ paths: expect.arrayContaining([expect.objectContaining({ id })]) });

testRule(rule, {
  pass: [
    { name: 'CreatePolicyVersion on AWS managed policies can change nothing', resource: role([doc(allow(['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion'], 'arn:aws:iam::aws:policy/*'))]) },
    { name: 'CreatePolicyVersion on one AWS managed policy', resource: role([doc(allow('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/AdministratorAccess'))]) },
    { name: 'AttachRolePolicy on users attaches nothing', resource: role([doc(allow('iam:AttachRolePolicy', 'arn:aws:iam::*:user/*'))]) },
    { name: 'Instance Connect denied', resource: role([doc(allow('ec2-instance-connect:*'), deny('ec2-instance-connect:*'))]) },
    { name: 'CreateChangeSet without ExecuteChangeSet', resource: role([doc(allow(['cloudformation:CreateChangeSet', 'cloudformation:DescribeStacks']))]) },
    { name: 'lifecycle configuration without attaching it or starting the notebook', resource: role([doc(allow('sagemaker:CreateNotebookInstanceLifecycleConfig'))]) },
    {
      name: 'a grant whose time window closed in the past grants nothing',
      resource: role([doc(allow('iam:PutRolePolicy', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': '2021-06-30T00:00:00Z' } } }))]),
    },
  ],
  fail: [
    { name: 'CreatePolicyVersion on customer policies', message: /1 escalation path\(s\): iam:CreatePolicyVersion/, resource: role([doc(allow('iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/*'))]), severity: 'high', evidence: escalation('iam-create-policy-version') },
    { name: 'EC2 Instance Connect: target-dependent', message: /1 escalation path\(s\): ec2-instance-connect:SendSSHPublicKey/, resource: role([doc(allow('ec2-instance-connect:SendSSHPublicKey'))]), severity: 'medium', evidence: escalation('ec2-instance-connect') },
    { name: 'serial console key: target-dependent', message: /1 escalation path\(s\): ec2-instance-connect:SendSerialConsoleSSHPublicKey/, resource: role([doc(allow('ec2-instance-connect:SendSerialConsoleSSHPublicKey'))]), severity: 'medium', evidence: escalation('ec2-instance-connect') },
    { name: 'UpdateStack uses the stack service role without PassRole', message: /1 escalation path\(s\): cloudformation:UpdateStack/, resource: role([doc(allow('cloudformation:UpdateStack'))]), severity: 'medium', evidence: escalation('cloudformation-update-stack') },
    { name: 'change set created and executed', message: /1 escalation path\(s\): cloudformation:CreateChangeSet \+ cloudformation:ExecuteChangeSet/, resource: role([doc(allow(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']))]), severity: 'medium', evidence: escalation('cloudformation-change-set') },
    { name: 'stack set update', message: /1 escalation path\(s\): cloudformation:UpdateStackSet/, resource: role([doc(allow('cloudformation:UpdateStackSet'))]), severity: 'medium', evidence: escalation('cloudformation-update-stack-set') },
    {
      name: 'notebook lifecycle configuration attached and started', message: /1 escalation path\(s\): sagemaker:CreateNotebookInstanceLifecycleConfig \+/,
      resource: role([doc(allow(['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StopNotebookInstance', 'sagemaker:StartNotebookInstance']))]),
      severity: 'medium',
      evidence: escalation('sagemaker-notebook-lifecycle-config'),
    },
    { name: 'Studio presigned domain URL', message: /1 escalation path\(s\): sagemaker:CreatePresignedDomainUrl/, resource: role([doc(allow('sagemaker:CreatePresignedDomainUrl'))]), severity: 'medium', evidence: escalation('sagemaker-presigned-domain-url') },
    {
      name: 'a grant whose window opened in the past holds: full severity, decided at scan time', message: /can grant itself admin: iam:PutRolePolicy on itself; 1 escalation path\(s\): iam:PutRolePolicy/,
      resource: role([doc(allow('iam:PutRolePolicy', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2021-06-30T00:00:00Z' } } }))]),
      severity: 'high',
      check: (findings) => {
        const text = JSON.stringify(findings[0]?.evidence);
        if (!/condition decided at scan time/.test(text)) throw new Error(`evidence must say so: ${text}`);
      },
    },
  ],
});
