import rule from '../../../src/rules/iam/no-data-exfiltration-on-all.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, deny, doc, role, user } from './iam-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'GetObject on the squad bucket', resource: role([doc(allow('s3:GetObject', 'arn:aws:s3:::squad-a-data/*'))]) },
    { name: 'secrets of the squad only', resource: role([doc(allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:111122223333:secret:squad-a/*'))]) },
    { name: 'decrypt denied', resource: role([doc(allow('kms:Decrypt'), deny('kms:*'))]) },
    { name: 'list-only on *', resource: role([doc(allow(['s3:ListBucket', 'kms:ListKeys']))]) },
  ],
  fail: [
    { name: 's3:GetObject on *', evidence: { actions: [{ action: 's3:GetObject', level: 'unconditional' }] }, resource: role([doc(allow('s3:GetObject'))]), severity: 'high', message: /s3:GetObject/ },
    { name: 'every object of every bucket (arn:aws:s3:::*/*)', evidence: { actions: [{ action: 's3:GetObject', level: 'unconditional' }, { action: 's3:GetObjectVersion', level: 'unconditional' }] }, resource: role([doc(allow('s3:Get*', 'arn:aws:s3:::*/*'))]), message: /s3:GetObject/ },
    { name: 'ssm:GetParameter* wildcard', evidence: { actions: [{ action: 'ssm:GetParameter', level: 'unconditional' }, { action: 'ssm:GetParameters', level: 'unconditional' }, { action: 'ssm:GetParametersByPath', level: 'unconditional' }] }, resource: role([doc(allow('ssm:GetParameter*'))]), message: /ssm:GetParameter, ssm:GetParameters, ssm:GetParametersByPath/ },
    {
      name: 'kms:Decrypt via kms:ViaService: one level lower (KMS.2)',
      evidence: { actions: [{ action: 'kms:Decrypt', level: 'conditional' }] },
      resource: role([doc(allow('kms:Decrypt', '*', { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }))]),
      severity: 'medium',
      message: /under a condition/,
    },
  ],
  error: [{ name: 'unreadable', message: /inlinePolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { inlinePolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
  notApplicable: [{ name: 'admin', resource: role([doc(allow('*'))]) }],
});

testRule(rule, {
  pass: [{ name: 'nothing', resource: user() }],
  fail: [{ name: 'GetSecretValue on *', evidence: { actions: [{ action: 'secretsmanager:GetSecretValue', level: 'unconditional' }] }, message: /allowed on all resources: secretsmanager:GetSecretValue/, resource: user([doc(allow('secretsmanager:GetSecretValue'))]) }],
  error: [{ name: 'unreadable', message: /inlinePolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: user([], {}, { errors: { inlinePolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
});
