import type { Rule } from './rule.js';
import { s3Rules } from './s3/index.js';
import { kmsRules } from './kms/index.js';
import { ec2Rules } from './ec2/index.js';
import { iamRules } from './iam/index.js';
import { sagemakerRules } from './sagemaker/index.js';
import { isolationRules } from './isolation/index.js';

/** Every built-in rule, grouped by service. */
export const builtinRules: Rule[] = [...s3Rules, ...kmsRules, ...ec2Rules, ...iamRules, ...sagemakerRules, ...isolationRules];

export { defineRule, defineMultiTypeRule, judgedTypes, pass, fail, error, notApplicable } from './rule.js';
export type { Rule, RuleMeta, Verdict, RuleContext, AccountView, AccountDirectory } from './rule.js';
