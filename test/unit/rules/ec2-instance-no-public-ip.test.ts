import rule from '../../../src/rules/ec2/instance-no-public-ip.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { instance } from './ec2-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'private instance', resource: instance() },
    { name: 'stopped private instance', resource: instance({ state: 'stopped' }) },
  ],
  fail: [{ name: 'public address', evidence: { publicIpAddress: '54.1.2.3', subnetId: 'subnet-a' }, resource: instance({ publicIpAddress: '54.1.2.3' }), message: /54.1.2.3/, path: 'data.publicIpAddress', severity: 'high' }],
  error: [{ name: 'unreadable', message: /publicIpAddress could not be read \(EC2\.DescribeInstances: AccessDenied\)/, resource: instance({}, { errors: { publicIpAddress: accessDenied('EC2.DescribeInstances') } }) }],
  notApplicable: [{ name: 'terminated', resource: instance({ state: 'terminated', publicIpAddress: '54.1.2.3' }) }],
});
