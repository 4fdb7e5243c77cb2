import { defineRule, fail, notApplicable, pass } from '../rule.js';

export default defineRule({
  id: 'ec2-default-security-group-closed',
  title: 'Default security groups allow no traffic',
  severity: 'high',
  resourceType: 'aws.ec2.security-group',
  needs: ['isDefault', 'ingress', 'egress'],
  description: 'The default security group of every VPC has no inbound and no outbound rules.',
  rationale:
    'Resources launched without an explicit security group land in the default one; if it allows traffic, they are reachable (and can reach out) without anyone having decided so.',
  remediation:
    'Terraform: manage the group with `aws_default_security_group` and declare no `ingress` or `egress` blocks, which removes every rule.',
  references: {
    fsbp: ['EC2.2'],
    prowler: ['ec2_securitygroup_default_restrict_traffic'],
    cis: ['5.4'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html'],
  },
  check(group) {
    if (!group.data.isDefault) return notApplicable('not a default security group');
    const { ingress, egress } = group.data;
    if (ingress.length === 0 && egress.length === 0) return pass('the default security group has no rules');
    return fail(`the default security group has ${ingress.length} inbound and ${egress.length} outbound rule(s)`, {
      path: ingress.length > 0 ? 'data.ingress' : 'data.egress',
      evidence: { ingress, egress },
    });
  },
});
