import rule from '../../../src/rules/sagemaker/job-network-isolation.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { job } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'isolated', resource: job({ enableNetworkIsolation: true }) }],
  fail: [
    { name: 'training job not isolated', evidence: { kind: 'training', enableNetworkIsolation: false }, resource: job({ enableNetworkIsolation: false }), path: 'data.enableNetworkIsolation' },
    { name: 'processing job not isolated', evidence: { kind: 'processing', enableNetworkIsolation: false }, resource: job({ kind: 'processing', enableNetworkIsolation: false }, { name: 'prep' }), message: /processing job/ },
  ],
  error: [{ name: 'describe denied', message: /enableNetworkIsolation could not be read \(SageMaker\.DescribeTrainingJob: AccessDenied\)/, resource: job({}, { errors: { enableNetworkIsolation: accessDenied('SageMaker.DescribeTrainingJob') } }) }],
});
