import type { AccessLevel } from '../../analysis/iam/catalogue.js';
import { ACCESS_LEVELS, DEFAULT_FLOWS, ISOLATION_DEFAULTS, ISOLATION_PARAM_SCHEMA, describeTarget, excessLevels, type IsolationParams } from '../../analysis/isolation.js';
import { defineIsolationRule } from './judge-edges.js';

type FlowParams = IsolationParams & { flows: Record<string, AccessLevel[]> };

/** Each flow may list at most its default levels: a policy can tighten the matrix, never loosen it. */
const flowSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'grantee account type->resource account type → allowed access levels (at most the defaults).',
  properties: Object.fromEntries(
    Object.entries(DEFAULT_FLOWS).map(([flow, levels]) => [flow, { type: 'array', uniqueItems: true, items: { enum: levels } }]),
  ),
};

/** The levels any flow with the known account types allows (an unknown side may be any type). */
function possibleLevels(flows: Record<string, AccessLevel[]>, granteeType: string | undefined, ownerType: string | undefined): Set<AccessLevel> {
  const levels = new Set<AccessLevel>();
  for (const [flow, allowed] of Object.entries(flows)) {
    const [from, to] = flow.split('->');
    if ((granteeType === undefined || from === granteeType) && (ownerType === undefined || to === ownerType)) for (const level of allowed) levels.add(level);
  }
  return levels;
}

export default defineIsolationRule<FlowParams>({
  id: 'isolation-flow-allowed',
  title: 'Grants inside a squad follow the MLOps flow',
  severity: 'medium',
  description: `Inside one squad, data and models flow modeling → tooling → serving-nonprod → serving-prod. A grant from one squad account to another holds only the access levels the flow matrix allows (grantee type → resource type): ${Object.entries(
    DEFAULT_FLOWS,
  )
    .map(([flow, levels]) => `\`${flow}\`: ${levels.length === ACCESS_LEVELS.length ? 'all' : levels.join(', ')}`)
    .join('; ')}; anything else inside a squad is not allowed. Along a flow that allows nothing every grant fails, even one that conveys no access today: a trust into a role without permissions is a standing path that any later attachment turns into access. An edge between squad accounts of which one has no account type is undecided (\`error\`) unless no flow it could be part of allows its levels. Squads may tighten the matrix (\`flows\`); loosening it needs a waiver.`,
  rationale:
    'The promotion path is the platform\'s control: modeling must not deploy into serving-prod, serving-prod must not write into modeling.',
  remediation:
    'Terraform: narrow the statement\'s actions to what the flow allows (e.g. `s3:GetObject`/`s3:ListBucket` for serving accounts reading modeling artifacts), or move the grant to the account the flow names (deploy roles trust the tooling account).',
  params: { type: 'object', additionalProperties: false, properties: { ...ISOLATION_PARAM_SCHEMA, flows: flowSchema } },
  defaults: { ...ISOLATION_DEFAULTS, flows: DEFAULT_FLOWS },
  passes: (edgeClass) => (edgeClass.kind === 'same-squad' ? 'allowed by the flow matrix' : 'not a grant inside one squad'),
  judge: (edge, edgeClass, context) => {
    if (edgeClass.kind !== 'same-squad') return undefined;
    const flows = { ...DEFAULT_FLOWS, ...context.params.flows };
    // Without both account types the flow is not known: a failure only when no flow the known side could be
    // part of allows the edge's levels, otherwise undecided — never a guessed failure or pass.
    const untyped = [edgeClass.grantee, context.target].filter((account) => !account.accountType);
    if (untyped.length > 0) {
      const possible = possibleLevels(flows, edgeClass.grantee.accountType, context.target.accountType);
      const certain = edge.accessLevels.filter((level) => !possible.has(level));
      const unknown = `the account type of ${untyped.map(describeTarget).join(' and ')} is unknown`;
      if (certain.length > 0) return `${unknown}, but no flow it could be part of allows ${certain.join(', ')}`;
      return { undecided: `${unknown}, so the flow matrix cannot be applied: give it (--account-type, the account tag --account-type-tag names, or the accounts file)` };
    }
    const allowed = flows[edgeClass.flow] ?? [];
    const excess = excessLevels(edge, edgeClass.flow, flows);
    const flow = `flow ${edgeClass.flow} (${describeTarget(edgeClass.grantee)}) allows ${allowed.length ? `only ${allowed.join(', ')}` : 'nothing'}`;
    if (excess.length > 0) return `${flow}; the grant adds ${excess.join(', ')}`;
    // A flow that allows nothing admits no edge at all: an edge conveying nothing today (a trust into a role
    // without permissions) is still a standing path that any later attachment turns into access.
    if (allowed.length > 0) return undefined;
    return {
      fail: `${flow}, and the grant is a standing path along it: ${edge.resourceType === 'aws.iam.role' ? 'any policy attached to the role later' : 'any access added later'} is ${edgeClass.grantee.accountType ?? 'the grantee'}'s access at once`,
      evidence: { standingPath: { flow: edgeClass.flow, allowed, reason: 'the flow allows no grant at all; the grant conveys no access level today, but it stays in place and any permission added later becomes access across accounts without a further change to the grant' } },
    };
  },
});
