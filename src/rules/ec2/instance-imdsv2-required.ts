import { defineRule, error, fail, notApplicable, pass } from '../rule.js';

export default defineRule({
  id: 'ec2-instance-imdsv2-required',
  title: 'EC2 instances require IMDSv2',
  severity: 'high',
  resourceType: 'aws.ec2.instance',
  needs: ['state', 'metadataOptions'],
  description: 'Every instance (other than terminated ones) requires session tokens for the instance metadata service (`HttpTokens = required`), or has the metadata endpoint disabled.',
  rationale:
    'IMDSv1 answers any request from the instance, so a server-side request forgery in a notebook or model server hands out the instance role\'s credentials; IMDSv2 sessions stop that.',
  remediation:
    'Terraform: `metadata_options { http_tokens = "required" }` on `aws_instance` or the launch template; for running instances `aws ec2 modify-instance-metadata-options --http-tokens required`.',
  references: {
    fsbp: ['EC2.8'],
    prowler: ['ec2_instance_imdsv2_enabled'],
    docs: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html'],
  },
  check(instance) {
    if (instance.data.state === 'terminated') return notApplicable('terminated instance');
    const options = instance.data.metadataOptions;
    if (options === null) return error('DescribeInstances did not report the instance\'s metadata options', { path: 'data.metadataOptions' });
    if (options.httpEndpoint === 'disabled') return pass('the instance metadata endpoint is disabled', { evidence: { metadataOptions: options } });
    if (options.httpTokens === 'required') return pass('the instance requires IMDSv2 session tokens', { evidence: { metadataOptions: options } });
    return fail(`the instance accepts IMDSv1 requests (HttpTokens = ${options.httpTokens})`, { path: 'data.metadataOptions.httpTokens', evidence: { metadataOptions: options } });
  },
});
