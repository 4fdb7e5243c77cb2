import rule from '../../../src/rules/s3/bucket-access-logging-enabled.js';
import { testRule } from '../../support/rule-tester.js';
import { bucket } from './s3-fixtures.js';

const serverError = { code: 'ServiceError', message: 'S3.GetBucketLogging answered HTTP 500', operation: 'S3.GetBucketLogging', httpStatus: 500 };

testRule(rule, {
  pass: [{ name: 'logging to a bucket', resource: bucket(), message: /s3:\/\/logs\/squad-data\// }],
  fail: [{ name: 'disabled', resource: bucket({ logging: null }), path: 'data.logging' }],
  error: [{ name: '5xx', resource: bucket({}, { errors: { logging: serverError } }), message: /ServiceError/ }],
});
