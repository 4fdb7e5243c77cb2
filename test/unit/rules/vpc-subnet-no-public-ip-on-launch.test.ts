import rule from '../../../src/rules/vpc/subnet-no-public-ip-on-launch.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { subnet } from './ec2-fixtures.js';

testRule(rule, {
  pass: [{ name: 'private subnet', resource: subnet() }],
  fail: [{ name: 'MapPublicIpOnLaunch on', resource: subnet({ mapPublicIpOnLaunch: true }), path: 'data.mapPublicIpOnLaunch', severity: 'medium' }],
  error: [{ name: 'not readable', message: /mapPublicIpOnLaunch could not be read \(EC2\.DescribeSubnets: AccessDenied\)/, resource: subnet({}, { errors: { mapPublicIpOnLaunch: accessDenied('EC2.DescribeSubnets') } }) }],
});
