import rule from '../../../src/rules/iam/passrole-restricted.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { allow, deny, doc, role, user } from './iam-fixtures.js';

const toSageMaker = { Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } };

testRule(rule, {
  pass: [
    { name: 'no PassRole', resource: role([doc(allow('s3:GetObject'))]), message: /not allowed/ },
    { name: 'named role and service', resource: role([doc(allow('iam:PassRole', 'arn:aws:iam::111122223333:role/squad-a-exec', toSageMaker))]) },
    { name: 'PassRole on * denied', resource: role([doc(allow('iam:PassRole'), deny('iam:PassRole'))]) },
  ],
  fail: [
    { name: 'PassRole on * without condition', evidence: { statements: [{ kind: 'inline', policy: 'inline-0', statement: 0, problems: ['all roles', 'no iam:PassedToService'], resources: ['*'] }] }, resource: role([doc(allow('iam:PassRole'))]), severity: 'high', message: /all roles and no iam:PassedToService/ },
    { name: 'iam:* grants PassRole too', evidence: { statements: [{ kind: 'inline', policy: 'inline-0', statement: 0, problems: ['all roles', 'no iam:PassedToService'], resources: ['*'] }] }, message: /iam:PassRole is granted with all roles and no iam:PassedToService/, resource: role([doc(allow('iam:*'))]), severity: 'high' },
    { name: 'on * with PassedToService: one level lower', evidence: { statements: [{ kind: 'inline', policy: 'inline-0', statement: 0, problems: ['all roles'], resources: ['*'], passedToService: ['sagemaker.amazonaws.com'] }] }, resource: role([doc(allow('iam:PassRole', '*', toSageMaker))]), severity: 'medium', message: /all roles/ },
    { name: 'named role without PassedToService', evidence: { statements: [{ kind: 'inline', policy: 'inline-0', statement: 0, problems: ['no iam:PassedToService'], resources: ['arn:aws:iam::111122223333:role/squad-a-exec'] }] }, resource: role([doc(allow('iam:PassRole', 'arn:aws:iam::111122223333:role/squad-a-exec'))]), severity: 'medium', message: /no iam:PassedToService/ },
    { name: 'every role of the account (role/*)', evidence: { statements: [{ kind: 'inline', policy: 'inline-0', statement: 0, problems: ['all roles'], resources: ['arn:aws:iam::111122223333:role/*'], passedToService: ['sagemaker.amazonaws.com'] }] }, resource: role([doc(allow('iam:PassRole', 'arn:aws:iam::111122223333:role/*', toSageMaker))]), message: /all roles/ },
  ],
  error: [{ name: 'inline unreadable', message: /inlinePolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: role([], {}, { errors: { inlinePolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
});

testRule(rule, {
  pass: [{ name: 'no PassRole', resource: user() }],
  fail: [{ name: 'PassRole on *', evidence: { statements: [{ kind: 'inline', policy: 'inline-0', statement: 0, problems: ['all roles', 'no iam:PassedToService'], resources: ['*'] }] }, message: /iam:PassRole is granted with all roles and no iam:PassedToService/, resource: user([doc(allow('iam:PassRole'))]) }],
  error: [{ name: 'unreadable', message: /attachedPolicies could not be read \(IAM\.GetAccountAuthorizationDetails: AccessDenied\)/, resource: user([], {}, { errors: { attachedPolicies: accessDenied('IAM.GetAccountAuthorizationDetails') } }) }],
});
