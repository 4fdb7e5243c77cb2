import rule from '../../../src/rules/vpc/no-internet-gateway.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { vpc } from './ec2-fixtures.js';

const igw = { internetGatewayId: 'igw-1', state: 'available' };
const igwRoute = (state = 'active') => ({
  routeTableId: 'rtb-public',
  main: false,
  subnetIds: ['subnet-a'],
  routes: [{ destination: '0.0.0.0/0', gatewayId: 'igw-1', egressOnlyInternetGatewayId: null, natGatewayId: null, otherTarget: null, state }],
});

testRule(rule, {
  pass: [
    { name: 'private VPC (local and S3 endpoint routes only)', resource: vpc() },
    { name: 'blackhole route to a deleted gateway', resource: vpc({ routeTables: [igwRoute('blackhole')] }) },
    {
      name: 'attached gateway on a VPC with the allow tag',
      resource: vpc({ internetGateways: [igw], routeTables: [igwRoute()] }, { tags: { 'squadguard:internet-access': 'allowed' } }),
      message: /allowed by the tag squadguard:internet-access=allowed/,
    },
    {
      name: 'custom allow tag param',
      resource: vpc({ internetGateways: [igw] }, { tags: { egress: 'platform' } }),
      params: { allowTag: { key: 'egress', value: 'platform' } },
    },
  ],
  fail: [
    { name: 'attached internet gateway', evidence: { internetGateways: ['igw-1'], egressOnlyInternetGateways: [], routesToInternet: [] }, resource: vpc({ internetGateways: [igw] }), path: 'data.internetGateways', severity: 'high', message: /igw-1 attached/ },
    { name: 'route to an internet gateway (attachment unseen)', evidence: { internetGateways: [], egressOnlyInternetGateways: [], routesToInternet: [{ routeTableId: 'rtb-public', destination: '0.0.0.0/0', target: 'igw-1' }] }, resource: vpc({ routeTables: [igwRoute()] }), path: 'data.routeTables', message: /rtb-public: 0.0.0.0\/0 → igw-1/ },
    { name: 'egress-only gateway', evidence: { internetGateways: [], egressOnlyInternetGateways: ['eigw-1'], routesToInternet: [] }, resource: vpc({ egressOnlyInternetGateways: [{ egressOnlyInternetGatewayId: 'eigw-1', state: 'attached' }] }), message: /egress-only/ },
    { name: 'allow tag with another value', evidence: { internetGateways: ['igw-1'], egressOnlyInternetGateways: [], routesToInternet: [] }, path: 'data.internetGateways', resource: vpc({ internetGateways: [igw] }, { tags: { 'squadguard:internet-access': 'no' } }) },
  ],
  error: [
    { name: 'route tables unreadable', resource: vpc({}, { errors: { routeTables: accessDenied('EC2.DescribeRouteTables') } }), message: /routeTables could not be read/ },
    { name: 'gateways unreadable', message: /internetGateways could not be read \(EC2\.DescribeInternetGateways: AccessDenied\)/, resource: vpc({}, { errors: { internetGateways: accessDenied('EC2.DescribeInternetGateways') } }) },
  ],
});
