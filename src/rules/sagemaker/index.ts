import type { Rule } from '../rule.js';

/** sagemaker rules; each rule lives in its own file beside this one. */
export const sagemakerRules: Rule[] = [];
