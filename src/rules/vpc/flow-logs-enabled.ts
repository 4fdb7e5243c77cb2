import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'vpc-flow-logs-enabled',
  title: 'VPC flow logs are enabled',
  severity: 'medium',
  resourceType: 'aws.ec2.vpc',
  needs: ['flowLogs'],
  description: 'At least one active flow log covers the whole VPC and records one of `trafficTypes` (ALL or REJECT by default).',
  rationale: 'Flow logs are the record of who talked to the squad\'s workloads; without them, an exfiltration or intrusion cannot be investigated.',
  remediation: 'Terraform: `aws_flow_log` with `vpc_id`, `traffic_type = "ALL"` (or `REJECT`) and a CloudWatch Logs or S3 destination.',
  references: {
    fsbp: ['EC2.6'],
    prowler: ['vpc_flow_logs_enabled'],
    cis: ['3.7'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      trafficTypes: { type: 'array', minItems: 1, items: { enum: ['ALL', 'ACCEPT', 'REJECT'] }, description: 'Traffic types a flow log may record to count.' },
    },
  },
  defaults: { trafficTypes: ['ALL', 'REJECT'] },
  check(vpc, { params }) {
    const logs = vpc.data.flowLogs;
    const good = logs.find((log) => log.status === 'ACTIVE' && params.trafficTypes.includes(log.trafficType));
    if (good) return pass(`flow log ${good.flowLogId} records ${good.trafficType} traffic to ${good.destinationType}`, { evidence: { flowLog: good } });
    if (logs.length === 0) return fail('the VPC has no flow log', { path: 'data.flowLogs' });
    return fail(`no active flow log records ${params.trafficTypes.join(' or ')} traffic`, { path: 'data.flowLogs', evidence: { flowLogs: logs } });
  },
});
