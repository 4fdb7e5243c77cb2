import type { AccessLevel } from '../../analysis/iam/catalogue.js';
import { ACCESS_LEVELS, DEFAULT_FLOWS, ISOLATION_DEFAULTS, ISOLATION_PARAM_SCHEMA, excessLevels, type IsolationParams } from '../../analysis/isolation.js';
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

export default defineIsolationRule<FlowParams>({
  id: 'isolation-flow-allowed',
  title: 'Grants inside a squad follow the MLOps flow',
  severity: 'medium',
  description: `Inside one squad, data and models flow modeling → tooling → serving-nonprod → serving-prod. A grant from one squad account to another holds only the access levels the flow matrix allows (grantee type → resource type): ${Object.entries(
    DEFAULT_FLOWS,
  )
    .map(([flow, levels]) => `\`${flow}\`: ${levels.length === ACCESS_LEVELS.length ? 'all' : levels.join(', ')}`)
    .join('; ')}; anything else inside a squad is not allowed. Squads may tighten the matrix (\`flows\`); loosening it needs a waiver.`,
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
    const excess = excessLevels(edge, edgeClass.flow, flows);
    if (excess.length === 0) return undefined;
    const allowed = flows[edgeClass.flow] ?? [];
    return `flow ${edgeClass.flow} allows ${allowed.length ? `only ${allowed.join(', ')}` : 'nothing'}; the grant adds ${excess.join(', ')}`;
  },
});
