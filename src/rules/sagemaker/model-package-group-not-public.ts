import { publicPolicyEvidence, publicStatements, statementNames } from '../../analysis/resource-policy.js';
import { defineRule, fail, pass } from '../rule.js';

export default defineRule({
  id: 'sagemaker-model-package-group-not-public',
  title: 'SageMaker model package groups are not shared with anyone',
  severity: 'critical',
  resourceType: 'aws.sagemaker.model-package-group',
  needs: ['policy'],
  description:
    'No Allow statement of the model package group\'s resource policy grants to `*` (or uses `NotPrincipal`) without a condition that pins the caller to an organization, account, network or principal.',
  rationale:
    'A model package group policy is how the registry shares models with serving accounts. A public grant lets any AWS account describe the packages and, with `CreateModel`, pull the model artifacts.',
  remediation:
    'Grant the serving accounts by account id, or add an `aws:PrincipalOrgID` condition (Terraform: `aws_sagemaker_model_package_group_policy.resource_policy`).',
  references: {
    docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-cross-account.html'],
  },
  check(group) {
    const policy = group.data.policy;
    if (policy === null) return pass('not shared: the group has no resource policy');
    const open = publicStatements(policy);
    if (open.length === 0) return pass('no statement grants to anyone without a restricting condition');
    return fail(`the group policy grants to anyone: ${statementNames(open)}`, publicPolicyEvidence(open));
  },
});
