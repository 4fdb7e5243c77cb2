import type { Rule } from '../rule.js';

/** ec2 rules; each rule lives in its own file beside this one. */
export const ec2Rules: Rule[] = [];
