/**
 * Policy documents in a plan: a JSON string when known; when it comes from an `aws_iam_policy_document`
 * data source whose read is deferred to apply, rebuilt from the data source's `statement` blocks (actions,
 * principals and effects are usually known even when `json` is not). Any unknown inside a statement keeps
 * the whole document unknown.
 */
import {
  parsePolicyDocument,
  PolicyParseError,
  type PolicyDocument,
  type PolicyStatement,
} from '../../model/policy-document.js';
import type { Instance } from '../plan-index.js';
import { KnownAfterApply, PlanShapeError, type Val } from '../values.js';
import type { PlanContext } from './context.js';

export function parsePolicyText(text: string, where: string): PolicyDocument {
  try {
    return parsePolicyDocument(text);
  } catch (error) {
    if (error instanceof PolicyParseError) throw new PlanShapeError(`${where}: ${error.message}`);
    throw error;
  }
}

/** The document at `value` (a JSON string argument) of `instance`; null when unset. */
export function policyAt(context: PlanContext, instance: Instance, value: Val): PolicyDocument | null {
  if (!value.hasUnknown()) {
    const text = value.str();
    return text === null || text.trim() === ''
      ? null
      : parsePolicyText(text, `${instance.address}.${value.path.join('.')}`);
  }
  const resolution = context.index.resolveAt(instance, value.path);
  const documents = resolution.targets.filter(
    (target): target is { instance: Instance; attribute: string[] } =>
      'instance' in target &&
      target.instance.type === 'aws_iam_policy_document' &&
      target.instance.mode === 'data',
  );
  if (documents.length === 1 && resolution.targets.length === 1 && resolution.unresolved.length === 0) {
    const [document] = documents;
    const attribute = document!.attribute[0] ?? 'json';
    if (attribute === 'json' || attribute === 'minified_json')
      return rebuildDocument(context, document!.instance);
  }
  value.deep(); // throws, naming the unknown
  return null;
}

/** `data.aws_iam_policy_document` → a policy document, from `json` when known, else its statements. */
export function rebuildDocument(context: PlanContext, data: Instance): PolicyDocument {
  const value = context.index.val(data);
  const json = value.get('json');
  if (!json.hasUnknown() && json.str()) return parsePolicyText(json.str()!, `${data.address}.json`);
  for (const merged of [
    'source_policy_documents',
    'override_policy_documents',
    'source_json',
    'override_json',
  ]) {
    const inner = value.get(merged);
    if (inner.hasUnknown()) throw new KnownAfterApply(data.address, merged);
    const present = inner.known();
    if (
      present !== null &&
      present !== undefined &&
      !(Array.isArray(present) && present.length === 0) &&
      present !== ''
    ) {
      throw new KnownAfterApply(data.address, 'json', `merges ${merged}, which is not rebuilt from a plan`);
    }
  }
  const statements = value
    .get('statement')
    .list()
    .map((statement) => rebuildStatement(statement));
  const document: PolicyDocument = {
    Version: value.get('version').str() ?? '2012-10-17',
    Statement: statements,
  };
  const id = value.get('policy_id').str();
  if (id) document.Id = id;
  return document;
}

function rebuildStatement(statement: Val): PolicyStatement {
  const effect = statement.get('effect').str() ?? 'Allow';
  if (effect !== 'Allow' && effect !== 'Deny')
    throw new PlanShapeError(`${statement.address}: effect ${effect} is not Allow or Deny`);
  const result: PolicyStatement = { Effect: effect };
  const sid = statement.get('sid').str();
  if (sid) result.Sid = sid;
  const lists: Array<[string, 'Action' | 'NotAction' | 'Resource' | 'NotResource']> = [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource'],
  ];
  for (const [field, key] of lists) {
    const items = statement.get(field).strings();
    if (items.length > 0) result[key] = items.length === 1 ? items[0]! : items;
  }
  const principals = principalBlock(statement.get('principals'));
  if (principals) result.Principal = principals;
  const notPrincipals = principalBlock(statement.get('not_principals'));
  if (notPrincipals) result.NotPrincipal = notPrincipals;
  const conditions = statement.get('condition').list();
  if (conditions.length > 0) {
    const block: NonNullable<PolicyStatement['Condition']> = {};
    for (const condition of conditions) {
      const test = condition.get('test').str();
      const variable = condition.get('variable').str();
      if (!test || !variable)
        throw new PlanShapeError(`${condition.address}: a condition needs test and variable`);
      const values = condition.get('values').strings();
      const operator = (block[test] ??= {});
      const previous = operator[variable];
      const merged =
        previous === undefined
          ? values
          : [...(Array.isArray(previous) ? previous : [String(previous)]), ...values];
      operator[variable] = merged.length === 1 ? merged[0]! : merged;
    }
    result.Condition = block;
  }
  return result;
}

function principalBlock(value: Val): PolicyStatement['Principal'] | undefined {
  const blocks = value.list();
  if (blocks.length === 0) return undefined;
  const principal: Record<string, string | string[]> = {};
  for (const block of blocks) {
    const type = block.get('type').str();
    if (!type) throw new PlanShapeError(`${block.address}: a principals block needs a type`);
    const identifiers = block.get('identifiers').strings();
    if (
      type === '*' ||
      (type === 'AWS' && identifiers.length === 1 && identifiers[0] === '*' && blocks.length === 1)
    ) {
      if (type === '*') return '*';
    }
    const previous = principal[type];
    const merged = [
      ...(previous === undefined ? [] : Array.isArray(previous) ? previous : [previous]),
      ...identifiers,
    ];
    principal[type] = merged.length === 1 ? merged[0]! : merged;
  }
  return principal;
}
