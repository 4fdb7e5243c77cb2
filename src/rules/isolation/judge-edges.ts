import { accessEdges, describeGrantee, edgeKey, RESOURCE_POLICIES, type AccessEdge } from '../../analysis/access-edges.js';
import { classifyEdge, edgeEvidence, ISOLATION_DEFAULTS, ISOLATION_PARAM_SCHEMA, type EdgeClass, type IsolationParams } from '../../analysis/isolation.js';
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

/**
 * The access an edge conveys, in words. A role trust whose role holds no permissions today still conveys the
 * trust itself: a standing path that any policy attached later turns into access.
 */
export function describeAccess(edge: AccessEdge): string {
  if (edge.accessLevels.length > 0) return edge.accessLevels.join('/');
  return edge.levelsFrom === 'role-permissions' ? 'a standing trust (the role holds no permissions today)' : 'no access level';
}
export type EdgeJudge = (edge: AccessEdge, edgeClass: EdgeClass) => EdgeJudgement;

/**
 * The loop all isolation rules share: one verdict per cross-account edge of the resource (fail when `judge`
 * objects, pass otherwise, both with the edge as evidence), or one pass when the resource grants nothing
 * across accounts.
 */
export function judgeEdges<P extends IsolationParams>(resource: AnyResource, context: RuleContext<P>, judge: EdgeJudge): Verdict[] {
  const edges = accessEdges(resource, context.account);
  if (edges.length === 0) return [pass('the policy grants nothing to other accounts')];
  const path = `data.${RESOURCE_POLICIES[resource.type]?.attribute ?? 'policy'}`;
  return edges.map((edge) => {
    const edgeClass = classifyEdge(edge, context.target, context.directory, context.params);
    const problem = judge(edge, edgeClass);
    const statement = edge.statement.sid ? `statement "${edge.statement.sid}"` : `statement ${edge.statement.index}`;
    const options = { key: edgeKey(edge), path: `${path}.Statement[${edge.statement.index}]`, evidence: edgeEvidence(edge, edgeClass) };
    const what = `${statement} grants ${describeAccess(edge)} to ${describeGrantee(edge.grantee)}`;
    if (problem === undefined) return pass(`${what}: ${edgeClass.kind}`, options);
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
};

/** An isolation rule: every policy-bearing resource, the shared params, one verdict per edge. */
export function defineIsolationRule<P extends IsolationParams = IsolationParams>(spec: IsolationRuleSpec<P>): Rule {
  const { judge, ...meta } = spec;
  return defineMultiTypeRule<P>({
    // The params every isolation rule shares (platform accounts, partners); a rule may extend them.
    params: { type: 'object', additionalProperties: false, properties: { ...ISOLATION_PARAM_SCHEMA } },
    defaults: ISOLATION_DEFAULTS as P,
    ...meta,
    references: { docs: ISOLATION_DOCS, ...spec.references },
    resourceType: 'aws.*',
    judges: POLICY_BEARING,
    related: ISOLATION_RELATED,
    check: (resource, context) => judgeEdges(resource, context, (edge, edgeClass) => judge(edge, edgeClass, context)),
  });
}
