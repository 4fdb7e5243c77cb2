import { accessEdges, describeGrant, edgeKey, RESOURCE_POLICIES, type AccessEdge } from '../../analysis/access-edges.js';
import { classifyEdge, describeTarget, edgeEvidence, ISOLATION_DEFAULTS, ISOLATION_PARAM_SCHEMA, type EdgeClass, type IsolationParams } from '../../analysis/isolation.js';
import type { AnyResource } from '../../model/resource.js';
import { defineMultiTypeRule, error, fail, pass, type Rule, type RuleContext, type RuleMeta, type Verdict } from '../rule.js';

/** Every resource type carrying a resource or trust policy, with the attributes read of it. */
export const POLICY_BEARING: Record<string, string[]> = Object.fromEntries(
  Object.entries(RESOURCE_POLICIES).map(([type, spec]) => [type, [spec.attribute, ...(spec.also ?? [])]]),
);

const ISOLATION_DOCS = ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid'];

/** Managed policy documents: a role's attached policies decide what assuming it grants. */
export const ISOLATION_RELATED: Record<string, string[]> = { 'aws.iam.policy': ['document'] };

/**
 * What a rule says about one edge: a failure message when the edge breaks the rule (with evidence of why,
 * when the message alone does not carry it), `{ undecided }` when the directory cannot tell (an account it
 * does not know), nothing when the edge is fine.
 */
export type EdgeJudgement = string | { fail: string; evidence: Record<string, unknown> } | { undecided: string } | undefined;

export type EdgeJudge = (edge: AccessEdge, edgeClass: EdgeClass) => EdgeJudgement;
/** What passing means for a rule, leading its pass messages (e.g. "inside the organization"). */
export type EdgePass = (edgeClass: EdgeClass) => string;

/** The isolation rule that judges each class of grant: a passing message points there. */
const JUDGED_BY: Record<EdgeClass['kind'], string> = {
  external: 'isolation-no-external-access',
  unknown: 'isolation-no-external-access',
  partner: 'isolation-no-external-access',
  'cross-squad': 'isolation-no-cross-squad-access',
  'org-wide': 'isolation-no-org-wide-grant',
  'same-squad': 'isolation-flow-allowed',
  platform: '',
};

/** The class of a grant in words (without a verdict). */
export function describeClass(edgeClass: EdgeClass): string {
  switch (edgeClass.kind) {
    case 'platform':
      return `platform: ${edgeClass.reason}`;
    case 'same-squad':
      return `same squad: ${describeTarget(edgeClass.grantee)}, flow ${edgeClass.flow}`;
    case 'cross-squad':
      return `another squad's account: ${describeTarget(edgeClass.grantee)}`;
    case 'org-wide':
      return `organization-wide: ${edgeClass.members} account(s) of the directory`;
    case 'external':
      return `outside the organization: ${edgeClass.reason}`;
    case 'partner':
      return `partner ${edgeClass.accountId}: ${edgeClass.reason}`;
    case 'unknown':
      return edgeClass.reason;
  }
}

/**
 * The loop all isolation rules share: one verdict per cross-account edge of the resource (fail when `judge`
 * objects, pass otherwise, both with the edge as evidence), or one pass when the resource grants nothing
 * across accounts.
 */
export function judgeEdges<P extends IsolationParams>(resource: AnyResource, context: RuleContext<P>, judge: EdgeJudge, passes: EdgePass = () => 'allowed', ruleId = ''): Verdict[] {
  const edges = accessEdges(resource, context.account);
  if (edges.length === 0) return [pass('the policy grants nothing to other accounts')];
  const path = `data.${RESOURCE_POLICIES[resource.type]?.attribute ?? 'policy'}`;
  return edges.map((edge) => {
    const edgeClass = classifyEdge(edge, context.target, context.directory, context.params);
    const problem = judge(edge, edgeClass);
    const options = { key: edgeKey(edge), path: `${path}.Statement[${edge.statement.index}]`, evidence: edgeEvidence(edge, edgeClass) };
    const what = describeGrant(edge);
    if (problem === undefined) {
      // A pass leads with what passing means for this rule, so it never reads like a violation.
      const judgedBy = JUDGED_BY[edgeClass.kind] && JUDGED_BY[edgeClass.kind] !== ruleId ? `; judged by ${JUDGED_BY[edgeClass.kind]}` : '';
      return pass(`${passes(edgeClass)}: ${what} — ${describeClass(edgeClass)}${judgedBy}`, options);
    }
    if (typeof problem === 'string') return fail(`${what}: ${problem}`, options);
    if ('fail' in problem) return fail(`${what}: ${problem.fail}`, { ...options, evidence: { ...options.evidence, ...problem.evidence } });
    return error(`could not decide: ${what}: ${problem.undecided}`, options);
  });
}

type IsolationRuleSpec<P extends IsolationParams> = Omit<RuleMeta, 'resourceType' | 'needs' | 'judges' | 'related' | 'defaults' | 'references'> & {
  references?: RuleMeta['references'];
  defaults?: P;
  /** Why an edge breaks the rule (undefined = it does not); sees the rule's params. */
  judge(edge: AccessEdge, edgeClass: EdgeClass, context: RuleContext<P>): EdgeJudgement;
  /** What passing means for the rule (leads its pass messages). */
  passes: EdgePass;
};

/** An isolation rule: every policy-bearing resource, the shared params, one verdict per edge. */
export function defineIsolationRule<P extends IsolationParams = IsolationParams>(spec: IsolationRuleSpec<P>): Rule {
  const { judge, passes, ...meta } = spec;
  return defineMultiTypeRule<P>({
    // The params every isolation rule shares (platform accounts, partners); a rule may extend them.
    params: { type: 'object', additionalProperties: false, properties: { ...ISOLATION_PARAM_SCHEMA } },
    defaults: ISOLATION_DEFAULTS as P,
    ...meta,
    references: { docs: ISOLATION_DOCS, ...spec.references },
    resourceType: 'aws.*',
    judges: POLICY_BEARING,
    related: ISOLATION_RELATED,
    check: (resource, context) => judgeEdges(resource, context, (edge, edgeClass) => judge(edge, edgeClass, context), passes, spec.id),
  });
}
