import rule from '../../../src/rules/sagemaker/model-in-vpc.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { model } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'VPC config', resource: model(), message: /subnet-a/ }],
  fail: [{ name: 'no VPC config', resource: model({ vpcConfig: null }), path: 'data.vpcConfig', severity: 'high' }],
  error: [{ name: 'describe denied', message: /vpcConfig could not be read \(SageMaker\.DescribeModel: AccessDenied\)/, resource: model({}, { errors: { vpcConfig: accessDenied('SageMaker.DescribeModel') } }) }],
});
