import rule from '../../../src/rules/sagemaker/job-in-vpc.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { job } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'training job in subnets', resource: job(), message: /training job runs in subnets subnet-a, subnet-b/ },
    { name: 'processing job in subnets', resource: job({ kind: 'processing' }, { name: 'prep-1' }), message: /processing job/ },
  ],
  fail: [
    { name: 'training job without VPC', evidence: { kind: 'training' }, resource: job({ vpcConfig: null }), path: 'data.vpcConfig', message: /training job has no VPC/ },
    { name: 'processing job without VPC', evidence: { kind: 'processing' }, resource: job({ kind: 'processing', vpcConfig: null }, { name: 'prep-2' }), message: /processing job has no VPC/ },
  ],
  error: [{ name: 'describe denied', message: /vpcConfig could not be read \(SageMaker\.DescribeTrainingJob: AccessDenied\)/, resource: job({}, { errors: { vpcConfig: accessDenied('SageMaker.DescribeTrainingJob') } }) }],
});
