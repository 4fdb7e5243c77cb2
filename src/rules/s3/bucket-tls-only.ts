import { principalEntries, isAnyonePrincipal, statementCoversAction, statementCoversResource } from '../../analysis/resource-policy.js';
import type { PolicyStatement } from '../../model/policy-document.js';
import { defineRule, fail, pass } from '../rule.js';

/** A Deny to everyone when `aws:SecureTransport` is false. */
function deniesInsecureTransport(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Deny') return false;
  if (!principalEntries(statement.Principal).some(isAnyonePrincipal)) return false;
  return Object.entries(statement.Condition ?? {}).some(
    ([operator, entries]) =>
      /^Bool(IfExists)?$/i.test(operator) &&
      Object.entries(entries).some(([key, value]) => key.toLowerCase() === 'aws:securetransport' && String(value).toLowerCase() === 'false'),
  );
}

export default defineRule({
  id: 's3-bucket-tls-only',
  title: 'S3 bucket policies deny requests without TLS',
  severity: 'medium',
  resourceType: 'aws.s3.bucket',
  needs: ['policy'],
  description:
    'The bucket policy has a Deny for every principal when `aws:SecureTransport` is `false`, covering all S3 actions on the bucket and on its objects.',
  rationale: 'Without it, clients may read and write model data over plain HTTP.',
  remediation:
    'Terraform: add to `aws_s3_bucket_policy` a statement `Effect = "Deny"`, `Principal = "*"`, `Action = "s3:*"`, `Resource = [bucket ARN, "${bucket ARN}/*"]`, `Condition = { Bool = { "aws:SecureTransport" = "false" } }`.',
  references: {
    fsbp: ['S3.5'],
    prowler: ['s3_bucket_secure_transport_policy'],
    docs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit'],
  },
  check(bucket) {
    const policy = bucket.data.policy;
    if (policy === null) return fail('the bucket has no policy, so nothing denies plain-HTTP requests', { path: 'data.policy' });
    const objectArn = `${bucket.arn}/example-object`;
    const covering = policy.Statement.map((statement, index) => ({ statement, index })).filter(
      ({ statement }) =>
        deniesInsecureTransport(statement) &&
        statementCoversAction(statement, 's3:GetObject') &&
        statementCoversAction(statement, 's3:PutObject') &&
        statementCoversAction(statement, 's3:ListBucket') &&
        statementCoversResource(statement, bucket.arn) &&
        statementCoversResource(statement, objectArn),
    );
    if (covering.length > 0) {
      return pass('a Deny on aws:SecureTransport=false covers the bucket and its objects', {
        path: `data.policy.Statement[${covering[0]?.index}]`,
      });
    }
    const partial = policy.Statement.findIndex(deniesInsecureTransport);
    return fail(
      partial >= 0
        ? `statement #${partial} denies insecure transport but does not cover all actions on the bucket and its objects`
        : 'no statement denies requests with aws:SecureTransport=false',
      { path: partial >= 0 ? `data.policy.Statement[${partial}]` : 'data.policy' },
    );
  },
});
