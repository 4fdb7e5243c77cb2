import rule from '../../../src/rules/sagemaker/notebook-in-vpc.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { notebook } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'attached to a subnet', resource: notebook({ subnetId: 'subnet-a' }), message: /subnet-a/ }],
  fail: [{ name: 'no subnet', resource: notebook({ subnetId: null }), path: 'data.subnetId', severity: 'high' }],
  error: [{ name: 'describe denied', message: /subnetId could not be read \(SageMaker\.DescribeNotebookInstance: AccessDenied\)/, resource: notebook({}, { errors: { subnetId: accessDenied('SageMaker.DescribeNotebookInstance') } }) }],
});
