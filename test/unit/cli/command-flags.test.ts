import { Option } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_MAP_OPTIONS } from '../../../src/cli/commands/access-map.js';
import { SCANNING_ROLE_POLICY_OPTIONS } from '../../../src/cli/commands/scanning-role.js';
import { TEXT_OUTPUT_OPTIONS } from '../../../src/cli/output.js';
import { buildProgram } from '../../../src/cli/program.js';
import { SECURITY_HUB_OPTIONS, checkSecurityHubFlags, type SecurityHubFlags } from '../../../src/cli/security-hub.js';

/** Parses a command line of one command up to its action; rejects with the usage error a user would see. */
async function parse(command: string, ...args: string[]): Promise<void> {
  const program = await buildProgram(command);
  await program.parseAsync([command, ...args], { from: 'user' });
}

describe('flag tables of access-map, scanning-role-policy, the text commands and the Security Hub sink', () => {
  it.each(Object.entries({ ...ACCESS_MAP_OPTIONS, ...SCANNING_ROLE_POLICY_OPTIONS, ...TEXT_OUTPUT_OPTIONS, ...SECURITY_HUB_OPTIONS }))(
    '%s is the name commander gives --flag',
    (name, spec) => {
      expect(new Option(spec.flags).attributeName()).toBe(name);
    },
  );

  it('--format values match case-insensitively and anything else is refused', () => {
    expect(ACCESS_MAP_OPTIONS.format.parse('JSON')).toBe('json');
    expect(() => ACCESS_MAP_OPTIONS.format.parse('xml')).toThrow('expected one of table, json, got "xml"');
    expect(SCANNING_ROLE_POLICY_OPTIONS.format.parse(' Markdown')).toBe('markdown');
    expect(() => SCANNING_ROLE_POLICY_OPTIONS.format.parse('yaml')).toThrow('expected one of json, markdown, got "yaml"');
  });

  it('validate-policy reads --plugin as the other rule commands do: repeatable and comma-separated', async () => {
    const [command] = (await buildProgram('validate-policy')).commands;
    command!.parseOptions(['--plugin', 'a.js,b.js', '--plugin', 'c.js']);
    expect(command!.opts()).toEqual({ plugin: ['a.js', 'b.js', 'c.js'] });
  });

  it('--security-hub-account is one 12-digit account id, and only with --security-hub-sink', async () => {
    expect(SCANNING_ROLE_POLICY_OPTIONS.securityHubAccount.parse('999988887777')).toBe('999988887777');
    await expect(parse('scanning-role-policy', '--security-hub-sink', '--security-hub-account', '123')).rejects.toThrow(
      '--security-hub-account: "123" is not an AWS account id (12 digits)',
    );
    await expect(parse('scanning-role-policy', '--security-hub-account', '999988887777,111122223333')).rejects.toThrow(/is not an AWS account id/);
    await expect(parse('scanning-role-policy', '--security-hub-account', '999988887777')).rejects.toThrow(/^--security-hub-account needs --security-hub-sink$/);
  });

  it('--security-hub-role-arn must be an IAM role ARN, checked when the flag is read', async () => {
    expect(SECURITY_HUB_OPTIONS.securityHubRoleArn.parse('arn:aws-us-gov:iam::111122223333:role/sec/hub')).toBe('arn:aws-us-gov:iam::111122223333:role/sec/hub');
    for (const bad of ['arn:aws:iam::111122223333:user/x', 'arn:aws:iam::1:role/x', 'hub-role']) {
      expect(() => SECURITY_HUB_OPTIONS.securityHubRoleArn.parse(bad)).toThrow(/^expected an IAM role ARN/);
    }
    await expect(parse('evaluate', '--security-hub', '--security-hub-role-arn', 'arn:aws:iam::1:user/x')).rejects.toThrow(
      '--security-hub-role-arn: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>), got "arn:aws:iam::1:user/x"',
    );
  });
});

describe('Security Hub settings without --security-hub', () => {
  const saved = process.env.SQUADGUARD_SECURITY_HUB_EXTERNAL_ID;
  afterEach(() => {
    if (saved === undefined) delete process.env.SQUADGUARD_SECURITY_HUB_EXTERNAL_ID;
    else process.env.SQUADGUARD_SECURITY_HUB_EXTERNAL_ID = saved;
  });

  const settings: Array<[keyof SecurityHubFlags, string, string | number]> = [
    ['securityHubRegion', '--security-hub-region', 'eu-west-1'],
    ['securityHubRoleArn', '--security-hub-role-arn', 'arn:aws:iam::111122223333:role/hub'],
    ['securityHubExternalId', '--security-hub-external-id', 'x'],
    ['securityHubProfile', '--security-hub-profile', 'hub'],
    ['securityHubMaxAttempts', '--security-hub-max-attempts', 5],
  ];

  it('covers every flag of the table but --security-hub', () => {
    expect(settings.map(([key]) => key)).toEqual(Object.keys(SECURITY_HUB_OPTIONS).filter((key) => key !== 'securityHub'));
  });

  it.each(settings)('%s is refused, named as %s', (key, flag, value) => {
    delete process.env.SQUADGUARD_SECURITY_HUB_EXTERNAL_ID;
    expect(() => checkSecurityHubFlags({ [key]: value })).toThrow(new RegExp(`^${flag} needs --security-hub$`));
  });

  it('an external id from the environment is not a mistake', () => {
    process.env.SQUADGUARD_SECURITY_HUB_EXTERNAL_ID = 'from-env';
    expect(checkSecurityHubFlags({ securityHubExternalId: 'from-env' })).toBeUndefined();
    expect(() => checkSecurityHubFlags({ securityHubExternalId: 'from-env', securityHubProfile: 'hub' })).toThrow(/^--security-hub-profile needs --security-hub$/);
  });
});
