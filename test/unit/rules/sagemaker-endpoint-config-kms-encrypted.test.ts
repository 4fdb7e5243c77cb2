import rule from '../../../src/rules/sagemaker/endpoint-config-kms-encrypted.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { KEY, OTHER_KEY, endpointConfig } from './sagemaker-fixtures.js';

const variant = (instanceType: string | null, serverless = false) => ({
  variantName: 'v',
  modelName: 'm',
  instanceType,
  initialInstanceCount: serverless ? null : 2,
  serverless,
});

testRule(rule, {
  pass: [
    { name: 'customer key', resource: endpointConfig(), message: /encrypted with/ },
    {
      name: 'no key, but only local-NVMe instance storage (SageMaker rejects a key there)',
      resource: endpointConfig({ kmsKeyId: null, productionVariants: [variant('ml.g4dn.xlarge')] }),
      message: /no variant uses EBS storage/,
    },
    { name: 'no key, serverless only', resource: endpointConfig({ kmsKeyId: null, productionVariants: [variant(null, true)] }) },
    { name: 'data capture with key', resource: endpointConfig({ dataCapture: { enabled: true, kmsKeyId: KEY } }) },
  ],
  fail: [
    {
      name: 'no key on an EBS-backed variant',
      evidence: { kmsKeyId: null, dataCapture: null, variants: [{ name: 'primary', instanceType: 'ml.m5.large', serverless: false }] },
      resource: endpointConfig({ kmsKeyId: null }),
      path: 'data.kmsKeyId',
      message: /primary \(ml.m5.large\)/,
      severity: 'high',
    },
    {
      name: 'instance-store family list is a param', evidence: { kmsKeyId: null, dataCapture: null, variants: [{ name: 'v', instanceType: 'ml.g4dn.xlarge', serverless: false }] }, path: 'data.kmsKeyId',
      resource: endpointConfig({ kmsKeyId: null, productionVariants: [variant('ml.g4dn.xlarge')] }),
      params: { instanceStoreFamilies: [] },
    },
    { name: 'key not allowed', evidence: { kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/9999ffff-0000-0000-0000-000000000000', dataCapture: null, variants: [{ name: 'primary', instanceType: 'ml.m5.large', serverless: false }] }, resource: endpointConfig({ kmsKeyId: OTHER_KEY }), params: { allowedKeyArns: [KEY] }, message: /not an allowed key/ },
    {
      name: 'data capture on without a key',
      evidence: { kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000', dataCapture: { enabled: true, kmsKeyId: null }, variants: [{ name: 'primary', instanceType: 'ml.m5.large', serverless: false }] },
      resource: endpointConfig({ dataCapture: { enabled: true, kmsKeyId: null } }),
      path: 'data.dataCapture.kmsKeyId',
    },
  ],
  error: [{ name: 'describe denied', message: /kmsKeyId could not be read \(SageMaker\.DescribeEndpointConfig: AccessDenied\)/, resource: endpointConfig({}, { errors: { kmsKeyId: accessDenied('SageMaker.DescribeEndpointConfig') } }) }],
});
