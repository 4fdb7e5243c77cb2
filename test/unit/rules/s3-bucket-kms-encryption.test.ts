import rule from '../../../src/rules/s3/bucket-kms-encryption.js';
import { ACCOUNT } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { bucket } from './s3-fixtures.js';

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`;
const throttled = { code: 'SlowDown', message: 'Please reduce your request rate', operation: 'S3.GetBucketEncryption', httpStatus: 503 };

testRule(rule, {
  pass: [
    { name: 'aws:kms with a key', resource: bucket() },
    { name: 'DSSE-KMS', resource: bucket({ encryption: { algorithm: 'aws:kms:dsse', kmsKeyId: KEY, bucketKeyEnabled: false } }) },
    { name: 'aws managed key when no allow-list', resource: bucket({ encryption: { algorithm: 'aws:kms', kmsKeyId: null, bucketKeyEnabled: false } }), message: /aws\/s3/ },
    { name: 'key in the allow-list', resource: bucket(), params: { allowedKeyArns: [KEY] } },
    { name: 'key id matching an allowed ARN', resource: bucket({ encryption: { algorithm: 'aws:kms', kmsKeyId: '1234abcd', bucketKeyEnabled: true } }), params: { allowedKeyArns: [KEY] } },
  ],
  fail: [
    { name: 'no default encryption (older S3 / emulators)', resource: bucket({ encryption: null }), message: /no default encryption/ },
    { name: 'SSE-S3 (AES256, the S3 default today)', evidence: { encryption: { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false } }, resource: bucket({ encryption: { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false } }), path: 'data.encryption.algorithm' },
    { name: 'key not allowed', evidence: { encryption: { algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd', bucketKeyEnabled: true }, allowedKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/other'] }, resource: bucket(), params: { allowedKeyArns: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/other`] }, path: 'data.encryption.kmsKeyId' },
    { name: 'aws managed key not allowed by a list', evidence: { encryption: { algorithm: 'aws:kms', kmsKeyId: null, bucketKeyEnabled: false }, allowedKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd'] }, path: 'data.encryption.kmsKeyId', resource: bucket({ encryption: { algorithm: 'aws:kms', kmsKeyId: null, bucketKeyEnabled: false } }), params: { allowedKeyArns: [KEY] } },
  ],
  error: [{ name: 'throttled after retries', resource: bucket({}, { errors: { encryption: throttled } }), message: /SlowDown/ }],
});
