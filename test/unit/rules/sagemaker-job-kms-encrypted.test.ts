import rule from '../../../src/rules/sagemaker/job-kms-encrypted.js';
import { accessDenied } from '../../support/fixtures.js';
import { testRule } from '../../support/rule-tester.js';
import { KEY, OTHER_KEY, job } from './sagemaker-fixtures.js';

testRule(rule, {
  pass: [
    { name: 'volume and output keys', resource: job() },
    { name: 'allowed keys', resource: job({ kind: 'processing' }, { name: 'p' }), params: { allowedKeyArns: [KEY] } },
  ],
  fail: [
    { name: 'no volume key', evidence: { kind: 'training', volumeKmsKeyId: null, outputKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000' }, resource: job({ volumeKmsKeyId: null }), path: 'data.volumeKmsKeyId', message: /storage volumes/ },
    { name: 'no output key', evidence: { kind: 'training', volumeKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000', outputKmsKeyId: null }, resource: job({ outputKmsKeyId: null }), path: 'data.outputKmsKeyId', message: /^training job: no customer KMS key for the output$/ },
    { name: 'neither', evidence: { kind: 'training', volumeKmsKeyId: null, outputKmsKeyId: null }, resource: job({ volumeKmsKeyId: null, outputKmsKeyId: null }), path: 'data.volumeKmsKeyId', message: /storage volumes; no customer KMS key for the output/ },
    { name: 'output key not allowed', evidence: { kind: 'training', volumeKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000', outputKmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/9999ffff-0000-0000-0000-000000000000', allowedKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-0000-0000-0000-000000000000'] }, resource: job({ outputKmsKeyId: OTHER_KEY }), params: { allowedKeyArns: [KEY] }, path: 'data.outputKmsKeyId', message: /not an allowed key/ },
  ],
  error: [
    {
      name: 'volume key unknown (processing answer without ProcessingResources)',
      resource: job(
        { kind: 'processing' },
        { name: 'p2', errors: { volumeKmsKeyId: { code: 'IncompleteResponse', message: 'no ClusterConfig', operation: 'SageMaker.DescribeProcessingJob' } } },
      ),
      message: /volumeKmsKeyId could not be read \(SageMaker.DescribeProcessingJob: IncompleteResponse\)/,
    },
    { name: 'describe denied', message: /outputKmsKeyId could not be read \(SageMaker\.DescribeTrainingJob: AccessDenied\)/, resource: job({}, { errors: { outputKmsKeyId: accessDenied('SageMaker.DescribeTrainingJob') } }) },
  ],
});
