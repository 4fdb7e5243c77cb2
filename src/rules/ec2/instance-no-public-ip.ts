import { defineRule, fail, notApplicable, pass } from '../rule.js';

export default defineRule({
  id: 'ec2-instance-no-public-ip',
  title: 'EC2 instances have no public IPv4 address',
  severity: 'high',
  resourceType: 'aws.ec2.instance',
  needs: ['state', 'publicIpAddress'],
  optional: ['subnetId'],
  description: 'No instance (other than terminated ones) has a public IPv4 address, auto-assigned or elastic.',
  rationale: 'Squad instances live in private subnets; a public address makes the instance reachable from the internet as soon as a security group allows it.',
  remediation:
    'Launch into private subnets with `associate_public_ip_address = false` (Terraform `aws_instance` / launch template `network_interfaces`), and release or disassociate Elastic IPs (`aws_eip_association`).',
  references: {
    fsbp: ['EC2.9'],
    prowler: ['ec2_instance_public_ip'],
    docs: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html'],
  },
  check(instance) {
    if (instance.data.state === 'terminated') return notApplicable('terminated instance');
    const ip = instance.data.publicIpAddress;
    return ip === null
      ? pass('the instance has no public IPv4 address')
      : fail(`the instance has the public IPv4 address ${ip}`, { path: 'data.publicIpAddress', evidence: { publicIpAddress: ip, subnetId: instance.data.subnetId } });
  },
});
