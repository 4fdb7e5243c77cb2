import rule from '../../../src/rules/iam/no-unscoped-write.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, attached, deny, doc, managed, role, user } from './iam-fixtures.js';

const boundary = managed('boundary', doc(allow(['s3:*'], 'arn:aws:s3:::squad-a-*')));

testRule(rule, {
  pass: [
    { name: 's3:Get* and s3:List* on * are reads, not writes', resource: role([doc(allow(['s3:Get*', 's3:List*']))]) },
    { name: 'writes scoped to the squad prefix', resource: role([doc(allow(['s3:PutObject', 's3:DeleteObject'], 'arn:aws:s3:::squad-a-*/*'))]) },
    { name: 'actions that only accept * are not flagged', resource: role([doc(allow(['kms:CreateKey', 'ssm:CreateMaintenanceWindow', 'lambda:CreateEventSourceMapping', 'ec2:DescribeInstances', 's3:ListAllMyBuckets']))]) },
    { name: 'unconditional deny removes the write', resource: role([doc(allow('s3:PutObject'), deny('s3:PutObject'))]) },
    { name: 'boundary scopes the write', resource: role([doc(allow('s3:PutObject'))], { permissionsBoundary: boundary.arn }), related: [boundary] },
    { name: 'PassRole on * is left to iam-passrole-restricted', resource: role([doc(allow('iam:PassRole'))]) },
    { name: 'ignored service', resource: role([doc(allow('logs:PutLogEvents'))]), params: { ignoreServices: ['logs'] } },
  ],
  fail: [
    {
      name: 'PutObject on *',
      evidence: { level: 'unconditional', services: [{ service: 's3', count: 1 }], statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] },
      resource: role([doc(allow('s3:PutObject'))]),
      severity: 'high',
      message: /1 write action\(s\).*s3 \(1\)/,
    },
    {
      name: 'Permissions management on * (kms:PutKeyPolicy)', message: /1 write action\(s\) allowed on all resources: kms \(1\)/,
      resource: role([doc(allow('kms:PutKeyPolicy'))]),
      evidence: { services: [{ service: 'kms', actions: ['PutKeyPolicy'] }] },
    },
    { name: 'type-wide ARN counts as all (role/*)', evidence: { level: 'unconditional', services: [{ service: 'iam', count: 1 }], statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /1 write action\(s\) allowed on all resources: iam \(1\)/, resource: role([doc(allow('iam:UpdateRole', 'arn:aws:iam::111122223333:role/*'))]) },
    { name: 'NotResource is broad', evidence: { level: 'unconditional', services: [{ service: 's3', count: 1 }], statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] }, message: /1 write action\(s\) allowed on all resources: s3 \(1\)/, resource: role([doc({ Action: 's3:DeleteObject', NotResource: 'arn:aws:s3:::platform/*' })]) },
    {
      name: 'conditional write: one level lower',
      evidence: { level: 'conditional', services: [{ service: 's3', count: 1 }], statements: [{ kind: 'inline', policy: 'inline-0', statement: 0 }] },
      resource: role([doc(allow('s3:PutObject', '*', { Condition: { StringEquals: { 'aws:ResourceAccount': '111122223333' } } }))]),
      severity: 'medium',
      message: /under a condition/,
    },
    {
      name: 'listing is capped', message: /244 write action\(s\) allowed on all resources: sagemaker \(244\)/,
      resource: role([doc(allow('sagemaker:*'))]),
      params: { maxListed: 3 },
      check: (findings) => {
        const services = findings[0]?.evidence?.services as Array<{ count: number; actions: string[] }>;
        if (services[0]!.actions.length !== 3 || services[0]!.count <= 3) throw new Error('cap not applied');
      },
    },
  ],
  error: [{ name: 'inline unreadable', message: /inlinePolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { inlinePolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
  notApplicable: [{ name: 'full admin is the admin rule\'s', resource: role([doc(allow('*'))]) }],
});

testRule(rule, {
  pass: [{ name: 'read-only user', resource: user([doc(allow('s3:Get*'))]) }],
  fail: [{ name: 'user writes everywhere via group inline', evidence: { level: 'unconditional', services: [{ service: 'dynamodb', count: 1 }], statements: [{ kind: 'group-inline', policy: 'g/w', statement: 0 }] }, message: /1 write action\(s\) allowed on all resources: dynamodb \(1\)/, resource: user([], { groups: [{ name: 'g', arn: 'arn:aws:iam::111122223333:group/g', inlinePolicies: [{ name: 'w', document: doc(allow('dynamodb:PutItem')) }], attachedPolicies: [] }] }) }],
  error: [{ name: 'attached missing', evidence: { missingPolicies: ['arn:aws:iam::111122223333:policy/boundary (not in the inventory)'] }, message: /could not decide: attached policies could not be read: arn:aws:iam::111122223333:policy\/boundary/, resource: user([], { attachedPolicies: [attached(boundary)] }) }],
});
