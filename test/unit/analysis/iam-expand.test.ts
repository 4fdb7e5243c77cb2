import { describe, expect, it } from 'vitest';
import { actionIndex, catalogue, hasAccess, isWildcardOnly } from '../../../src/analysis/iam/catalogue.js';
import { allActions, expandPattern, expandPatterns } from '../../../src/analysis/iam/expand.js';

const names = (pattern: string): string[] => expandPattern(pattern).names();

describe('iam-data catalogue', () => {
  it('loads every service and action with access levels', () => {
    const { size, services, version } = catalogue();
    expect(size).toBeGreaterThan(15000);
    expect(services.size).toBeGreaterThan(400);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const getObject = actionIndex('S3:getobject')!;
    expect(hasAccess(getObject, 'Read')).toBe(true);
    expect(hasAccess(getObject, 'Write')).toBe(false);
    // iam-data combines levels: "Permissions management, Write".
    expect(hasAccess(actionIndex('iam:PutRolePolicy')!, 'Permissions management')).toBe(true);
    expect(isWildcardOnly(actionIndex('s3:ListAllMyBuckets')!)).toBe(true);
    expect(isWildcardOnly(actionIndex('iam:PassRole')!)).toBe(false);
  });
});

describe('action expansion', () => {
  it('expands s3:Get* to reads only', () => {
    const actions = names('s3:Get*');
    expect(actions).toContain('s3:GetObject');
    expect(actions).not.toContain('s3:PutObject');
    expect(actions.every((name) => name.startsWith('s3:Get'))).toBe(true);
  });

  it('matches case-insensitively and with ?', () => {
    expect(names('S3:getobjec?')).toEqual(['s3:GetObject']);
  });

  it('never matches a service prefix inside another name (Prowler #2770: es:* is not iam:CreateAccessKey)', () => {
    const actions = names('es:*');
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.every((name) => name.startsWith('es:'))).toBe(true);
    expect(expandPattern('es:*').has(actionIndex('iam:CreateAccessKey')!)).toBe(false);
  });

  it('globs mid-string wildcards over the whole name (pacu #150)', () => {
    const peering = names('ec2:*VpcPeeringConnection');
    expect(peering).toContain('ec2:AcceptVpcPeeringConnection');
    expect(peering).not.toContain('ec2:RunInstances');
    const policyActions = names('iam:*Policy*');
    expect(policyActions).toContain('iam:PutRolePolicy');
    expect(policyActions).toContain('iam:CreatePolicyVersion');
    expect(policyActions).not.toContain('iam:CreateAccessKey');
  });

  it('expands * and *:* to the whole catalogue and service wildcards across services', () => {
    expect(expandPattern('*').size()).toBe(catalogue().size);
    expect(expandPattern('*:*').size()).toBe(catalogue().size);
    expect(names('sage*:CreateTrainingJob')).toEqual(['sagemaker:CreateTrainingJob']);
  });

  it('reports patterns that match nothing', () => {
    const expansion = expandPatterns(['s3:GetObject', 'bogus:Thing', 's3:NoSuch*']);
    expect(expansion.actions.names()).toEqual(['s3:GetObject']);
    expect(expansion.unknown).toEqual(['bogus:Thing', 's3:NoSuch*']);
  });

  it('caches expansions (same set object)', () => {
    expect(expandPattern('kms:*')).toBe(expandPattern('KMS:*'));
    expect(allActions()).toBe(allActions());
  });
});
