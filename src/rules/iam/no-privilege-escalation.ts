import { findEscalations, type EscalationMatch, type PassableRoles } from '../../analysis/iam/escalation.js';
import { ESCALATION_PATHS } from '../../analysis/iam/escalation-paths.js';
import { principalGraphFor } from '../../analysis/iam/graph-build.js';
import type { Chain } from '../../analysis/iam/principal-graph.js';
import { accessFor } from '../../analysis/iam/principals.js';
import { adminLevel } from '../../analysis/iam/queries.js';
import { resourceMatches } from '../../analysis/iam/resources.js';
import type { AnyResource } from '../../model/resource.js';
import type { AccountView } from '../rule.js';
import { lowerSeverity, severityRank, type Severity } from '../../model/finding.js';
import { error, fail, notApplicable, pass, type Verdict } from '../rule.js';
import { principalRule, statementRefs } from './principal.js';
import { assumeStatements, entriesOf } from './trust.js';

function trustsService(role: AnyResource, service: string): boolean {
  const trust = (role.data as { trustPolicy?: Parameters<typeof assumeStatements>[0] | null }).trustPolicy;
  if (!trust) return false;
  return assumeStatements(trust).some(({ statement }) =>
    entriesOf(statement).some((entry) => entry.kind === 'Service' && entry.value === service),
  );
}

/** No path and no chain: a pass, unless the principal can assume roles in accounts this evaluation did not see. */
function undecidedOrPass(unseen: string[], inert: Array<Record<string, unknown>> | undefined): Verdict {
  if (unseen.length > 0) {
    return error(
      `could not decide: the principal may assume roles in account(s) ${unseen.slice(0, 5).join(', ')}${unseen.length > 5 ? ` and ${unseen.length - 5} more` : ''} that this evaluation did not include (another shard, or their IAM listing failed); evaluate the merged inventory to follow those hops`,
      { evidence: { unseenAccounts: unseen.slice(0, 50) } },
    );
  }
  return pass('no known privilege-escalation combination is allowed, and no chain of principals leads to an admin', inert ? { evidence: { statementsNeverInForce: inert } } : {});
}

/** Named roles the caller may pass that the service trusts and that have full admin access. */
function passableAdmins(self: AnyResource, account: AccountView, now: Date): PassableRoles {
  return (patterns, service) =>
    account
      .ofType('aws.iam.role')
      .map((role) => role as unknown as AnyResource)
      .filter((role) => role.arn !== self.arn && patterns.some((pattern) => resourceMatches(pattern, role.arn)))
      .filter((role) => trustsService(role, service))
      .filter((role) => {
        const result = accessFor(role, account, now);
        return result.ok && adminLevel(result.access) === 'unconditional';
      })
      .map((role) => role.arn);
}

/** The chain id `ignorePaths` can name. */
const CHAIN_ID = 'principal-chain';

function chainSeverity(chain: Chain): Severity {
  return chain.level === 'conditional' ? lowerSeverity('high') : 'high';
}

/** A chain worth reporting: at least one hop, or a one-call self-grant the catalogue cannot see (named ARN). */
function reportable(chain: Chain | undefined): chain is Chain {
  return chain !== undefined && (chain.hops.length > 0 || chain.goal.kind === 'self-grant' || chain.goal.kind === 'grant-and-become');
}

function chainEvidence(chain: Chain): Record<string, unknown> {
  return {
    id: CHAIN_ID,
    level: chain.level,
    severity: chainSeverity(chain),
    length: chain.hops.length,
    goal: { principal: chain.goal.principal, kind: chain.goal.kind, reason: chain.goal.reason, statements: statementRefs(chain.goal.statements, 5) },
    hops: chain.hops.map((hop) => ({
      from: hop.from,
      to: hop.to,
      via: hop.via,
      level: hop.level,
      statements: statementRefs(hop.statements, 5),
      ...(hop.trustStatement ? { trustStatement: hop.trustStatement } : {}),
    })),
  };
}

function chainMessage(chain: Chain): string {
  if (chain.hops.length === 0) return `${chain.goal.reason}`;
  const steps = chain.hops.map((hop) => `→ ${hop.to} (${hop.via})`).join(' ');
  return `reaches ${chain.goal.principal} (${chain.goal.reason}) in ${chain.hops.length} step(s): ${steps}`;
}

function severityOf(found: EscalationMatch): Severity {
  let severity: Severity = 'high';
  if (found.level === 'conditional') severity = lowerSeverity(severity);
  if (found.path.targetDependent) severity = lowerSeverity(severity);
  return severity;
}

