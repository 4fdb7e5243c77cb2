import { expect } from 'vitest';
import rule from '../../../src/rules/ec2/security-group-no-ingress-from-internet.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { permission, securityGroup } from './ec2-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'ingress from the VPC only', resource: securityGroup() },
    { name: 'no ingress at all', resource: securityGroup({ ingress: [] }) },
    { name: 'egress to the internet is not ingress', resource: securityGroup({ ingress: [], egress: [permission('-1', null, null, ['0.0.0.0/0', '::/0'])] }) },
    { name: 'an allowed port', resource: securityGroup({ ingress: [permission('tcp', 443, 443)] }), params: { allowedPorts: [443] } },
  ],
  fail: [
    { name: 'SSH from anywhere is critical', evidence: { permission: { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, resource: securityGroup({ ingress: [permission('tcp', 22, 22)] }), severity: 'critical', path: 'data.ingress[0]', message: /tcp 22 is open to 0.0.0.0\/0 \(includes admin port 22\)/ },
    { name: 'RDP over IPv6 is critical', evidence: { permission: { ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv6Ranges: [{ cidr: '::/0' }] } }, path: 'data.ingress[0]', resource: securityGroup({ ingress: [permission('tcp', 3389, 3389, ['::/0'])] }), severity: 'critical' },
    { name: 'all traffic is critical', evidence: { permission: { ipProtocol: '-1', fromPort: null, toPort: null, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, resource: securityGroup({ ingress: [permission('-1', null, null)] }), severity: 'critical', message: /all traffic/ },
    { name: 'all TCP ports are critical', evidence: { permission: { ipProtocol: 'tcp', fromPort: 0, toPort: 65535, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, resource: securityGroup({ ingress: [permission('tcp', 0, 65535)] }), severity: 'critical', message: /all ports/ },
    { name: 'a range including 22 is critical', evidence: { permission: { ipProtocol: '6', fromPort: 20, toPort: 30, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, path: 'data.ingress[0]', resource: securityGroup({ ingress: [permission('6', 20, 30)] }), severity: 'critical' },
    { name: 'HTTPS is high', evidence: { permission: { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, path: 'data.ingress[0]', resource: securityGroup({ ingress: [permission('tcp', 443, 443)] }), severity: 'high' },
    { name: 'ICMP is high', evidence: { permission: { ipProtocol: 'icmp', fromPort: 8, toPort: -1, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, path: 'data.ingress[0]', resource: securityGroup({ ingress: [permission('icmp', 8, -1)] }), severity: 'high' },
    { name: 'custom critical port', evidence: { permission: { ipProtocol: 'tcp', fromPort: 8888, toPort: 8888, ipv4Ranges: [{ cidr: '0.0.0.0/0' }] } }, path: 'data.ingress[0]', resource: securityGroup({ ingress: [permission('tcp', 8888, 8888)] }), params: { criticalPorts: [8888] }, severity: 'critical' },
    {
      name: 'one finding per offending permission and range, each with its own key',
      resource: securityGroup({
        ingress: [permission('tcp', 443, 443, ['10.0.0.0/8']), permission('tcp', 22, 22, ['0.0.0.0/0', '::/0']), permission('udp', 53, 53)],
      }),
      count: 3,
      message: /^ingress (tcp|udp) (22|53) is open to (0\.0\.0\.0\/0|::\/0)/,
      check: (findings) => {
        expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
        expect(findings.map((f) => f.severity).sort()).toEqual(['critical', 'critical', 'high']);
        expect(findings.map((f) => f.path).sort()).toEqual(['data.ingress[1]', 'data.ingress[1]', 'data.ingress[2]']);
      },
    },
  ],
  error: [{ name: 'rules unreadable', message: /ingress could not be read \(EC2\.DescribeSecurityGroups: AccessDenied\)/, resource: securityGroup({}, { errors: { ingress: accessDenied('EC2.DescribeSecurityGroups') } }) }],
});
