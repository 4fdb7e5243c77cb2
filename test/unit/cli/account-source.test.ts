import { describe, expect, it } from 'vitest';
import { AWS_DEFAULTS, resolveRegionScope, type AwsFlags } from '../../../src/cli/options.js';
import { accountSource } from '../../../src/cli/aws-flags.js';

const flags = (overrides: Partial<AwsFlags>): AwsFlags => ({ ...AWS_DEFAULTS, ...overrides });

describe('account source flags', () => {
  it('picks the source', () => {
    expect(accountSource(flags({}))).toEqual({ kind: 'current' });
    expect(accountSource(flags({ accounts: ['111122223333', '111122223333'] }))).toEqual({ kind: 'list', accountIds: ['111122223333'] });
    expect(accountSource(flags({ accountsFile: 'a.yaml' }))).toEqual({ kind: 'file', path: 'a.yaml' });
    expect(accountSource(flags({ org: true, ou: ['ou-ab12-cdefgh34'], squadTag: 'team' }))).toEqual({
      kind: 'org',
      ous: ['ou-ab12-cdefgh34'],
      squadTag: 'team',
      accountTypeTag: 'account-type',
    });
  });

  it.each([
    [{ org: true, accounts: ['111122223333'] }, /choose one of --org, --accounts/],
    [{ ou: ['ou-ab12-cdefgh34'] }, /--ou needs --org/],
    [{ shard: '1/2' }, /--shard needs/],
  ])('rejects %j', (overrides, message) => {
    expect(() => accountSource(flags(overrides as Partial<AwsFlags>))).toThrow(message);
  });

  it('--region all is a scope of its own', () => {
    expect(resolveRegionScope(['all'])).toBe('all');
    expect(resolveRegionScope(['eu-west-1', 'us-east-1'])).toEqual(['eu-west-1', 'us-east-1']);
    expect(() => resolveRegionScope(['all', 'eu-west-1'])).toThrow(/cannot be combined/);
  });
});
