import type { Rule } from '../rule.js';
import accountPublicAccessBlocked from './account-public-access-blocked.js';
import bucketAccessLoggingEnabled from './bucket-access-logging-enabled.js';
import bucketAclNotPublic from './bucket-acl-not-public.js';
import bucketAclsDisabled from './bucket-acls-disabled.js';
import bucketKmsEncryption from './bucket-kms-encryption.js';
import bucketNoCrossAccountAccess from './bucket-no-cross-account-access.js';
import bucketPolicyNotPublic from './bucket-policy-not-public.js';
import bucketPublicAccessBlocked from './bucket-public-access-blocked.js';
import bucketTlsOnly from './bucket-tls-only.js';
import bucketVersioningEnabled from './bucket-versioning-enabled.js';

export const s3Rules: Rule[] = [
  accountPublicAccessBlocked,
  bucketPublicAccessBlocked,
  bucketPolicyNotPublic,
  bucketAclNotPublic,
  bucketAclsDisabled,
  bucketKmsEncryption,
  bucketTlsOnly,
  bucketNoCrossAccountAccess,
  bucketVersioningEnabled,
  bucketAccessLoggingEnabled,
];
