import { describeTarget } from '../../analysis/isolation.js';
import { defineIsolationRule } from './judge-edges.js';

export default defineIsolationRule({
  id: 'isolation-no-cross-squad-access',
  title: 'No squad grants access to another squad\'s accounts',
  severity: 'high',
  description:
    'A cross-account grant from a squad account goes to the same squad\'s accounts or to platform accounts (types in `platformAccountTypes`, ids in `platformAccounts`), never to another squad\'s account. An account whose squad is unknown counts as another squad.',
  rationale:
    'Each squad\'s environments are completely isolated from other teams\': a bucket in squad A readable by squad B passes every allow-list check that only asks "is this account ours?".',
  remediation:
    'Terraform: remove the other squad\'s account from the policy statement; share through the data-lake platform account instead.',
  passes: (edgeClass) => (edgeClass.kind === 'same-squad' ? 'within the squad' : edgeClass.kind === 'platform' ? 'shared with the platform' : "not another squad's account"),
  judge: (_edge, edgeClass, context) =>
    edgeClass.kind === 'unknown'
      ? { undecided: edgeClass.reason }
      : edgeClass.kind === 'cross-squad'
      ? `${describeTarget(edgeClass.grantee)} belongs to ${edgeClass.grantee.squad ? `squad ${edgeClass.grantee.squad}` : 'no known squad'}, not ${context.target.squad ? `squad ${context.target.squad}` : 'this account\'s squad (unknown)'}`
      : undefined,
});
