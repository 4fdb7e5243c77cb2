import rule from '../../../src/rules/sagemaker/endpoint-multi-instance.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { endpoint } from './sagemaker-fixtures.js';

const variant = (desired: number | null, current: number | null = desired, serverless = false) => ({
  variantName: 'primary',
  desiredInstanceCount: desired,
  currentInstanceCount: current,
  serverless,
});

testRule(rule, {
  pass: [
    { name: 'two instances (serving-prod)', resource: endpoint(), message: /at least 2/ },
    { name: 'current count when desired is not reported', resource: endpoint({ productionVariants: [variant(null, 3)] }) },
    { name: 'minInstances param', resource: endpoint({ productionVariants: [variant(1)] }), params: { minInstances: 1 } },
  ],
  fail: [
    {
      name: 'one instance',
      evidence: { variants: [{ variant: 'primary', instances: 1 }], minInstances: 2 },
      resource: endpoint({ productionVariants: [variant(1)] }),
      path: 'data.productionVariants',
      message: /primary \(1 instance\) run fewer than 2/,
      severity: 'medium',
    },
  ],
  error: [
    { name: 'count not reported', evidence: { variants: [{ variant: 'primary', instances: null }], minInstances: 2 }, resource: endpoint({ status: 'Creating', productionVariants: [variant(null, null)] }), message: /not reported \(endpoint Creating\)/ },
    { name: 'describe denied', message: /productionVariants could not be read \(SageMaker\.DescribeEndpoint: AccessDenied\)/, resource: endpoint({}, { errors: { productionVariants: accessDenied('SageMaker.DescribeEndpoint') } }) },
  ],
  notApplicable: [
    { name: 'serverless only', resource: endpoint({ productionVariants: [variant(null, null, true)] }) },
    // appliesTo.accountTypes defaults to serving-prod: other account types, and unknown ones, are not judged.
    { name: 'serving-nonprod account', resource: endpoint({ productionVariants: [variant(1)] }), target: { accountType: 'serving-nonprod' } },
    { name: 'modeling account', resource: endpoint({ productionVariants: [variant(1)] }), target: { accountType: 'modeling' } },
    { name: 'account type unknown', resource: endpoint({ productionVariants: [variant(1)] }), target: { accountType: undefined } },
  ],
});