export default principalRule<{ ignorePaths: string[] }>({
  id: 'iam-no-privilege-escalation',
  title: 'Roles and IAM users cannot escalate their own privileges',
  severity: 'high',
  description:
    'The principal\'s effective permissions (all its policies together, so a combination split over two policies is found) must not contain a known privilege-escalation combination — changing policies (`iam:CreatePolicyVersion`, `iam:Attach*Policy`, `iam:Put*Policy` …), taking over credentials or trust (`iam:CreateAccessKey`, `iam:UpdateAssumeRolePolicy` …), removing a permissions boundary, `iam:PassRole` with a service that runs code, or acting through an existing instance, stack, function or notebook (SSM, EC2 Instance Connect, CloudFormation stack updates, SageMaker lifecycle configurations and presigned URLs) — and no chain of principals may lead it to an admin: the principal graph follows role assumption (in and across the evaluated accounts), credential creation, trust rewrites, PassRole and group membership, and reports the shortest chain.',
  rationale:
    'Any of these lets a squad principal become more privileged than the platform granted; a principal with no dangerous permission of its own that can assume a role that can assume an admin is as dangerous as the admin. Actions count only on resources they can act on (no policy version of an AWS managed policy can be written). PassRole pinned to named roles counts only when one of them is a full-admin role the service trusts (or a hop of a chain); PassRole limited by `iam:PassedToService` to another service does not count; open role-name patterns, conditional grants and undecidable trust conditions lower the severity one level, as do target-dependent paths. A principal that may assume roles in accounts the evaluation did not include (another shard) is `error`, not a pass. The catalogue, the graph and their sources are in docs/iam-analysis.md.',
  remediation:
    'Remove the IAM write actions from squad policies (manage IAM through the platform\'s pipeline), scope `iam:PassRole` to the squad\'s own roles with an `iam:PassedToService` condition, and attach the platform permissions boundary (Terraform: `aws_iam_role.permissions_boundary`).',
  references: {
    prowler: ['iam_policy_allows_privilege_escalation', 'iam_inline_policy_allows_privilege_escalation'],
    docs: [
      'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
      'https://bishopfox.com/blog/privilege-escalation-in-aws',
      'https://pathfinding.cloud',
    ],
  },
  params: {
    type: 'object',
    properties: { ignorePaths: { type: 'array', items: { type: 'string' }, description: 'Escalation path ids not reported (`principal-chain` turns off the principal-graph chains).' } },
    additionalProperties: false,
  },
  defaults: { ignorePaths: [] },
  judge(resource, access, context) {
    const { params, account } = context;
    if (adminLevel(access) === 'unconditional') return notApplicable('full admin: reported by iam-no-admin-access');
    const found = findEscalations(access, ESCALATION_PATHS, passableAdmins(resource, account, context.now)).filter((match) => !params.ignorePaths.includes(match.path.id));
    const graph = principalGraphFor(context);
    const candidate = params.ignorePaths.includes(CHAIN_ID) ? undefined : graph.chainFrom(resource.arn);
    const chain = reportable(candidate) ? candidate : undefined;
    if (found.length === 0 && !chain) {
      const blind = graph.blindSpotFrom(resource.arn);
      if (blind) {
        return error(`could not decide: the principal can become ${blind}, whose policies could not be read (it may be an admin)`, { evidence: { unreadablePrincipal: blind } });
      }
      return undecidedOrPass(graph.unseenAssumeTargets(resource.arn), access.inert.length > 0 ? statementRefs(access.inert) : undefined);
    }
    const ranked = found
      .map((match) => ({ match, severity: severityOf(match) }))
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    const worst = [...ranked.map((entry) => entry.severity), ...(chain ? [chainSeverity(chain)] : [])].sort((a, b) => severityRank(b) - severityRank(a))[0]!;
    const names = ranked.slice(0, 6).map(({ match }) => match.path.requires.map((_, i) => match.grants[i]!.action).join(' + '));
    const parts = [
      ...(chain ? [chainMessage(chain)] : []),
      ...(found.length > 0 ? [`${found.length} escalation path(s): ${names.join('; ')}${found.length > 6 ? `; +${found.length - 6} more` : ''}`] : []),
    ];
    return fail(
      parts.join('; '),
      {
        severity: worst,
        evidence: {
          ...(chain ? { chain: chainEvidence(chain) } : {}),
          paths: ranked.slice(0, 25).map(({ match, severity }) => ({
            id: match.path.id,
            title: match.path.title,
            severity,
            level: match.level,
            ...(match.path.targetDependent ? { targetDependent: true } : {}),
            sources: match.path.sources,
            grants: match.grants.map((grant) => ({
              action: grant.action,
              level: grant.level,
              statements: statementRefs(grant.statements, 5),
              ...(grant.targets ? { passableAdminRoles: grant.targets.slice(0, 10) } : {}),
            })),
          })),
        },
      },
    );
  },
});
