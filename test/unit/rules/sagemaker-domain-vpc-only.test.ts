import rule from '../../../src/rules/sagemaker/domain-vpc-only.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { domain } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [{ name: 'VpcOnly', resource: domain({ appNetworkAccessType: 'VpcOnly' }), message: /vpc-1/ }],
  fail: [
    {
      name: 'PublicInternetOnly',
      evidence: { appNetworkAccessType: 'PublicInternetOnly' },
      resource: domain({ appNetworkAccessType: 'PublicInternetOnly' }),
      path: 'data.appNetworkAccessType',
      message: /PublicInternetOnly/,
    },
  ],
  error: [{ name: 'describe failed', message: /appNetworkAccessType could not be read \(SageMaker\.DescribeDomain: AccessDenied\)/, resource: domain({}, { errors: { appNetworkAccessType: accessDenied('SageMaker.DescribeDomain') } }) }],
});
