import rule from '../../../src/rules/sagemaker/job-inter-container-encryption.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { job } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'encrypted', resource: job({ enableInterContainerTrafficEncryption: true }) }],
  fail: [
    {
      name: 'distributed job not encrypted',
      resource: job({ enableInterContainerTrafficEncryption: false, instanceCount: 4 }),
      path: 'data.enableInterContainerTrafficEncryption',
      evidence: { kind: 'training', instanceCount: 4 },
    },
    { name: 'processing job not encrypted', evidence: { kind: 'processing', instanceCount: 2 }, path: 'data.enableInterContainerTrafficEncryption', resource: job({ kind: 'processing', enableInterContainerTrafficEncryption: false }, { name: 'p' }) },
  ],
  error: [
    {
      name: 'describe denied', message: /enableInterContainerTrafficEncryption could not be read \(SageMaker\.DescribeProcessingJob: AccessDenied\)/,
      resource: job({}, { errors: { enableInterContainerTrafficEncryption: accessDenied('SageMaker.DescribeProcessingJob') } }),
    },
  ],
});
