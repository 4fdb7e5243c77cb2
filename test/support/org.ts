import { CreateBucketCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity } from '@smithy/types';
import { scanningRolePolicy } from '../../src/aws/scanning-role.js';
import { scanningOperations } from '../../src/scanners/operations.js';
import { MOTO_ACCOUNT, seedClients } from './aws.js';

export interface SeededMember {
  accountId: string;
  name: string;
  squad: string;
  accountType: string;
  buckets: string[];
  inOu: boolean;
}

export interface SeededOrg {
  managementAccountId: string;
  rootId: string;
  ouId: string;
  members: SeededMember[];
  suspendedAccountId: string;
}

export const AUDIT_ROLE = 'squadguard-audit';
const SCANNING_USER = 'org-scanner';

const MEMBERS: Array<Omit<SeededMember, 'accountId' | 'buckets'> & { bucketCount: number }> = [
  { name: 'vision-dev', squad: 'vision', accountType: 'modeling', bucketCount: 2, inOu: true },
  { name: 'ranking-prod', squad: 'ranking', accountType: 'serving-prod', bucketCount: 1, inOu: true },
  { name: 'nlp-staging', squad: 'nlp', accountType: 'serving-nonprod', bucketCount: 3, inOu: false },
  { name: 'platform-tools', squad: 'platform', accountType: 'tooling', bucketCount: 1, inOu: true },
];

/** Credentials of a member account, through the role Organizations created in it (seeding only). */
export async function memberCredentials(endpoint: string, accountId: string, roleName = 'OrganizationAccountAccessRole'): Promise<AwsCredentialIdentity> {
  const { sts } = seedClients(endpoint);
  const answer = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'seed' }),
  );
  const c = answer.Credentials;
  return { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' };
}

/**
 * An organization in moto: the default account as management account, four member accounts created through
 * Organizations (tagged with squad and account type; three of them in an OU) and one closed (suspended)
 * account; buckets seeded in each member through assumed-role credentials; the audit role (with the generated
 * least-privilege policy) in every account.
 */
export async function seedOrganization(endpoint: string, bucketsPer?: number): Promise<SeededOrg> {
  const { organizations } = seedClients(endpoint);
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ouId = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'squads' }))).OrganizationalUnit?.Id ?? '';
  const members: SeededMember[] = [];
  for (const member of MEMBERS) {
    const created = await organizations.send(
      new CreateAccountCommand({
        AccountName: member.name,
        Email: `${member.name}@example.com`,
        Tags: [
          { Key: 'squad', Value: member.squad },
          { Key: 'account-type', Value: member.accountType },
          { Key: 'team-tag', Value: `${member.squad}-team` },
        ],
      }),
    );
    const accountId = created.CreateAccountStatus?.AccountId ?? '';
    if (member.inOu) await organizations.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouId }));
    const credentials = await memberCredentials(endpoint, accountId);
    const { s3 } = seedClients(endpoint, 'us-east-1', credentials);
    const buckets: string[] = [];
    for (let i = 0; i < (bucketsPer ?? member.bucketCount); i++) {
      const bucket = `${member.squad}-data-${i}-${accountId}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'squad', Value: member.squad }] } }));
      buckets.push(bucket);
    }
    await createAuditRole(endpoint, credentials);
    const { bucketCount: _unused, ...rest } = member;
    members.push({ ...rest, accountId, buckets });
  }
  const closed = await organizations.send(new CreateAccountCommand({ AccountName: 'retired', Email: 'retired@example.com' }));
  const suspendedAccountId = closed.CreateAccountStatus?.AccountId ?? '';
  await organizations.send(new CloseAccountCommand({ AccountId: suspendedAccountId }));
  await createAuditRole(endpoint); // the management account is an account of the organization too
  return { managementAccountId: MOTO_ACCOUNT, rootId, ouId, members, suspendedAccountId };
}

export async function createAuditRole(endpoint: string, credentials?: AwsCredentialIdentity): Promise<void> {
  const { iam } = seedClients(endpoint, 'us-east-1', credentials);
  await iam.send(
    new CreateRoleCommand({
      RoleName: AUDIT_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        // moto compares principals literally (no "account root covers its users"): name the scanning user too.
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam::${MOTO_ACCOUNT}:root`, `arn:aws:iam::${MOTO_ACCOUNT}:user/${SCANNING_USER}`] },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: AUDIT_ROLE, PolicyName: 'read-only-inventory', PolicyDocument: JSON.stringify(scanningRolePolicy(await scanningOperations())) }),
  );
  // moto 5.2 authorises some S3 reads under other action names than AWS (GET ?encryption, ?publicAccessBlock
  // and ?ownershipControls as s3:ListBucket; S3 Control's GetPublicAccessBlock as s3:GetPublicAccessBlock).
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: AUDIT_ROLE,
      PolicyName: 'moto-action-names',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetPublicAccessBlock'], Resource: '*' }],
      }),
    }),
  );
}

/**
 * A scanning user in the management account: everything allowed except assuming the audit role in the
 * `deniedAccountId` account. For IAM-enforcement tests.
 */
export async function createScanningUser(endpoint: string, deniedAccountId: string): Promise<AwsCredentialIdentity> {
  const { iam } = seedClients(endpoint);
  await iam.send(new CreateUserCommand({ UserName: SCANNING_USER }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: SCANNING_USER,
      PolicyName: 'scan',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${deniedAccountId}:role/${AUDIT_ROLE}` },
        ],
      }),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: SCANNING_USER }));
  return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
}
