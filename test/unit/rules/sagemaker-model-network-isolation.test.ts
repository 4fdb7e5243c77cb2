import rule from '../../../src/rules/sagemaker/model-network-isolation.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { model } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'isolated', resource: model({ enableNetworkIsolation: true }) }],
  fail: [{ name: 'not isolated', resource: model({ enableNetworkIsolation: false }), path: 'data.enableNetworkIsolation', severity: 'medium' }],
  error: [{ name: 'describe denied', message: /enableNetworkIsolation could not be read \(SageMaker\.DescribeModel: AccessDenied\)/, resource: model({}, { errors: { enableNetworkIsolation: accessDenied('SageMaker.DescribeModel') } }) }],
});
