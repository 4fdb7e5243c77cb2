import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'vpc-subnet-no-public-ip-on-launch',
  title: 'Subnets do not assign public IP addresses automatically',
  severity: 'medium',
  resourceType: 'aws.ec2.subnet',
  needs: ['mapPublicIpOnLaunch'],
  description: '`MapPublicIpOnLaunch` is off, so instances and notebooks launched into the subnet get no public IPv4 address unless asked for.',
  rationale: 'A public address on a training instance or notebook exposes it to the internet as soon as any route or security group allows it.',
  remediation: 'Terraform: `map_public_ip_on_launch = false` on `aws_subnet` (the default).',
  references: {
    fsbp: ['EC2.15'],
    prowler: ['vpc_subnet_no_public_ip_by_default'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html#subnet-public-ip'],
  },
  check(subnet) {
    return subnet.data.mapPublicIpOnLaunch
      ? fail('the subnet assigns a public IPv4 address to every instance launched into it', { path: 'data.mapPublicIpOnLaunch' })
      : pass('the subnet does not assign public IPv4 addresses on launch');
  },
});
