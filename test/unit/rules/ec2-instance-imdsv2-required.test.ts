import rule from '../../../src/rules/ec2/instance-imdsv2-required.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { instance } from './ec2-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'tokens required', resource: instance(), message: /requires IMDSv2/ },
    { name: 'metadata endpoint disabled', resource: instance({ metadataOptions: { httpTokens: 'optional', httpEndpoint: 'disabled', httpPutResponseHopLimit: 1 } }) },
  ],
  fail: [{ name: 'IMDSv1 allowed', evidence: { metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 } }, resource: instance({ metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 } }), path: 'data.metadataOptions.httpTokens', severity: 'high' }],
  error: [
    { name: 'unreadable', message: /metadataOptions could not be read \(EC2\.DescribeInstances: AccessDenied\)/, resource: instance({}, { errors: { metadataOptions: accessDenied('EC2.DescribeInstances') } }) },
    { name: 'not reported by the API', resource: instance({ metadataOptions: null }), message: /did not report/ },
  ],
  notApplicable: [{ name: 'terminated', resource: instance({ state: 'terminated', metadataOptions: null }) }],
});
