/**
 * The IAM scanner's per-attribute reads against stubbed answers: the credential report is generated first
 * and read last (its polling overlaps the other reads), policy tags only for customer-managed policies,
 * "not configured" password policy as data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamScanner, reportPolling } from '../../../src/scanners/iam.js';
import { MOTO_ACCOUNT } from '../../support/aws.js';
import { awsError, planOf, stubScan, type Answer } from './stub-sdk.js';

const userArn = `arn:aws:iam::${MOTO_ACCOUNT}:user/alice`;
const customerPolicy = `arn:aws:iam::${MOTO_ACCOUNT}:policy/mine`;
const awsPolicy = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const REPORT = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service',
  `<root_account>,arn:aws:iam::${MOTO_ACCOUNT}:root,2026-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A`,
  `alice,${userArn},2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A`,
].join('\n');

function answers(): Answer {
  let generated = 0;
  return (operation, input) => {
    switch (operation) {
      case 'IAM.GenerateCredentialReport':
        generated += 1;
        return { State: generated === 1 ? 'STARTED' : 'COMPLETE' };
      case 'IAM.GetCredentialReport':
        return { Content: new TextEncoder().encode(REPORT) };
      case 'IAM.GetAccountAuthorizationDetails':
        return {
          UserDetailList: [{ UserName: 'alice', Arn: userArn, UserId: 'AIDA1', Path: '/', GroupList: [] }],
          RoleDetailList: [],
          GroupDetailList: [],
          Policies: [customerPolicy, awsPolicy].map((arn) => ({
            Arn: arn,
            PolicyName: arn.split('/').pop(),
            DefaultVersionId: 'v1',
            PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document }],
          })),
        };
      case 'IAM.GetAccountPasswordPolicy':
        throw awsError('NoSuchEntity', 404);
      case 'IAM.ListPolicyTags':
        return { Tags: [{ Key: 'team', Value: String(input.PolicyArn).endsWith('/mine') ? 'a' : 'unexpected' }] };
      default:
        throw new Error(`unexpected call ${operation}`);
    }
  };
}

describe('IAM reads', () => {
  const saved = reportPolling.delays;
  beforeAll(() => {
    reportPolling.delays = [50, 100];
  });
  afterAll(() => {
    reportPolling.delays = saved;
  });

  it('generates the credential report first and reads it last, without holding up the other reads', async () => {
    const { inventory, calls } = await stubScan({
      scanner: iamScanner,
      plan: planOf({
        'aws.iam.user': ['credentials', 'mfaActive'],
        'aws.iam.root': ['credentials'],
        'aws.iam.account': ['passwordPolicy'],
        'aws.iam.policy': ['document', 'tags'],
      }),
      answer: answers(),
    });
    const order = calls.map((call) => call.operation);
    expect(order[0]).toBe('IAM.GenerateCredentialReport');
    const report = order.indexOf('IAM.GetCredentialReport');
    expect(order.indexOf('IAM.GetAccountPasswordPolicy')).toBeLessThan(report);
    expect(order.indexOf('IAM.GetAccountAuthorizationDetails')).toBeLessThan(report);
    expect(order.indexOf('IAM.ListPolicyTags')).toBeLessThan(report);
    expect(order.at(-1)).toBe('IAM.GetCredentialReport');
    // Polls as before (one not-ready answer, one ready), and policy tags only for the customer-managed one.
    expect(inventory.apiCalls).toEqual({
      'IAM.GenerateCredentialReport': 2,
      'IAM.GetCredentialReport': 1,
      'IAM.GetAccountAuthorizationDetails': 1,
      'IAM.GetAccountPasswordPolicy': 1,
      'IAM.ListPolicyTags': 1,
    });

    const byType = (type: string) => inventory.resources.filter((resource) => resource.type === type);
    expect(byType('aws.iam.account')[0]?.data).toEqual({ passwordPolicy: null });
    expect(byType('aws.iam.root')[0]?.data.credentials).toMatchObject({ user: '<root_account>', mfaActive: true });
    expect(byType('aws.iam.user')[0]?.data).toMatchObject({ mfaActive: false, credentials: { user: 'alice', passwordEnabled: false } });
    const tags = Object.fromEntries(byType('aws.iam.policy').map((policy) => [policy.arn, policy.tags]));
    expect(tags).toEqual({ [customerPolicy]: { team: 'a' }, [awsPolicy]: {} });
    expect(inventory.errors).toEqual([]);
  });

  it('a report that never gets ready is an error on the attributes that need it, after the schedule\'s polls', async () => {
    const base = answers();
    const { inventory } = await stubScan({
      scanner: iamScanner,
      plan: planOf({ 'aws.iam.root': ['credentials'] }),
      answer: (operation, input, region) => (operation === 'IAM.GenerateCredentialReport' ? { State: 'STARTED' } : base(operation, input, region)),
    });
    expect(inventory.apiCalls).toEqual({ 'IAM.GenerateCredentialReport': 3 });
    expect(inventory.resources[0]?.errors.credentials).toMatchObject({ code: 'ReportNotReady', operation: 'IAM.GenerateCredentialReport' });
  });
});
