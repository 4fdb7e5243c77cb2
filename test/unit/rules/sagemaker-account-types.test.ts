/**
 * Account types: the serving-prod pack and the rules' `appliesTo.accountTypes` defaults, through the real
 * policy loader and engine.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/engine/evaluate.js';
import { policyForTarget } from '../../../src/engine/targets-policy.js';
import type { Target } from '../../../src/model/inventory.js';
import { loadPolicy } from '../../../src/policy/loader.js';
import { builtinRules } from '../../../src/rules/index.js';
import { resourceTypes } from '../../../src/scanners/index.js';
import { ACCOUNT, inventoryOf, target } from '../../support/fixtures.js';
import { endpoint, endpointConfig, model, modelPackage } from './sagemaker-fixtures.js';

const load = (ref: string) => loadPolicy(ref, { rules: builtinRules, resourceTypes });
const baseline = load('platform-baseline');
const servingProd = load('serving-prod');
const MULTI = 'sagemaker-endpoint-multi-instance';
const APPROVED = 'sagemaker-endpoint-serves-approved-model';

function enabled(t: Target, policies = [baseline, servingProd]) {
  const resolved = policyForTarget(t, policies, builtinRules);
  return { accountType: resolved.accountType, rules: new Map(resolved.rules.map((r) => [r.rule.id, r.severity])) };
}

describe('account types', () => {
  it('the rules carry their account-type defaults', () => {
    const byId = new Map(builtinRules.map((rule) => [rule.id, rule]));
    expect(byId.get(MULTI)?.appliesTo).toEqual({ accountTypes: ['serving-prod'] });
    expect(byId.get(APPROVED)?.appliesTo).toEqual({ accountTypes: ['serving-nonprod', 'serving-prod'] });
    expect(byId.get('sagemaker-notebook-in-vpc')?.appliesTo).toEqual({ accountTypes: ['*'] });
  });

  it('serving-prod extends the baseline, applies to serving-prod, and is the default type of untyped targets', () => {
    expect(servingProd.appliesTo).toEqual({ accountTypes: ['serving-prod'] });
    expect(servingProd.defaultAccountType).toBe('serving-prod');
    expect([...servingProd.rules.keys()].sort()).toEqual([...baseline.rules.keys()].sort());
    expect(servingProd.rules.get(APPROVED)?.severity).toBe('critical');
    expect(servingProd.rules.get(MULTI)?.severity).toBe('high');
  });

  it('serving-prod account: both scoped rules run, at the pack\'s stricter severities', () => {
    const { rules } = enabled(target({ accountType: 'serving-prod' }));
    expect(rules.get(APPROVED)).toBe('critical');
    expect(rules.get(MULTI)).toBe('high');
    expect(rules.get('sagemaker-notebook-in-vpc')).toBe('high');
  });

  it('an untyped target scanned with the serving-prod pack is judged as serving-prod', () => {
    const result = enabled(target());
    expect(result.accountType).toBe('serving-prod');
    expect(result.rules.has(MULTI)).toBe(true);
  });

  it('serving-nonprod: the approved-model gate runs at baseline severity, multi-instance does not', () => {
    const { rules } = enabled(target({ accountType: 'serving-nonprod' }));
    expect(rules.get(APPROVED)).toBe('high');
    expect(rules.has(MULTI)).toBe(false);
  });

  it('modeling account (--account-type modeling): neither scoped rule, the serving-prod pack does not apply', () => {
    const { rules } = enabled(target({ accountType: 'modeling' }));
    expect(rules.has(APPROVED)).toBe(false);
    expect(rules.has(MULTI)).toBe(false);
    expect(rules.get('sagemaker-model-in-vpc')).toBe('high');
  });

  it('baseline alone with no account type: account-scoped rules do not run (never guessed)', () => {
    const { accountType, rules } = enabled(target(), [baseline]);
    expect(accountType).toBeUndefined();
    expect(rules.has(APPROVED)).toBe(false);
    expect(rules.has('sagemaker-job-in-vpc')).toBe(true);
  });

  it('end to end: the same weak endpoint fails only where its rules apply', () => {
    const accounts = { prod: ACCOUNT, nonprod: '222222222222', modeling: '333333333333' };
    const resources = Object.values(accounts).flatMap((accountId) =>
      [
        endpoint({ productionVariants: [{ variantName: 'primary', currentInstanceCount: 1, desiredInstanceCount: 1, serverless: false }] }),
        endpointConfig(),
        model(),
        modelPackage({ modelApprovalStatus: 'PendingManualApproval' }),
        // Every ARN (the model's package reference too) moves to the account.
      ].map((resource) => JSON.parse(JSON.stringify(resource).replaceAll(ACCOUNT, accountId)) as typeof resource),
    );
    const targets = [
      target({ accountId: accounts.prod, accountType: 'serving-prod' }),
      target({ accountId: accounts.nonprod, accountType: 'serving-nonprod' }),
      target({ accountId: accounts.modeling, accountType: 'modeling' }),
    ];
    const { findings } = evaluate(inventoryOf(resources, targets), { policies: [baseline, servingProd], rules: builtinRules });
    const failing = (accountId: string) =>
      findings
        .filter((f) => f.resource.accountId === accountId && f.status === 'fail' && (f.ruleId === MULTI || f.ruleId === APPROVED))
        .map((f) => `${f.ruleId}:${f.severity}`)
        .sort();
    expect(failing(accounts.prod)).toEqual([`${MULTI}:high`, `${APPROVED}:critical`]);
    expect(failing(accounts.nonprod)).toEqual([`${APPROVED}:high`]);
    expect(failing(accounts.modeling)).toEqual([]);
  });
});
