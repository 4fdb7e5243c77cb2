import type { Target } from '../../../src/model/inventory.js';
import type { AnyResource } from '../../../src/model/resource.js';
import { resource } from '../../support/fixtures.js';

/** Two squads × four accounts plus a data-lake platform account. */
export const ORG_ID = 'o-squads1234';
const squad = (name: string, base: number): Record<string, Target> =>
  Object.fromEntries(
    ['modeling', 'tooling', 'serving-nonprod', 'serving-prod'].map((type, i) => [
      type,
      { accountId: String(base + i).padStart(12, '0'), name: `${name}-${type}`, squad: name, accountType: type, regions: ['eu-central-1'], ouPath: `${ORG_ID}/r-root/ou-squads/ou-${name}/` },
    ]),
  );
export const FRAUD = squad('claims-fraud', 211100000001);
export const PRICING = squad('pricing', 311100000001);
export const DATA_LAKE: Target = { accountId: '411100000001', name: 'data-lake', accountType: 'data-lake', regions: ['eu-central-1'], ouPath: `${ORG_ID}/r-root/ou-platform/` };
export const DIRECTORY: Target[] = [...Object.values(FRAUD), ...Object.values(PRICING), DATA_LAKE];
export const OUTSIDER = '999988887777';

/** The account a case's resource lives in, with the rest of the directory (the whole organization). */
export function inAccount(owner: Target): { target: Partial<Target>; directory: Target[]; organizationId: string } {
  return { target: owner, directory: DIRECTORY.filter((entry) => entry.accountId !== owner.accountId), organizationId: ORG_ID };
}

/** A single-account scan: the directory holds only the owner, and may not list the whole organization. */
export function alone(owner: Target): { target: Partial<Target> } {
  return { target: owner };
}

export function bucketWithPolicy(owner: Target, name: string, statements: object[]): AnyResource {
  return resource('aws.s3.bucket', { policy: { Version: '2012-10-17', Statement: statements } }, { name, arn: `arn:aws:s3:::${name}`, accountId: owner.accountId, region: 'eu-central-1' });
}

/** A deploy role by default: what assuming it grants comes from its own permissions. */
export const DEPLOY_PERMISSIONS = [{ Effect: 'Allow', Action: ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:Describe*'], Resource: '*' }];
export const READ_ARTIFACTS = [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::artifacts', 'arn:aws:s3:::artifacts/*'] }];

export function roleTrusting(owner: Target, name: string, statements: object[], permissions: object[] = DEPLOY_PERMISSIONS): AnyResource {
  return resource(
    'aws.iam.role',
    {
      trustPolicy: { Version: '2012-10-17', Statement: statements },
      inlinePolicies: [{ name: 'permissions', document: { Version: '2012-10-17', Statement: permissions } }],
      attachedPolicies: [],
      permissionsBoundary: null,
    },
    { name, arn: `arn:aws:iam::${owner.accountId}:role/${name}`, accountId: owner.accountId, region: 'global' },
  );
}

export function keyWithPolicy(owner: Target, id: string, statements: object[]): AnyResource {
  return resource('aws.kms.key', { policy: { Version: '2012-10-17', Statement: statements } }, { name: id, arn: `arn:aws:kms:eu-central-1:${owner.accountId}:key/${id}`, accountId: owner.accountId, region: 'eu-central-1' });
}

export const read = (bucket: string, principal: unknown, extra: object = {}) => ({
  Sid: 'Read', Effect: 'Allow', Principal: principal, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], ...extra,
});
export const write = (bucket: string, principal: unknown) => ({
  Sid: 'Write', Effect: 'Allow', Principal: principal, Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*`,
});
export const assume = (principal: unknown, extra: object = {}) => ({ Sid: 'Trust', Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
export const root = (target: Target) => ({ AWS: `arn:aws:iam::${target.accountId}:root` });
