import type { Rule } from '../rule.js';
import flowAllowed from './flow-allowed.js';
import noCrossSquadAccess from './no-cross-squad-access.js';
import noExternalAccess from './no-external-access.js';
import noOrgWideGrant from './no-org-wide-grant.js';

/** Squad isolation rules: every cross-account grant judged against the account directory. */
export const isolationRules: Rule[] = [noExternalAccess, noCrossSquadAccess, noOrgWideGrant, flowAllowed];
