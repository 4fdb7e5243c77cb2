import { expect } from 'vitest';
import rule from '../../../src/rules/vpc/required-endpoints.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { ALL_ENDPOINTS, endpoint, vpc } from './ec2-fixtures.js';

const without = (service: string) => ALL_ENDPOINTS.filter((e) => e.serviceName !== `com.amazonaws.us-east-1.${service}`);

testRule(rule, {
  pass: [
    { name: 'every default endpoint available', resource: vpc(), message: /all 7 required endpoints/ },
    { name: 'custom list with region placeholder', resource: vpc({ endpoints: [endpoint('s3', 'Interface')] }), params: { requiredEndpoints: [{ serviceName: 'com.amazonaws.{region}.s3' }] } },
  ],
  fail: [
    {
      name: 'missing KMS endpoint',
      evidence: { missing: [{ serviceName: 'com.amazonaws.us-east-1.kms', type: 'Interface' }] },
      resource: vpc({ endpoints: without('kms') }),
      message: /^missing VPC endpoint\(s\): com.amazonaws.us-east-1.kms \(Interface\)$/,
      path: 'data.endpoints',
      severity: 'medium',
    },
    { name: 'S3 as interface where a gateway is required', evidence: { missing: [{ serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway' }] }, resource: vpc({ endpoints: [...without('s3'), endpoint('s3', 'Interface')] }), message: /com.amazonaws.us-east-1.s3 \(Gateway\)/ },
    {
      name: 'pending endpoint does not count',
      evidence: { missing: [{ serviceName: 'com.amazonaws.us-east-1.sts', type: 'Interface', found: 'vpce-sts is pending' }] },
      resource: vpc({ endpoints: [...without('sts'), endpoint('sts', 'Interface', 'pending')] }),
      message: /vpce-sts is pending/,
    },
    {
      name: 'no endpoints at all', path: 'data.endpoints',
      resource: vpc({ endpoints: [] }),
      check: (findings) => expect((findings[0]?.evidence?.missing as unknown[]).length).toBe(7),
    },
    { name: 'default VPC included by param', evidence: { missing: [{ serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway' }, { serviceName: 'com.amazonaws.us-east-1.sagemaker.api', type: 'Interface' }, { serviceName: 'com.amazonaws.us-east-1.sagemaker.runtime', type: 'Interface' }, { serviceName: 'com.amazonaws.us-east-1.sts', type: 'Interface' }, { serviceName: 'com.amazonaws.us-east-1.kms', type: 'Interface' }, { serviceName: 'com.amazonaws.us-east-1.ecr.api', type: 'Interface' }, { serviceName: 'com.amazonaws.us-east-1.ecr.dkr', type: 'Interface' }] }, path: 'data.endpoints', resource: vpc({ isDefault: true, endpoints: [] }), params: { includeDefaultVpcs: true } },
  ],
  error: [{ name: 'endpoints unreadable', message: /endpoints could not be read \(EC2\.DescribeVpcEndpoints: AccessDenied\)/, resource: vpc({}, { errors: { endpoints: accessDenied('EC2.DescribeVpcEndpoints') } }) }],
  notApplicable: [{ name: 'default VPC', resource: vpc({ isDefault: true, endpoints: [] }) }],
});
