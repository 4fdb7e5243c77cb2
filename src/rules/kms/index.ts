import type { Rule } from '../rule.js';
import keyNotPendingDeletion from './key-not-pending-deletion.js';
import keyPolicyNoCrossAccount from './key-policy-no-cross-account.js';
import keyPolicyNotPublic from './key-policy-not-public.js';
import keyRotationEnabled from './key-rotation-enabled.js';

/** kms rules; each rule lives in its own file beside this one. */
export const kmsRules: Rule[] = [keyRotationEnabled, keyPolicyNotPublic, keyPolicyNoCrossAccount, keyNotPendingDeletion];
