import { defineIsolationRule } from './judge-edges.js';

export default defineIsolationRule({
  id: 'isolation-no-org-wide-grant',
  title: 'Squad resources are not shared with the whole organization',
  severity: 'high',
  description:
    'A squad account\'s policy does not grant to every account of the organization (`aws:PrincipalOrgID`) or to OU paths (`aws:PrincipalOrgPaths`) that hold other squads\' accounts. Platform accounts (data lake, security, log archive) may share with the organization.',
  rationale:
    '`aws:PrincipalOrgID` is the usual "not public" fix, but in a multi-squad organization it opens the resource to every other squad.',
  remediation:
    'Terraform: replace the `aws:PrincipalOrgID` condition with the squad\'s own account ids (`aws:PrincipalAccount`) or OU path.',
  passes: (edgeClass) => (edgeClass.kind === 'platform' ? 'shared with the platform' : 'not an organization-wide grant'),
  judge: (_edge, edgeClass) =>
    edgeClass.kind === 'org-wide' ? `an organization-wide grant reaches ${edgeClass.members} account(s) of the directory, other squads included` : undefined,
});
