import rule from '../../../src/rules/sagemaker/model-package-group-not-public.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { groupPolicy, packageGroup } from './sagemaker-fixtures.js';

const statement = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'],
  Resource: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/*',
  ...extra,
});

testRule(rule, {
  pass: [
    { name: 'no policy', resource: packageGroup({ policy: null }), message: /no resource policy/ },
    { name: 'shared with one serving account', resource: packageGroup({ policy: groupPolicy(statement({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })) }) },
    {
      name: '* narrowed to the organization',
      resource: packageGroup({ policy: groupPolicy(statement({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })) }),
    },
  ],
  fail: [
    {
      name: 'Principal *',
      evidence: { statements: [{ index: 0, sid: 'Everyone' }] },
      resource: packageGroup({ policy: groupPolicy(statement({ Sid: 'Everyone', Principal: '*' })) }),
      path: 'data.policy.Statement[0]',
      message: /statement "Everyone"/,
      severity: 'critical',
    },
    {
      name: 'second statement open to AWS *',
      evidence: { statements: [{ index: 1 }] },
      resource: packageGroup({ policy: groupPolicy(statement({ Principal: { AWS: '444455556666' } }), statement({ Principal: { AWS: '*' } })) }),
      path: 'data.policy.Statement[1]',
    },
  ],
  error: [
    {
      name: 'policy unreadable (moto answers 500)',
      resource: packageGroup(
        {},
        { errors: { policy: { code: 'ServiceError', message: 'HTTP 500', operation: 'SageMaker.GetModelPackageGroupPolicy', httpStatus: 500 } } },
      ),
      message: /SageMaker.GetModelPackageGroupPolicy: ServiceError/,
    },
    { name: 'policy denied', message: /policy could not be read \(SageMaker\.GetModelPackageGroupPolicy: AccessDenied\)/, resource: packageGroup({}, { errors: { policy: accessDenied('SageMaker.GetModelPackageGroupPolicy') } }) },
  ],
});
