import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { addOptions } from '../../../src/cli/option-table.js';
import { AWS_DEFAULTS, AWS_OPTIONS, DIRECTORY_OPTIONS, POLICY_OPTIONS, REPORT_OPTIONS, addAwsOptions } from '../../../src/cli/options.js';

describe('flag tables', () => {
  it.each(Object.entries({ ...POLICY_OPTIONS, ...AWS_OPTIONS, ...REPORT_OPTIONS, ...DIRECTORY_OPTIONS }))('%s is the name commander gives --flag', (name, spec) => {
    expect(new Option(spec.flags).attributeName()).toBe(name);
  });

  it('a table whose key is not the flag\'s name fails when added', () => {
    expect(() => addOptions(new Command(), { roleName: { flags: '--role <name>', help: 'role' } })).toThrow('--role <name> is read as role, not roleName');
    expect(addOptions(new Command(), { roleName: { flags: '--role-name <name>', help: 'role' } }).options).toHaveLength(1);
  });

  it('the AWS defaults are what commander sets when no flag is given', () => {
    const command = addAwsOptions(new Command()).exitOverride();
    command.parse([], { from: 'user' });
    expect({ ...command.opts() }).toEqual(AWS_DEFAULTS);
  });

  it('a flag\'s parser checks its value', () => {
    const parse = <T>(spec: { parse: (value: string, previous: never) => T }, value: string, previous: unknown = []): T => spec.parse(value, previous as never);
    expect(parse(AWS_OPTIONS.accounts, '111122223333,444455556666', ['999988887777'])).toEqual(['999988887777', '111122223333', '444455556666']);
    expect(() => parse(AWS_OPTIONS.accounts, '111122223333,12345')).toThrow('"12345" is not an AWS account id (12 digits)');
    expect(() => parse(AWS_OPTIONS.excludeAccounts, 'abc')).toThrow(/not an AWS account id/);
    expect(parse(AWS_OPTIONS.ou, 'ou-ab12-cdefgh34,r-ab12')).toEqual(['ou-ab12-cdefgh34', 'r-ab12']);
    expect(() => parse(AWS_OPTIONS.ou, 'squads')).toThrow('"squads" is not an OU or root id');
    expect(parse(AWS_OPTIONS.roleSessionName, 'ci@build=1')).toBe('ci@build=1');
    expect(() => parse(AWS_OPTIONS.roleSessionName, 'x')).toThrow(/2–64 characters/);
    expect(() => parse(AWS_OPTIONS.roleSessionName, 'has space')).toThrow(/2–64 characters/);
    expect(parse(AWS_OPTIONS.roleDuration, '900')).toBe(900);
    expect(parse(AWS_OPTIONS.roleDuration, '43200')).toBe(43_200);
    for (const bad of ['899', '43201', '1000.5', '']) expect(() => parse(AWS_OPTIONS.roleDuration, bad)).toThrow(/between 900 and 43200/);
    expect(parse(REPORT_OPTIONS.failOn, ' HIGH')).toBe('high');
    expect(() => parse(REPORT_OPTIONS.failOn, 'severe')).toThrow(/expected one of critical, high/);
  });
});
