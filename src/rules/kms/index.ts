import type { Rule } from '../rule.js';

/** kms rules; each rule lives in its own file beside this one. */
export const kmsRules: Rule[] = [];
