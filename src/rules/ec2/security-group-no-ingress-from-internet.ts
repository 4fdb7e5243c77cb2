import type { Ec2SecurityGroupPermission } from '../../model/ec2.js';
import type { Severity } from '../../model/finding.js';
import { defineRule, fail, pass, type Verdict } from '../rule.js';

interface Params extends Record<string, unknown> {
  criticalPorts: number[];
  allowedPorts: number[];
}

const INTERNET = ['0.0.0.0/0', '::/0'];
const PORT_PROTOCOLS: Record<string, string> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp' };

/** The port range a permission opens, or `all` (every protocol, or every port of TCP/UDP). */
function portRange(permission: Ec2SecurityGroupPermission): { protocol: string; from: number; to: number } | 'all' | 'no-ports' {
  if (permission.ipProtocol === '-1') return 'all';
  const protocol = PORT_PROTOCOLS[permission.ipProtocol.toLowerCase()];
  if (!protocol) return 'no-ports'; // ICMP and other protocols without ports
  const from = permission.fromPort ?? 0;
  const to = permission.toPort ?? 65535;
  if (from <= 0 && to >= 65535) return 'all';
  return { protocol, from, to };
}

/** Whether every port of a range is an allowed port (the allowed list is short: compare sizes first). */
function withinAllowed(from: number, to: number, allowed: number[]): boolean {
  if (to - from + 1 > allowed.length) return false;
  for (let port = from; port <= to; port++) if (!allowed.includes(port)) return false;
  return true;
}

function describe(permission: Ec2SecurityGroupPermission): string {
  if (permission.ipProtocol === '-1') return 'all traffic';
  const ports = permission.fromPort === permission.toPort ? `${permission.fromPort}` : `${permission.fromPort ?? 0}-${permission.toPort ?? 65535}`;
  return `${permission.ipProtocol} ${ports}`;
}

const DEFAULTS: Params = { criticalPorts: [22, 3389], allowedPorts: [] };

export default defineRule({
  id: 'ec2-security-group-no-ingress-from-internet',
  title: 'Security groups allow no ingress from the internet',
  severity: 'high',
  resourceType: 'aws.ec2.security-group',
  needs: ['ingress'],
  description:
    'No ingress permission admits `0.0.0.0/0` or `::/0`. Each offending permission and range is its own finding: **critical** when it opens all traffic, all ports, or one of `criticalPorts` (SSH 22, RDP 3389 by default), **high** otherwise. TCP/UDP ranges entirely within `allowedPorts` are accepted.',
  rationale:
    'Squad workloads serve through SageMaker endpoints and private load balancers; a security group open to the internet exposes notebooks, training instances and their credentials to scanning and brute force.',
  remediation:
    'Remove the `0.0.0.0/0` / `::/0` rule (Terraform: `cidr_blocks` / `ipv6_cidr_blocks` of the `ingress` block, or the `aws_vpc_security_group_ingress_rule`); use Session Manager instead of SSH/RDP and reference security groups or prefix lists instead of the internet.',
  references: {
    fsbp: ['EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'],
    prowler: [
      'ec2_securitygroup_allow_ingress_from_internet_to_all_ports',
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22',
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389',
      'ec2_securitygroup_allow_ingress_from_internet_to_any_port',
    ],
    cis: ['5.2', '5.3'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      criticalPorts: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, description: 'Ports whose exposure is critical.' },
      allowedPorts: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, description: 'Ports that may be open to the internet.' },
    },
  },
  defaults: DEFAULTS,
  check(group, { params }) {
    const verdicts: Verdict[] = [];
    group.data.ingress.forEach((permission, index) => {
      const ranges = [...permission.ipv4Ranges, ...permission.ipv6Ranges].filter((range) => INTERNET.includes(range.cidr));
      if (ranges.length === 0) return;
      const span = portRange(permission);
      if (typeof span === 'object') {
        if (withinAllowed(span.from, span.to, params.allowedPorts)) return;
      }
      const criticalPort = typeof span === 'object' ? params.criticalPorts.find((port) => port >= span.from && port <= span.to) : undefined;
      const severity: Severity = span === 'all' || criticalPort !== undefined ? 'critical' : 'high';
      const why = span === 'all' ? ' (all ports)' : criticalPort !== undefined ? ` (includes admin port ${criticalPort})` : '';
      for (const range of ranges) {
        verdicts.push(
          fail(`ingress ${describe(permission)} is open to ${range.cidr}${why}`, {
            key: `ingress:${permission.ipProtocol}:${permission.fromPort ?? 'all'}-${permission.toPort ?? 'all'}:${range.cidr}`,
            path: `data.ingress[${index}]`,
            severity,
            evidence: { permission },
          }),
        );
      }
    });
    return verdicts.length > 0 ? verdicts : pass('no ingress permission admits the internet');
  },
});
