import rule from '../../../src/rules/ec2/default-security-group-closed.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { permission, securityGroup } from './ec2-fixtures.js';

const defaultGroup = (ingress = [permission('-1', null, null, [])], egress = [permission('-1', null, null)]) =>
  securityGroup({ groupId: 'sg-default', groupName: 'default', isDefault: true, ingress, egress });

testRule(rule, {
  pass: [{ name: 'default group without rules', resource: defaultGroup([], []) }],
  fail: [
    { name: 'the rules AWS creates', evidence: { ingress: [{ ipProtocol: '-1' }], egress: [{ ipProtocol: '-1', ipv4Ranges: [{ cidr: '0.0.0.0/0' }] }] }, resource: defaultGroup(), message: /1 inbound and 1 outbound/, path: 'data.ingress', severity: 'high' },
    { name: 'egress only', evidence: { ingress: [], egress: [{ ipProtocol: '-1', ipv4Ranges: [{ cidr: '0.0.0.0/0' }] }] }, resource: defaultGroup([]), path: 'data.egress' },
  ],
  error: [{ name: 'rules unreadable', message: /egress could not be read \(EC2\.DescribeSecurityGroups: AccessDenied\)/, resource: securityGroup({ isDefault: true }, { errors: { egress: accessDenied('EC2.DescribeSecurityGroups') } }) }],
  notApplicable: [{ name: 'a non-default group with rules', resource: securityGroup() }],
});
