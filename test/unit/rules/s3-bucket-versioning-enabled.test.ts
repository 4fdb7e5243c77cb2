import rule from '../../../src/rules/s3/bucket-versioning-enabled.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { bucket } from './s3-fixtures.js';

testRule(rule, {
  pass: [{ name: 'enabled', resource: bucket() }],
  fail: [
    { name: 'never enabled', evidence: { versioning: { status: 'Disabled', mfaDelete: 'Disabled' } }, resource: bucket({ versioning: { status: 'Disabled', mfaDelete: 'Disabled' } }), message: /not enabled/ },
    { name: 'suspended', evidence: { versioning: { status: 'Suspended', mfaDelete: 'Disabled' } }, resource: bucket({ versioning: { status: 'Suspended', mfaDelete: 'Disabled' } }), message: /suspended/ },
  ],
  error: [{ name: 'denied', message: /versioning could not be read \(S3\.GetBucketVersioning: AccessDenied\)/, resource: bucket({}, { errors: { versioning: accessDenied('S3.GetBucketVersioning') } }) }],
});
