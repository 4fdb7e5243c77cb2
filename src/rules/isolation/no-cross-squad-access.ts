import { describeTarget, type IsolationParams } from '../../analysis/isolation.js';
import { defineMultiTypeRule } from '../rule.js';
import { ISOLATION_RELATED, judgeEdges, POLICY_BEARING } from './judge-edges.js';
import { ISOLATION_DOCS, isolationDefaults, isolationParams } from './params.js';

export default defineMultiTypeRule<IsolationParams>({
  id: 'isolation-no-cross-squad-access',
  title: 'No squad grants access to another squad\'s accounts',
  severity: 'high',
  resourceType: 'aws.*',
  judges: POLICY_BEARING,
  related: ISOLATION_RELATED,
  description:
    'A cross-account grant from a squad account goes to the same squad\'s accounts or to platform accounts (types in `platformAccountTypes`, ids in `platformAccounts`), never to another squad\'s account. An account whose squad is unknown counts as another squad.',
  rationale:
    'Each squad\'s environments are completely isolated from other teams\': a bucket in squad A readable by squad B passes every allow-list check that only asks "is this account ours?".',
  remediation:
    'Terraform: remove the other squad\'s account from the policy statement; share through the data-lake platform account instead.',
  references: { docs: ISOLATION_DOCS },
  params: isolationParams,
  defaults: isolationDefaults,
  check: (resource, context) =>
    judgeEdges(resource, context, (_edge, edgeClass) =>
      edgeClass.kind === 'cross-squad'
        ? `${describeTarget(edgeClass.grantee)} belongs to ${edgeClass.grantee.squad ? `squad ${edgeClass.grantee.squad}` : 'no known squad'}, not ${context.target.squad ? `squad ${context.target.squad}` : 'this account\'s squad (unknown)'}`
        : undefined,
    ),
});
