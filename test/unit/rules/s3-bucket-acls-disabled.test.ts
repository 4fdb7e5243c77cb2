import rule from '../../../src/rules/s3/bucket-acls-disabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { bucket } from './s3-fixtures.js';

testRule(rule, {
  pass: [{ name: 'BucketOwnerEnforced', resource: bucket() }],
  fail: [
    { name: 'no ownership controls', evidence: { objectOwnership: null }, resource: bucket({ ownershipControls: null }), message: /no ownership controls/ },
    { name: 'ObjectWriter', evidence: { objectOwnership: 'ObjectWriter' }, resource: bucket({ ownershipControls: { objectOwnership: 'ObjectWriter' } }), message: /ObjectWriter/ },
    { name: 'BucketOwnerPreferred', evidence: { objectOwnership: 'BucketOwnerPreferred' }, path: 'data.ownershipControls', resource: bucket({ ownershipControls: { objectOwnership: 'BucketOwnerPreferred' } }) },
  ],
  error: [{ name: 'read denied', message: /ownershipControls could not be read \(S3\.GetBucketOwnershipControls: AccessDenied\)/, resource: bucket({}, { errors: { ownershipControls: accessDenied('S3.GetBucketOwnershipControls') } }) }],
});
