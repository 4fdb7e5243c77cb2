import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountsFileProblems, readAccountsFile } from '../../../src/aws/accounts-file.js';
import { UsageError } from '../../../src/pipeline/errors.js';
import { tempDir } from '../../support/cli.js';

function file(text: string): string {
  const path = join(tempDir(), 'accounts.yaml');
  writeFileSync(path, text);
  return path;
}

describe('accounts file', () => {
  it('reads accounts, applies defaults, keeps ids with leading zeros as written', () => {
    const path = file(`
accountTypes: [research]
defaults:
  regions: [eu-west-1]
  roleName: audit/squadguard-audit
accounts:
  - id: 012345678901
    name: vision-dev
    squad: vision
    accountType: modeling
  - id: "111122223333"
    accountType: research
    regions: all
    roleArn: arn:aws:iam::111122223333:role/legacy-audit
    externalId: ext-123
`);
    const parsed = readAccountsFile(path);
    expect(parsed.accounts).toEqual([
      { id: '012345678901', name: 'vision-dev', squad: 'vision', accountType: 'modeling', regions: ['eu-west-1'], roleName: 'audit/squadguard-audit' },
      {
        id: '111122223333',
        accountType: 'research',
        regions: 'all',
        roleName: 'audit/squadguard-audit',
        roleArn: 'arn:aws:iam::111122223333:role/legacy-audit',
        externalId: 'ext-123',
      },
    ]);
  });

  it.each([
    ['a short id', { accounts: [{ id: '1234' }] }, '/accounts/0/id'],
    ['an unknown field', { accounts: [{ id: '111122223333', team: 'x' }] }, '/accounts/0/team: unknown field'],
    ['an unknown account type', { accounts: [{ id: '111122223333', accountType: 'research' }] }, 'unknown account type "research"'],
    ['a bad region', { accounts: [{ id: '111122223333', regions: ['mars-1'] }] }, '/accounts/0/regions'],
    ['a duplicate account', { accounts: [{ id: '111122223333' }, { id: '111122223333' }] }, 'listed twice'],
    ['no accounts', { accounts: [] }, '/accounts'],
    ['a bad role ARN', { accounts: [{ id: '111122223333', roleArn: 'squadguard-audit' }] }, '/accounts/0/roleArn'],
  ])('rejects %s', (_name, value, expected) => {
    expect(accountsFileProblems(value).join('\n')).toContain(expected);
  });

  it('accepts a minimal file', () => {
    expect(accountsFileProblems({ accounts: [{ id: '111122223333' }] })).toEqual([]);
  });

  it('reports every problem of a file at once, as a usage error (exit 2)', () => {
    const path = file('accounts:\n  - id: 12\n  - id: "111122223333"\n    accountType: Prod\n');
    let error: unknown;
    try {
      readAccountsFile(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/\/accounts\/0\/id[\s\S]*\/accounts\/1\/accountType/);
  });

  it('a missing file or broken YAML is a usage error', () => {
    expect(() => readAccountsFile('/nonexistent/accounts.yaml')).toThrow(UsageError);
    expect(() => readAccountsFile(file('accounts: [\n'))).toThrow(/not valid YAML/);
  });
});
