import rule from '../../../src/rules/kms/key-not-pending-deletion.js';
import { ACCOUNT, accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { regionSettings, volume } from './ec2-fixtures.js';
import { KEY_ARN, KEY_ID, key } from './kms-fixtures.js';
import { bucket } from './s3-fixtures.js';

const pending = key({ keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z' });
const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`;
const unrelated = [bucket({ encryption: { algorithm: 'aws:kms', kmsKeyId: OTHER_KEY, bucketKeyEnabled: true } }), regionSettings({ ebsDefaultKmsKeyId: OTHER_KEY })];

testRule(rule, {
  pass: [
    { name: 'enabled key', resource: key(), message: /Enabled/ },
    { name: 'disabled key', resource: key({ keyState: 'Disabled' }) },
  ],
  fail: [
    { name: 'pending deletion, unused', evidence: { keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z', usedBy: [], unverified: [] }, resource: pending, related: unrelated, severity: 'medium', message: /on 2026-12-01; no scanned resource uses it/, path: 'data.keyState' },
    {
      name: 'pending deletion, a bucket encrypts with its ARN',
      resource: pending,
      related: [bucket({ encryption: { algorithm: 'aws:kms', kmsKeyId: KEY_ARN, bucketKeyEnabled: true } })],
      severity: 'high',
      message: /arn:aws:s3:::squad-data/,
      evidence: { usedBy: [{ arn: 'arn:aws:s3:::squad-data', type: 'aws.s3.bucket', path: 'data.encryption.kmsKeyId' }] },
    },
    { name: 'pending deletion, a volume uses its id', evidence: { keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z', usedBy: [{ arn: 'arn:aws:ec2:us-east-1:111122223333:volume/vol-1', type: 'aws.ec2.volume', path: 'data.kmsKeyId' }], unverified: [] }, resource: pending, related: [volume({ kmsKeyId: KEY_ID })], severity: 'high', message: /volume\/vol-1/ },
    { name: 'pending deletion, the EBS default key names its alias', evidence: { keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z', usedBy: [{ arn: 'arn:aws:ec2:us-east-1:111122223333:region-settings', type: 'aws.ec2.region-settings', path: 'data.ebsDefaultKmsKeyId' }], unverified: [] }, path: 'data.keyState', resource: pending, related: [regionSettings({ ebsDefaultKmsKeyId: 'alias/squad-data' })], severity: 'high' },
    {
      name: 'pending deletion, alias ARN', evidence: { keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z', usedBy: [{ arn: 'arn:aws:ec2:us-east-1:111122223333:volume/vol-1', type: 'aws.ec2.volume', path: 'data.kmsKeyId' }], unverified: [] }, path: 'data.keyState',
      resource: pending,
      related: [volume({ kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/squad-data` })],
      severity: 'high',
    },
    {
      name: 'pending deletion, a SageMaker job uses it',
      evidence: { keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z', usedBy: [{ arn: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/t', type: 'aws.sagemaker.job', path: 'data.outputKmsKeyId' }], unverified: [] },
      resource: pending,
      related: [{ type: 'aws.sagemaker.job', arn: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/t', accountId: ACCOUNT, region: 'us-east-1', name: 't', tags: {}, data: { volumeKmsKeyId: null, outputKmsKeyId: KEY_ARN }, errors: {} }],
      severity: 'high',
      message: /training-job\/t/,
    },
    {
      name: 'pending deletion, a reference could not be read: high, never understated',
      evidence: { keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z', usedBy: [], unverified: [{ arn: 'arn:aws:s3:::squad-data', type: 'aws.s3.bucket', attribute: 'encryption', error: 'S3.GetBucketEncryption: AccessDenied' }] },
      resource: pending,
      related: [bucket({}, { errors: { encryption: accessDenied('S3.GetBucketEncryption') } })],
      severity: 'high',
      message: /1 key reference\(s\) could not be read/,
    },
  ],
  error: [{ name: 'aliases unreadable', message: /aliases could not be read \(KMS\.ListAliases: AccessDenied\)/, resource: key({}, { errors: { aliases: accessDenied('KMS.ListAliases') } }) }],
});
