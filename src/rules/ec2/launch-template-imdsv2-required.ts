import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'ec2-launch-template-imdsv2-required',
  title: 'EC2 launch templates require IMDSv2',
  severity: 'high',
  resourceType: 'aws.ec2.launch-template',
  needs: ['defaultVersionNumber', 'metadataOptions'],
  notOnPlans:
    'plans are not read for aws_launch_template yet (a plan shows the version it writes, which becomes the default only with update_default_version)',
  description:
    'The default version of every launch template requires session tokens for the instance metadata service (`HttpTokens = required`), or disables the metadata endpoint.',
  rationale:
    'Auto Scaling groups, EKS node groups and training clusters launch from templates: a template that allows IMDSv1 brings back, on every new instance, the credential theft by server-side request forgery that IMDSv2 stops. A template that leaves the option unset gets the AMI\'s or the account\'s default, which is IMDSv1 unless changed.',
  remediation:
    'Terraform: `metadata_options { http_tokens = "required" }` on `aws_launch_template` (with `update_default_version = true`, so the new version becomes the default).',
  references: {
    fsbp: ['EC2.170'],
    prowler: ['ec2_launch_template_imdsv2_required'],
    docs: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html'],
  },
  check(template) {
    const version = `default version ${template.data.defaultVersionNumber ?? '?'}`;
    const options = template.data.metadataOptions;
    if (options === null) {
      return fail(`the ${version} sets no metadata options: instances launched from it accept IMDSv1 unless their AMI or the account requires IMDSv2`, {
        path: 'data.metadataOptions',
      });
    }
    if (options.httpEndpoint === 'disabled') return pass(`the ${version} disables the instance metadata endpoint`, { evidence: { metadataOptions: options } });
    if (options.httpTokens === 'required') return pass(`the ${version} requires IMDSv2 session tokens`, { evidence: { metadataOptions: options } });
    const tokens = options.httpTokens === null ? 'HttpTokens not set' : `HttpTokens = ${options.httpTokens}`;
    return fail(`the ${version} lets instances accept IMDSv1 requests (${tokens})`, {
      path: 'data.metadataOptions.httpTokens',
      evidence: { metadataOptions: options },
    });
  },
});
