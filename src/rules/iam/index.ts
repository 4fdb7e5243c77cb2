import type { Rule } from '../rule.js';

/** iam rules; each rule lives in its own file beside this one. */
export const iamRules: Rule[] = [];
