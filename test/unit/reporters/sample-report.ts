import { applyBaseline } from '../../../src/engine/baseline.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import { buildReport } from '../../../src/engine/report.js';
import type { Inventory } from '../../../src/model/inventory.js';
import type { Report } from '../../../src/model/report.js';
import type { ResolvedPolicy, Waiver } from '../../../src/policy/types.js';
import kmsEncryption from '../../../src/rules/s3/bucket-kms-encryption.js';
import versioning from '../../../src/rules/s3/bucket-versioning-enabled.js';
import { ACCOUNT, accessDenied, inventoryOf, target } from '../../support/fixtures.js';
import { bucket } from '../rules/s3-fixtures.js';

/** Markup that must never run: each variant sets `window.__xss` if it ever executes. */
export const XSS = `</script><script>window.__xss=1</script><img src=x onerror="window.__xss=2">"onerror="window.__xss=3"\u2028<!--`;
export const OTHER_ACCOUNT = '444455556666';
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","x"),|pipe|\nline';
const NOW = new Date('2026-11-24T12:00:00Z');

const policy: ResolvedPolicy = {
  name: 'serving-prod',
  source: 'pack:serving-prod',
  digest: 'sha256:feedface',
  rules: new Map([
    ['s3-bucket-versioning-enabled', { enabled: true, params: {} }],
    ['s3-bucket-kms-encryption', { enabled: true, params: {} }],
  ]),
  customRules: [],
  exceptions: [
    waiver('s3-bucket-versioning-enabled', ['arn:aws:s3:::legacy-*'], '2026-11-30', `migrating to the new lake ${XSS}`),
    waiver('s3-bucket-kms-encryption', ['arn:aws:s3:::nothing-matches-*'], '2027-03-01', 'stale on purpose'),
  ],
};

function waiver(rule: string, resources: string[], expires: string, reason: string): Waiver {
  return { rule, resources, reason, owner: 'vision-lead@example.com', expires, policy: 'serving-prod' };
}

const unversioned = { versioning: { status: 'Disabled' as const, mfaDelete: 'Disabled' as const } };
const aes = { encryption: { algorithm: 'AES256' as const, kmsKeyId: null, bucketKeyEnabled: false } };
const named = (name: string, accountId = ACCOUNT) => ({ name, arn: `arn:aws:s3:::${name}`, accountId, tags: { owner: XSS } });

function inventory(withOld: boolean): Inventory {
  const denied = bucket({}, { ...named('features'), errors: { encryption: accessDenied('S3.GetBucketEncryption') } });
  delete (denied.data as Record<string, unknown>).encryption;
  const resources = [
    bucket({}, named('training-data')),
    bucket({ ...unversioned, ...aes }, named(`scratch${XSS}`)),
    bucket(unversioned, named('legacy-1')),
    denied,
    bucket(unversioned, named(FORMULA_NAME)),
    bucket(aes, named('serving-models', OTHER_ACCOUNT)),
    ...(withOld ? [bucket(unversioned, named('old-bucket'))] : []),
  ];
  return inventoryOf(resources, [
    target({ name: `vision-prod ${XSS}`, squad: 'vision', accountType: 'serving-prod' }),
    target({ accountId: OTHER_ACCOUNT, name: 'ranking-prod', squad: 'ranking', accountType: 'serving-prod' }),
  ]);
}

function reportOf(inv: Inventory): Report {
  const rules = [versioning, kmsEncryption];
  const evaluation = evaluate(inv, { policies: [policy], rules, now: NOW });
  return buildReport({ inventory: inv, evaluation, policies: [policy], rules, startedAt: '2026-11-24T11:59:00.000Z', finishedAt: NOW.toISOString() });
}

/**
 * A report produced by the real engine from resources named and tagged with XSS payloads: failures (one new,
 * one existing against the baseline), a waived finding with an expiring waiver, a stale waiver, an undecided
 * check with its collection error, a resolved finding and two accounts.
 */
export function sampleReport(): Report {
  const baseline = reportOf(inventory(true));
  // The formula-named bucket already failed in the baseline; the XSS-named one is new.
  baseline.findings = baseline.findings.filter((f) => !f.resource.name.startsWith('scratch'));
  return applyBaseline(reportOf(inventory(false)), baseline, 'reports/previous.json');
}
