import rule from '../../../src/rules/vpc/flow-logs-enabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { vpc } from './ec2-fixtures.js';

const log = (status: string, trafficType: string) => ({ flowLogId: `fl-${trafficType}`, status, trafficType, destinationType: 'cloud-watch-logs', destination: 'flow', deliverLogsStatus: 'SUCCESS' });

testRule(rule, {
  pass: [
    { name: 'active ALL flow log', resource: vpc(), message: /records ALL traffic to s3/ },
    { name: 'active REJECT flow log', resource: vpc({ flowLogs: [log('ACTIVE', 'REJECT')] }) },
    { name: 'ACCEPT allowed by param', resource: vpc({ flowLogs: [log('ACTIVE', 'ACCEPT')] }), params: { trafficTypes: ['ACCEPT'] } },
  ],
  fail: [
    { name: 'no flow log', resource: vpc({ flowLogs: [] }), message: /no flow log/, path: 'data.flowLogs', severity: 'medium' },
    { name: 'ACCEPT only', evidence: { flowLogs: [{ flowLogId: 'fl-ACCEPT', status: 'ACTIVE', trafficType: 'ACCEPT' }] }, resource: vpc({ flowLogs: [log('ACTIVE', 'ACCEPT')] }), message: /ALL or REJECT/ },
    { name: 'inactive', evidence: { flowLogs: [{ flowLogId: 'fl-ALL', status: 'INACTIVE', trafficType: 'ALL' }] }, path: 'data.flowLogs', resource: vpc({ flowLogs: [log('INACTIVE', 'ALL')] }) },
  ],
  error: [{ name: 'flow logs unreadable', message: /flowLogs could not be read \(EC2\.DescribeFlowLogs: AccessDenied\)/, resource: vpc({}, { errors: { flowLogs: accessDenied('EC2.DescribeFlowLogs') } }) }],
});
