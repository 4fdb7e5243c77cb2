import rule from '../../../src/rules/s3/bucket-acl-not-public.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { ALL_OFF, ALL_ON, bucket } from './s3-fixtures.js';

const grant = (group: string, permission = 'READ') => ({
  granteeType: 'Group',
  grantee: `http://acs.amazonaws.com/groups/global/${group}`,
  permission,
});
const acl = (...grants: ReturnType<typeof grant>[]) => ({ ownerId: 'o', grants });

testRule(rule, {
  pass: [
    { name: 'owner only', resource: bucket({ publicAccessBlock: ALL_OFF }) },
    { name: 'log delivery group is not public', resource: bucket({ publicAccessBlock: ALL_OFF, acl: { ownerId: 'o', grants: [{ granteeType: 'Group', grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' }] } }) },
    { name: 'public grant ignored by IgnorePublicAcls', resource: bucket({ publicAccessBlock: ALL_ON, acl: acl(grant('AllUsers')) }), message: /not public: IgnorePublicAcls is on .* no effect/ },
  ],
  fail: [
    { name: 'AllUsers READ', evidence: { grants: [{ granteeType: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }] }, resource: bucket({ publicAccessBlock: ALL_OFF, acl: acl(grant('AllUsers')) }), message: /AllUsers:READ/ },
    { name: 'AuthenticatedUsers WRITE', evidence: { grants: [{ granteeType: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'WRITE' }] }, resource: bucket({ publicAccessBlock: null, acl: acl(grant('AuthenticatedUsers', 'WRITE')) }), message: /AuthenticatedUsers:WRITE/ },
  ],
  error: [{ name: 'ACL read denied', message: /acl could not be read \(S3\.GetBucketAcl: AccessDenied\)/, resource: bucket({}, { errors: { acl: accessDenied('S3.GetBucketAcl') } }) }],
});
